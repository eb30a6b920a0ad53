package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What was learned late about an instant T: the picture known at T ({@link AsOf#knownAt}: from the
 * processor's checkpoints when the {@code AsOf} reads them) and the picture of the edits made by
 * T (event time, among those received by a horizon; from the raw topic's start, since the edit that set a field may
 * be any of them, and a checkpoint keeps states, not who set what) compared by incident and field ({@link PictureDiff}),
 * each differing field with the edit that gave it its event-time value and how late that edit arrived:
 * its append time minus its own timestamp ({@code late_by_s}) and minus T ({@code after_instant_s}).
 *
 * <p>The edit is the last one, in the event-time replay, whose version changed that field (a deletion
 * changes every field to absent). It was appended after T when an edit made by T arrived late; at or
 * before T ({@code after_instant_s <= 0}) when the difference comes from the other side: an edit known
 * at T but stamped after it (a device clock running ahead). A field of an incident the event-time picture
 * lacks altogether (no edit stamped by T) has no such edit: {@code null}.
 */
public final class LearnedLate {

    /** The differing incidents, one line each (see {@link PictureDiff}), and the two computations they come from. */
    public record Result(List<ObjectNode> lines, SortedMap<String, ReconciledIncident> knownAt,
                         SortedMap<String, ReconciledIncident> eventTime, AsOf.Result known, AsOf.Result made) {
    }

    private final AsOf asOf;

    public LearnedLate(AsOf asOf) {
        this.asOf = asOf;
    }

    public Result at(String rawTopic, Instant at, Instant horizon, ViewerFilter filter) {
        AsOf.Result known = asOf.knownAt(rawTopic, at);
        Setters setters = new Setters();
        AsOf.Result made = asOf.fromStart().eventTime(rawTopic, at, horizon, setters); // every edit's setter: none hidden in a checkpoint
        SortedMap<String, ReconciledIncident> knownAt = filter.visible(known.lastVersions());
        SortedMap<String, ReconciledIncident> eventTime = filter.visible(made.lastVersions());
        List<ObjectNode> lines = PictureDiff.between(knownAt, eventTime, "known_at", "event_time");
        for (ObjectNode line : lines) {
            String id = line.get("incident_id").asString();
            // an incident the viewer cannot see at event time is not the work of the edit that last changed a field
            byte[] last = made.lastVersions().get(id);
            boolean hidden = !eventTime.containsKey(id) && last != null
                    && ReconciledIncident.fromJson(last).reconciliation().diffType() != DiffType.DELETE;
            line.get("fields").propertyNames().forEach(field -> {
                Setter setter = hidden ? null : setters.of(id, field);
                ((ObjectNode) line.get("fields").get(field)).set("edit", setter == null ? JsonNodeFactory.instance.nullNode() : setter.describe(at));
            });
        }
        return new Result(lines, knownAt, eventTime, known, made);
    }

    /** An edit that set a field, and when its raw record was appended. */
    private record Setter(NormalizedEdit edit, Instant appendedAt) {

        ObjectNode describe(Instant at) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("agency", edit.edit().agencyId());
            node.put("timestamp", TelemetryCodec.formatTimestamp(edit.edit().timestamp()));
            node.put("appended_at", TelemetryCodec.formatTimestamp(appendedAt));
            node.set("late_by_s", seconds(Duration.between(edit.edit().timestamp(), appendedAt)));
            node.set("after_instant_s", seconds(Duration.between(at, appendedAt)));
            SourcePosition source = edit.source();
            node.put("source", source.topic() + "/" + source.partition() + "/" + source.offset());
            return node;
        }

        /** Whole seconds as an integer, else to the millisecond. */
        private static JsonNode seconds(Duration d) {
            long millis = d.toMillis();
            return millis % 1000 == 0 ? JsonNodeFactory.instance.numberNode(millis / 1000) : JsonNodeFactory.instance.numberNode(millis / 1000.0);
        }
    }

    /** Follows the event-time replay: for every incident, the fields of its last version and the edit that last changed each. */
    private static final class Setters implements AsOf.Applied {

        private final Map<String, SortedMap<String, JsonNode>> lastFields = new HashMap<>();
        private final Map<String, Map<String, Setter>> setters = new HashMap<>();

        @Override
        public void applied(NormalizedEdit edit, Instant appendedAt, Reconciler.Applied emitted) {
            if (emitted.reconciled() == null) {
                return;
            }
            ReconciledIncident version = ReconciledIncident.fromJson(emitted.reconciled());
            SortedMap<String, JsonNode> now = version.reconciliation().diffType() == DiffType.DELETE
                    ? new TreeMap<>() : PictureDiff.fields(version);
            SortedMap<String, JsonNode> was = lastFields.getOrDefault(edit.incidentId(), new TreeMap<>());
            TreeSet<String> names = new TreeSet<>(was.keySet());
            names.addAll(now.keySet());
            Map<String, Setter> bySetter = setters.computeIfAbsent(edit.incidentId(), id -> new HashMap<>());
            for (String name : names) {
                if (!Objects.equals(was.get(name), now.get(name))) {
                    bySetter.put(name, new Setter(edit, appendedAt));
                }
            }
            lastFields.put(edit.incidentId(), now);
        }

        Setter of(String incident, String field) {
            return setters.getOrDefault(incident, Map.of()).get(field);
        }
    }
}
