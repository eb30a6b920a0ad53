package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.spill.ExternalSort;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.Reconciler;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
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

    /**
     * The differing incidents, one line each (see {@link PictureDiff}), in incident order; the geometry each
     * is shown with in GeoJSON (at event time, else known at T); and the two computations they come from
     * (closed: their counts remain).
     */
    public record Result(List<ObjectNode> lines, SortedMap<String, JsonNode> geometries, AsOf.Result known, AsOf.Result made) {
    }

    private final AsOf asOf;

    public LearnedLate(AsOf asOf) {
        this.asOf = asOf;
    }

    /**
     * Both pictures and the edits that set each field go to disk past a third of the memory bound each, and
     * are merge-joined in incident order: what is held is one incident of each, and the differing lines.
     */
    public Result at(String rawTopic, Instant at, Instant horizon, ViewerFilter filter) {
        AsOf third = asOf.sharing(3);
        List<ObjectNode> lines = new ArrayList<>();
        SortedMap<String, JsonNode> geometries = new TreeMap<>();
        try (AsOf.Result known = third.knownAt(rawTopic, at); Setters setters = new Setters(at, third.spill());
             AsOf.Result made = third.fromStart().eventTime(rawTopic, at, horizon, setters)) { // every edit's setter: none hidden in a checkpoint
            ById<ReconciledIncident> k = ById.of(known.versions(), ReconciledIncident::fromJson);
            ById<ReconciledIncident> m = ById.of(made.versions(), ReconciledIncident::fromJson);
            ById<ObjectNode> set = setters.inOrder();
            for (String id = ById.first(k, m, set); id != null; id = ById.first(k, m, set)) {
                ReconciledIncident knownAt = shown(k.take(id), filter);
                ReconciledIncident last = m.take(id);
                ReconciledIncident eventTime = shown(last, filter);
                ObjectNode bySetter = set.take(id);
                ObjectNode line = PictureDiff.line(id, knownAt, eventTime, "known_at", "event_time");
                if (line == null) {
                    continue;
                }
                // an incident the viewer cannot see at event time is not the work of the edit that last changed a field
                boolean hidden = eventTime == null && last != null && last.reconciliation().diffType() != DiffType.DELETE;
                line.get("fields").propertyNames().forEach(field -> {
                    JsonNode setter = hidden || bySetter == null ? null : bySetter.get(field);
                    ((ObjectNode) line.get("fields").get(field)).set("edit", setter == null ? JsonNodeFactory.instance.nullNode() : setter);
                });
                lines.add(line);
                JsonNode geometry = (eventTime != null ? eventTime : knownAt).geometry();
                geometries.put(id, geometry == null ? JsonNodeFactory.instance.nullNode() : geometry);
            }
            return new Result(lines, geometries, known, made);
        }
    }

    /** The version as the viewer sees the picture: null when deleted, absent or not visible. */
    private static ReconciledIncident shown(ReconciledIncident version, ViewerFilter filter) {
        return version == null || version.reconciliation().diffType() == DiffType.DELETE || !filter.canSee(version) ? null : version;
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

    /**
     * Follows the event-time replay, which goes an incident at a time: for each incident being replayed, the
     * fields of its last version and the edit that last changed each; when the incident is done, the latter,
     * described, go to an external sort by incident ({@link ExternalSort}), so only the incidents in progress
     * are held.
     */
    private static final class Setters implements AsOf.Applied, AutoCloseable {

        private final Instant at;
        private final ExternalSort done;
        private final Map<String, SortedMap<String, JsonNode>> lastFields = new HashMap<>();
        private final Map<String, ObjectNode> setters = new HashMap<>();

        Setters(Instant at, Spill spill) {
            this.at = at;
            this.done = new ExternalSort(spill.memoryBytes(), spill.directory());
        }

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
            ObjectNode bySetter = setters.computeIfAbsent(edit.incidentId(), id -> JsonNodeFactory.instance.objectNode());
            for (String name : names) {
                if (!Objects.equals(was.get(name), now.get(name))) {
                    bySetter.set(name, new Setter(edit, appendedAt).describe(at));
                }
            }
            lastFields.put(edit.incidentId(), now);
        }

        @Override
        public void incidentDone(String incidentId) {
            lastFields.remove(incidentId);
            ObjectNode bySetter = setters.remove(incidentId);
            if (bySetter != null) {
                byte[] id = incidentId.getBytes(StandardCharsets.UTF_8);
                byte[] json = ContractJson.mapper().writeValueAsBytes(bySetter);
                byte[] item = Arrays.copyOf(id, id.length + 1 + json.length); // the id, a 0 (ids are ASCII without it), the fields
                System.arraycopy(json, 0, item, id.length + 1, json.length);
                done.add(item);
            }
        }

        /** Incident -> field -> the edit that last changed it, described; in incident order. */
        ById<ObjectNode> inOrder() {
            Iterable<byte[]> items = done::sorted;
            return new ById<>(StreamSupport.stream(items.spliterator(), false).map(item -> {
                int end = 0;
                while (item[end] != 0) {
                    end++;
                }
                return Map.entry(new String(item, 0, end, StandardCharsets.UTF_8),
                        (ObjectNode) ContractJson.mapper().readTree(Arrays.copyOfRange(item, end + 1, item.length)));
            }).iterator());
        }

        @Override
        public void close() {
            done.close();
        }
    }
}
