package io.incidentfeeds.afteraction.report;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lines of {@code as-of --learned-late} ({@code LearnedLate}) as table rows, one per differing
 * field: incident, change, field, its value known at T and done by T, the edit that gave the latter
 * (agency, own timestamp, append time, raw position) and its two latenesses.
 */
final class LearnedLateRows {

    private LearnedLateRows() {
    }

    static List<List<String>> of(ReportContent.LearnedLateAt late) {
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode line : late.lines()) {
            JsonNode fields = line.get("fields");
            for (String name : fields.propertyNames()) {
                JsonNode f = fields.get(name);
                JsonNode edit = f.get("edit");
                boolean none = edit == null || edit.isNull();
                rows.add(List.of(line.get("incident_id").asString(), line.get("change").asString(), name, f.get("known_at").toString(),
                        f.get("event_time").toString(),
                        none ? "" : edit.get("agency").asString() + " stamped " + edit.get("timestamp").asString() + ", appended "
                                + edit.get("appended_at").asString() + " (" + edit.get("source").asString() + ")",
                        none ? "" : edit.get("late_by_s").toString(), none ? "" : edit.get("after_instant_s").toString()));
            }
        }
        return rows;
    }
}
