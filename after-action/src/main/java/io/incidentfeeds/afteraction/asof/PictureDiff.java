package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
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

    /**
     * One line per incident that differs, in incident order, to {@code lines}: a merge-join of two pictures
     * given in incident id order (deleted and unseen incidents left out), holding one incident of each at a
     * time; each changed field's two values named {@code beforeName} and {@code afterName}. How many differ.
     */
    public static long between(Iterator<? extends Map.Entry<String, ReconciledIncident>> before,
                               Iterator<? extends Map.Entry<String, ReconciledIncident>> after,
                               String beforeName, String afterName, Consumer<ObjectNode> lines) {
        ById<ReconciledIncident> b = new ById<>(before);
        ById<ReconciledIncident> a = new ById<>(after);
        long differ = 0;
        for (String id = ById.first(b, a); id != null; id = ById.first(b, a)) {
            ObjectNode line = line(id, b.take(id), a.take(id), beforeName, afterName);
            if (line != null) {
                lines.accept(line);
                differ++;
            }
        }
        return differ;
    }

    /** An incident's line: each field that differs between its two versions (null: absent), or null when none does. */
    static ObjectNode line(String id, ReconciledIncident before, ReconciledIncident after, String beforeName, String afterName) {
        SortedMap<String, JsonNode> b = fields(before);
        SortedMap<String, JsonNode> a = fields(after);
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
        if (changed.isEmpty()) {
            return null;
        }
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("incident_id", id);
        line.put("change", before == null ? "appeared" : after == null ? "disappeared" : "changed");
        line.set("fields", changed);
        return line;
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
