package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.TopicNames;
import io.incidentfeeds.afteraction.read.Window;
import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.MqttTopic;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Every record of the four topics appended within a window, in one order ({@link Event#ORDER}), through
 * the viewer's access filter and the content filters. Versions come from the topic given (the
 * history, which holds every version; the compacted reconciled topic only when there is no history). Raw edits go through the processing core's
 * validation and normalization, which gives them the geometry the processor reconciled (and the
 * reason it refused them, if it did).
 *
 * <p>Held in memory, sorted at the end: the heap grows with the window (spilling to disk is not built).
 */
public final class Timeline {

    /** The events, and how many records were read to find them. */
    public record Result(List<Event> events, long recordsRead) {
    }

    private final KafkaSource source;
    private final TopicNames topics;
    private final String versionsTopic;
    private final RawEdits rawEdits;

    /** {@code versionsTopic}: {@code topics.history()}, or {@code topics.reconciled()} where there is no history. */
    public Timeline(KafkaSource source, TopicNames topics, String versionsTopic, RawEdits rawEdits) {
        this.source = source;
        this.topics = topics;
        this.versionsTopic = versionsTopic;
        this.rawEdits = rawEdits;
    }

    public Result read(Window window, Filter filter, ViewerFilter viewer) {
        List<Event> all = new ArrayList<>();
        long[] read = {0};
        source.read(topics.raw(), window.from(), window.to(), r -> {
            read[0]++;
            all.add(edit(r));
        });
        source.read(topics.dlq(), window.from(), window.to(), r -> {
            read[0]++;
            all.add(deadLetter(r));
        });
        source.read(versionsTopic, window.from(), window.to(), r -> {
            read[0]++;
            if (r.value() != null) { // null: a deleted incident forgotten after the tombstone retention
                all.add(version(r));
            }
        });
        source.read(topics.conflicts(), window.from(), window.to(), r -> {
            read[0]++;
            all.add(conflict(r));
        });
        all.sort(Event.ORDER);
        Map<String, ReconciledIncident> current = new HashMap<>();
        List<Event> kept = new ArrayList<>();
        for (Event e : all) {
            ReconciledIncident now = e.incidentId() == null ? null : current.get(e.incidentId());
            if (e.kind() == Event.Kind.VERSION) {
                current.put(e.incidentId(), e.version());
                now = e.version();
            }
            boolean visible = switch (e.kind()) {
                case EDIT, DEAD_LETTER -> viewer.canSeeSubmission(e.agency(), now);
                case VERSION -> viewer.canSee(e.version());
                case CONFLICT -> viewer.canSeeConflict(e.conflict(), now);
            };
            if (visible && filter.accepts(e, now)) {
                kept.add(e);
            }
        }
        return new Result(kept, read[0]);
    }

    private Event edit(ConsumerRecord<byte[], byte[]> r) {
        String mqttTopic = RawEdits.header(r, MqttHeaders.TOPIC);
        Optional<MqttTopic> sender = mqttTopic == null ? Optional.empty() : MqttTopic.parse(mqttTopic);
        RawEdits.Outcome outcome = rawEdits.process(r);
        JsonNode payload = json(r.value());
        if (outcome.edit() != null) {
            var edit = outcome.edit();
            return new Event(r.timestamp(), Event.Kind.EDIT, r.topic(), r.partition(), r.offset(), edit.incidentId(),
                    edit.edit().agencyId(), mqttTopic, edit.edit().incidentType(), TelemetryCodec.formatTimestamp(edit.edit().timestamp()),
                    null, null, edit.geometry(), edit.bbox(), payload, null, null, List.of());
        }
        return new Event(r.timestamp(), Event.Kind.EDIT, r.topic(), r.partition(), r.offset(), RawRecordKey.incidentIdOf(r.value()),
                sender.map(MqttTopic::agencyId).orElse(null), mqttTopic, sender.map(MqttTopic::incidentType).orElse(null),
                sentTimestamp(payload), outcome.rejection().reason().name(), outcome.rejection().detail(), null, List.of(), payload,
                null, null, List.of());
    }

    private static Event deadLetter(ConsumerRecord<byte[], byte[]> r) {
        String mqttTopic = RawEdits.header(r, MqttHeaders.TOPIC);
        Optional<MqttTopic> sender = mqttTopic == null ? Optional.empty() : MqttTopic.parse(mqttTopic);
        JsonNode payload = json(r.value());
        String source = RawEdits.header(r, DlqHeaders.SOURCE_TOPIC) + "/" + RawEdits.header(r, DlqHeaders.SOURCE_PARTITION) + "/"
                + RawEdits.header(r, DlqHeaders.SOURCE_OFFSET);
        String detail = RawEdits.header(r, DlqHeaders.DETAIL);
        return new Event(r.timestamp(), Event.Kind.DEAD_LETTER, r.topic(), r.partition(), r.offset(), RawRecordKey.incidentIdOf(r.value()),
                sender.map(MqttTopic::agencyId).orElse(null), mqttTopic, sender.map(MqttTopic::incidentType).orElse(null),
                sentTimestamp(payload), RawEdits.header(r, DlqHeaders.REASON),
                detail + " (raw record " + source + ", failed at " + RawEdits.header(r, DlqHeaders.FAILED_AT) + ")",
                null, List.of(), payload, null, null, List.of());
    }

    private static Event version(ConsumerRecord<byte[], byte[]> r) {
        ReconciledIncident v = ReconciledIncident.fromJson(r.value());
        var rec = v.reconciliation();
        List<Double> bbox = v.bbox() == null ? List.of() : java.util.Arrays.stream(v.bbox()).boxed().toList();
        return new Event(r.timestamp(), Event.Kind.VERSION, r.topic(), r.partition(), r.offset(), v.id(), null, null,
                v.property("incident_type"), rec.eventTime() == null ? null : TelemetryCodec.formatTimestamp(rec.eventTime()),
                null, null, v.geometry(), bbox, json(r.value()), v, null, rec.agencies() == null ? List.of() : rec.agencies());
    }

    private static Event conflict(ConsumerRecord<byte[], byte[]> r) {
        ConflictRecord c = ConflictRecord.fromJson(r.value());
        List<String> competing = c.competing() == null ? List.of() : c.competing().stream().map(CompetingValue::agencyId).toList();
        return new Event(r.timestamp(), Event.Kind.CONFLICT, r.topic(), r.partition(), r.offset(), c.incidentId(), null, null, null,
                c.eventTime() == null ? null : TelemetryCodec.formatTimestamp(c.eventTime()), null, null, null, List.of(),
                json(r.value()), null, c, competing);
    }

    private static JsonNode json(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return ContractJson.mapper().readTree(value);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String sentTimestamp(JsonNode payload) {
        JsonNode t = payload == null ? null : payload.path("properties").path("timestamp");
        return t != null && t.isString() ? t.asString() : null;
    }
}
