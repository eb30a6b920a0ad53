package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad records, one kind for each dead-letter reason the processor can give telemetry (all but
 * INTERNAL_ERROR, which is the processor's own failure). Each breaks exactly one rule, so that the
 * expected reason is unambiguous under the processor's order of checks.
 */
final class BadRecords {

    static final List<DlqReason> REASONS = List.of(
            DlqReason.PAYLOAD_TOO_LARGE, DlqReason.MALFORMED_JSON, DlqReason.SCHEMA_VIOLATION,
            DlqReason.AGENCY_MISMATCH, DlqReason.TYPE_MISMATCH, DlqReason.TIMESTAMP_OUT_OF_RANGE,
            DlqReason.UNSUPPORTED_CRS, DlqReason.COORDINATE_OUT_OF_RANGE, DlqReason.INVALID_GEOMETRY,
            DlqReason.CLOCK_INVALID);

    private BadRecords() {
    }

    /**
     * A bad record for {@code reason}, sent by {@code agency} at {@code now} about a throw-away
     * incident (ids {@code BAD-...} never collide with real incidents).
     */
    static SimulatedMessage of(DlqReason reason, Agency agency, Agency other, String incidentId, Instant now) {
        String type = agency.incidentTypes().get(0);
        String topic = "incident/" + agency.id() + "/" + type + "/telemetry";
        ObjectNode feature = ContractJson.mapper().createObjectNode();
        feature.put("type", "Feature");
        feature.set("geometry", Shapes.point(new double[] {agency.homeLon(), agency.homeLat()}, false));
        ObjectNode props = feature.putObject("properties");
        props.put("incident_id", incidentId);
        props.put("agency_id", agency.id());
        props.put("status", "active");
        props.put("timestamp", now.toString());
        props.put("sequence_number", 1);
        byte[] payload = switch (reason) {
            case PAYLOAD_TOO_LARGE -> {
                props.put("description", "x".repeat(300 * 1024));
                yield bytes(feature);
            }
            case MALFORMED_JSON -> {
                byte[] whole = bytes(feature);
                yield java.util.Arrays.copyOf(whole, whole.length / 2);
            }
            case SCHEMA_VIOLATION -> {
                props.put("status", "open");
                yield bytes(feature);
            }
            case AGENCY_MISMATCH -> {
                props.put("agency_id", other.id());
                yield bytes(feature);
            }
            case TYPE_MISMATCH -> {
                props.put("incident_type", type.equals("police") ? "fire" : "police");
                yield bytes(feature);
            }
            case TIMESTAMP_OUT_OF_RANGE -> {
                props.put("timestamp", now.plus(Duration.ofDays(3)).toString());
                yield bytes(feature);
            }
            case UNSUPPORTED_CRS -> {
                feature.put("crs", "EPSG:999999");
                yield bytes(feature);
            }
            case COORDINATE_OUT_OF_RANGE -> {
                feature.set("geometry", Shapes.point(new double[] {agency.homeLon(), 97.5}, false));
                yield bytes(feature);
            }
            case INVALID_GEOMETRY -> {
                // A ring whose points all lie on one line has no area: no repair can make it a polygon.
                ObjectNode polygon = ContractJson.mapper().createObjectNode();
                polygon.put("type", "Polygon");
                var ring = polygon.putArray("coordinates").addArray();
                double lon = agency.homeLon();
                double lat = agency.homeLat();
                for (double[] p : new double[][] {{lon, lat}, {lon + 0.001, lat + 0.001}, {lon + 0.002, lat + 0.002}, {lon, lat}}) {
                    ring.addArray().add(p[0]).add(p[1]);
                }
                feature.set("geometry", polygon);
                yield bytes(feature);
            }
            case CLOCK_INVALID -> {
                props.putObject("clock").put(agency.id(), 2);
                yield bytes(feature);
            }
            default -> throw new IllegalArgumentException("the simulator does not make " + reason);
        };
        return new SimulatedMessage(topic, payload, SimulatedMessage.Kind.BAD, reason, incidentId, null);
    }

    private static byte[] bytes(ObjectNode feature) {
        return ContractJson.mapper().writeValueAsString(feature).getBytes(StandardCharsets.UTF_8);
    }
}
