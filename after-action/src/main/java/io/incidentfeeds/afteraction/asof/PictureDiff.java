package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two pictures compared by incident and field: each incident that appeared, disappeared (deleted, or
 * not yet known) or changed, with the before and after value of every field that changed. The fields
 * are every property, the geometry, the contributing agencies, the jurisdictions and the fields in
 * conflict; version numbers, event times and clocks are how a state came to be, not the state.
 */
public final class PictureDiff {

    private PictureDiff() {
    }

    /** One line per incident that differs, in incident order; each changed field's values named {@code before} and {@code after}. */
    public static List<ObjectNode> between(Map<String, ReconciledIncident> before, Map<String, ReconciledIncident> after) {
        return between(before, after, "before", "after");
    }

    /** As {@link #between(Map, Map)}, with each changed field's two values named {@code beforeName} and {@code afterName}. */
    public static List<ObjectNode> between(Map<String, ReconciledIncident> before, Map<String, ReconciledIncident> after,
                                           String beforeName, String afterName) {
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<ObjectNode> lines = new ArrayList<>();
        for (String id : ids) {
            SortedMap<String, JsonNode> b = fields(before.get(id));
            SortedMap<String, JsonNode> a = fields(after.get(id));
            ObjectNode changed = JsonNodeFactory.instance.objectNode();
            TreeSet<String> names = new TreeSet<>(b.keySet());
            names.addAll(a.keySet());
            for (String name : names) {
                JsonNode was = b.get(name);
                JsonNode is = a.get(name);
                if (was == null ? is != null : !was.equals(is)) {
                    ObjectNode change = changed.putObject(name);
                    change.set(beforeName, was == null ? JsonNodeFactory.instance.nullNode() : was);
                    change.set(afterName, is == null ? JsonNodeFactory.instance.nullNode() : is);
                }
            }
            if (!changed.isEmpty()) {
                ObjectNode line = JsonNodeFactory.instance.objectNode();
                line.put("incident_id", id);
                line.put("change", !before.containsKey(id) ? "appeared" : !after.containsKey(id) ? "disappeared" : "changed");
                line.set("fields", changed);
                lines.add(line);
            }
        }
        return lines;
    }

    /** The fields compared, by name ({@code properties.status}, {@code geometry}, ...); none for null. */
    public static SortedMap<String, JsonNode> fields(ReconciledIncident incident) {
        SortedMap<String, JsonNode> fields = new TreeMap<>();
        if (incident == null) {
            return fields;
        }
        incident.properties().forEach((name, value) -> fields.put("properties." + name, value));
        if (incident.geometry() != null) {
            fields.put("geometry", incident.geometry());
        }
        var rec = incident.reconciliation();
        fields.put("agencies", strings(rec.agencies()));
        fields.put("jurisdictions", strings(rec.jurisdictions()));
        fields.put("conflicts", strings(rec.conflicts() == null ? List.of() : rec.conflicts().stream().map(ConflictSummary::field).distinct().toList()));
        return fields;
    }

    private static JsonNode strings(List<String> values) {
        var array = JsonNodeFactory.instance.arrayNode();
        if (values != null) {
            values.forEach(array::add);
        }
        return array;
    }
}
