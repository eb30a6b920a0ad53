package io.incidentfeeds.simulator.scenario;

import java.util.List;

/**
 * An agency that publishes telemetry: its id (the MQTT topic's agency), the incident types it
 * reports, where its units start from, and whether it is a legacy sender that publishes Web
 * Mercator (EPSG:3857) coordinates with a {@code crs} member.
 */
public record Agency(String id, String name, List<String> incidentTypes, double homeLon, double homeLat,
                     boolean legacyMercator) {

    /** The agencies of the default scenario: one area, five agencies, one of them across the county line. */
    public static List<Agency> bayArea() {
        return List.of(
                new Agency("sffd", "San Francisco Fire Department", List.of("fire", "hazmat", "medical"), -122.4194, 37.7749, false),
                new Agency("sf-ems", "San Francisco EMS", List.of("medical"), -122.4040, 37.7850, false),
                new Agency("sfpd", "San Francisco Police", List.of("police", "traffic"), -122.4330, 37.7600, false),
                new Agency("sfpw", "San Francisco Public Works", List.of("closure"), -122.3990, 37.7520, true),
                new Agency("smcfire", "San Mateo County Fire (neighbouring county)", List.of("fire", "medical"), -122.4200, 37.6900, false));
    }
}
