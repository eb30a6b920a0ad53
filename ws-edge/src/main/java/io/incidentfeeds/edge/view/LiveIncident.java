package io.incidentfeeds.edge.view;

import io.incidentfeeds.access.IncidentFacts;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One version of one live incident as the edge's view keeps it: the record of incidents.reconciled
 * as its bytes (every session that receives it gets these) and the few fields that filters and the
 * access policy look at. Immutable, so the view, the change log and pending outbound messages share it.
 * Not the stream processor's stored reconciliation state: this is what consoles are shown.
 *
 * @param id            incident id
 * @param json          the reconciled record as contract JSON
 * @param agencies      contributing agencies
 * @param jurisdictions jurisdictions its geometry intersects
 * @param incidentType  the incident_type property (null when absent)
 * @param status        the status property (null when absent)
 * @param severity      the severity property (null when absent)
 * @param bbox          [west, south, east, north], null without geometry
 * @param hasConflicts  reconciliation.conflicts is not empty
 * @param deleted       this version removes the incident from the live view
 * @param version       reconciliation.version
 * @param partition     partition of incidents.reconciled it was read from
 * @param offset        its offset there
 * @param appendTime    the record's timestamp (ms since the epoch)
 * @param eventTime     reconciliation.event_time, the time of the edit that made this version (null when absent or not RFC 3339)
 */
public record LiveIncident(
        String id,
        String json,
        List<String> agencies,
        List<String> jurisdictions,
        String incidentType,
        String status,
        String severity,
        double[] bbox,
        boolean hasConflicts,
        boolean deleted,
        long version,
        int partition,
        long offset,
        long appendTime,
        Instant eventTime) implements IncidentFacts {

    /**
     * Reads a record value of incidents.reconciled; throws on anything that is not a reconciled
     * incident. The record's own bytes are what consoles get (the processor wrote them with the
     * contract's mapper): parsing them into a tree for the few fields the edge looks at costs a
     * fraction of binding the whole record and writing it again, and this runs once per record on
     * the one thread that feeds the view.
     */
    public static LiveIncident fromRecord(byte[] value, int partition, long offset, long appendTime) {
        JsonNode root = ContractJson.mapper().readTree(value);
        JsonNode rec = root.path("reconciliation");
        JsonNode properties = root.path("properties");
        String diffType = rec.path("diff_type").asString("");
        if (!"Feature".equals(root.path("type").asString("")) || !root.path("id").isString()
                || !properties.isObject() || !rec.isObject() || !rec.path("version").isIntegralNumber()
                || WireEnum.fromWire(DiffType.class, diffType).isEmpty()) {
            throw new IllegalArgumentException("not a reconciled incident: a Feature with id, properties and "
                    + "reconciliation (version, diff_type) is required");
        }
        return new LiveIncident(
                root.path("id").asString(),
                new String(value, StandardCharsets.UTF_8),
                strings(rec.path("agencies")),
                strings(rec.path("jurisdictions")),
                text(properties.path("incident_type")),
                text(properties.path("status")),
                text(properties.path("severity")),
                bbox(root.path("bbox")),
                rec.path("conflicts").isArray() && !rec.path("conflicts").isEmpty(),
                DiffType.DELETE.wire().equals(diffType),
                rec.path("version").asLong(),
                partition,
                offset,
                appendTime,
                instant(rec.path("event_time")));
    }

    private static List<String> strings(JsonNode array) {
        return array.isArray() ? array.valueStream().map(JsonNode::asString).toList() : List.of();
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static Instant instant(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double[] bbox(JsonNode array) {
        if (!array.isArray() || (array.size() != 4 && array.size() != 6)) {
            return null;
        }
        double[] box = new double[array.size()];
        for (int i = 0; i < box.length; i++) {
            box[i] = array.get(i).asDouble();
        }
        return box;
    }

    /** Severe or critical: belongs on the alerts channel. */
    public boolean isAlert() {
        return "severe".equals(severity) || "critical".equals(severity);
    }
}
