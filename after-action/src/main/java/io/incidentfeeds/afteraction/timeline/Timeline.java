package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.afteraction.access.ViewerFilter;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.TopicNames;
import io.incidentfeeds.afteraction.read.Window;
import io.incidentfeeds.afteraction.replay.RawEdits;
import io.incidentfeeds.afteraction.spill.ExternalSort;
import io.incidentfeeds.afteraction.spill.Spill;
import io.incidentfeeds.afteraction.spill.Spool;
import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import io.incidentfeeds.schemas.json.StreamedJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import io.incidentfeeds.schemas.topics.MqttTopic;
import io.incidentfeeds.schemas.topics.RawRecordKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/**
 * Every record of the four topics appended within a window, in one order ({@link Event#ORDER}), through
 * the viewer's access filter and the content filters. Versions come from the topic given (the
 * history, which holds every version; the compacted reconciled topic only when there is no history). Raw edits go through the processing core's
 * validation and normalization, which gives them the geometry the processor reconciled (and the
 * reason it refused them, if it did).
 *
 * <p>Each topic's partitions are read in parallel ({@link KafkaSource}); every record, encoded
 * ({@link EventCodec}), goes to an {@link ExternalSort} bounded by half the memory allowed, which
 * spills sorted runs to disk past it; the merged order is then filtered, as one stream, each event
 * decoded once. The time_end of GeoJSON needs the next event of the same succession, so for it each
 * kept event is rendered but for its time_end ({@link EndedSink#head}) and spooled in order (a
 * {@link Spool}, the other half of the memory: no second sort, no second decoding), then finished in
 * a second pass, 8 bytes of each held for its time_end. Held beside them: each incident's latest version, only when the viewer's filter or a
 * {@code --type} or {@code --bbox} filter decides by it (the incidents' count, not the window's).
 */
public final class Timeline {

    /** The events, and how many records were read to find them. */
    public record Result(List<Event> events, long recordsRead) {
    }

    /** Told of every event kept, in order (its time_end 0: not computed). */
    @FunctionalInterface
    public interface Sink {
        void accept(Event event, long timeEnd);
    }

    /**
     * An output whose events need their time_end (the time of a later event), in two parts: {@link #head}, the
     * event as it is written but for its time_end, as the events are read; then, in order, each head with its
     * time_end in ms.
     */
    public interface EndedSink {
        byte[] head(Event event);

        void accept(byte[] head, long timeEnd);
    }

    private final KafkaSource source;
    private final TopicNames topics;
    private final String versionsTopic;
    private final RawEdits rawEdits;
    private final Spill spill;
    private volatile int spilledRuns;
    private long forgotten; // tombstones read by the last read: deleted incidents forgotten after the tombstone retention

    /** {@code versionsTopic}: {@code topics.history()}, or {@code topics.reconciled()} where there is no history. Everything in memory. */
    public Timeline(KafkaSource source, TopicNames topics, String versionsTopic, RawEdits rawEdits) {
        this(source, topics, versionsTopic, rawEdits, Spill.unbounded());
    }

    /** As {@link #Timeline(KafkaSource, TopicNames, String, RawEdits)}, spilling to disk past {@code spill}'s memory. */
    public Timeline(KafkaSource source, TopicNames topics, String versionsTopic, RawEdits rawEdits, Spill spill) {
        this.source = source;
        this.topics = topics;
        this.versionsTopic = versionsTopic;
        this.rawEdits = rawEdits;
        this.spill = spill;
    }

    /** The kept events in a list (a bounded window, or a few incidents: the list is in memory). */
    public Result read(Window window, Filter filter, ViewerFilter viewer) {
        List<Event> kept = new ArrayList<>();
        long read = read(window, filter, viewer, (e, end) -> kept.add(e));
        return new Result(kept, read);
    }

    /** Hands {@code sink} every kept event in order. Returns how many records were read. */
    public long read(Window window, Filter filter, ViewerFilter viewer, Sink sink) {
        try (ExternalSort all = sortedRecords(window)) {
            Iterator<byte[]> sorted = all.sorted();
            spilledRuns = all.runs();
            filter(sorted, filter, viewer, e -> sink.accept(e, 0));
            return all.count() + forgotten;
        }
    }

    /**
     * Hands {@code sink} every kept event in order, with its time_end: the time of the next version of the
     * incident for a version, of the sending agency's next edit of it with a geometry for such an edit, else the
     * window's end; a dead letter or conflict lasts an instant. Returns how many records were read.
     */
    public long read(Window window, Filter filter, ViewerFilter viewer, EndedSink sink) {
        try (ExternalSort all = sortedRecords(window)) {
            long read = all.count() + forgotten;
            try (Spool kept = new Spool(spill.share(2).memoryBytes(), spill.directory())) {
                long[][] ends = {new long[1024]};
                long[] count = {0};
                Map<String, Long> lastOfLane = new HashMap<>();
                Iterator<byte[]> sorted = all.sorted();
                filter(sorted, filter, viewer, e -> {
                    long i = count[0]++;
                    if (i == ends[0].length) {
                        ends[0] = Arrays.copyOf(ends[0], (int) Math.min(Integer.MAX_VALUE - 8, i * 2));
                    }
                    String lane = lane(e);
                    ends[0][(int) i] = lane == null ? e.appendTime() : window.to().toEpochMilli();
                    if (lane != null) {
                        Long previous = lastOfLane.put(lane, i);
                        if (previous != null) {
                            ends[0][previous.intValue()] = e.appendTime();
                        }
                    }
                    kept.add(sink.head(e));
                });
                Iterator<byte[]> inOrder = kept.inOrder();
                spilledRuns = all.runs() + kept.runs();
                for (int i = 0; inOrder.hasNext(); i++) {
                    sink.accept(inOrder.next(), ends[0][i]);
                }
            }
            return read;
        }
    }

    /** Every record of the four topics stamped within the window, encoded, in a sort (close it); the tombstones among them counted. */
    private ExternalSort sortedRecords(Window window) {
        ExternalSort all = new ExternalSort(spill.share(2).memoryBytes(), spill.directory());
        try {
            LongAdder tombstones = new LongAdder();
            readInto(all, topics.raw(), window, Event.Kind.EDIT, tombstones);
            readInto(all, topics.dlq(), window, Event.Kind.DEAD_LETTER, tombstones);
            readInto(all, versionsTopic, window, Event.Kind.VERSION, tombstones);
            readInto(all, topics.conflicts(), window, Event.Kind.CONFLICT, tombstones);
            forgotten = tombstones.sum();
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    /** Run files the last read wrote to disk (0: it sorted in memory). */
    public int spilledRuns() {
        return spilledRuns;
    }

    /** Which succession an event belongs to for its time_end: an incident's versions, an agency's edits of an incident. */
    static String lane(Event e) {
        if (e.incidentId() == null) {
            return null;
        }
        return switch (e.kind()) {
            case VERSION -> "v/" + e.incidentId();
            case EDIT -> e.geometry() == null ? null : "e/" + e.agency() + "/" + e.incidentId();
            default -> null;
        };
    }

    /** Every record of {@code topic} stamped within the window, encoded into {@code all}, its partitions read in parallel. */
    private void readInto(ExternalSort all, String topic, Window window, Event.Kind kind, LongAdder forgotten) {
        source.readPartitions(topic, window.from(), window.to(), partition -> r -> {
            switch (kind) {
                case EDIT -> all.add(EventCodec.encode(edit(r)));
                case DEAD_LETTER -> all.add(EventCodec.encode(deadLetter(r)));
                case VERSION, CONFLICT -> {
                    if (r.value() == null) { // a deleted incident forgotten after the tombstone retention
                        forgotten.increment();
                    } else if (kind == Event.Kind.VERSION) {
                        all.add(EventCodec.encode(RecordScan.version(r.timestamp(), r.topic(), r.partition(), r.offset(), r.value())));
                    } else {
                        all.add(EventCodec.encode(RecordScan.conflict(r.timestamp(), r.topic(), r.partition(), r.offset(), r.value())));
                    }
                }
            }
        });
    }

    /**
     * The sorted events, each decoded once, through the viewer's and the content filters; the kept ones to {@code kept}. A
     * version is decoded whole only when the viewer's filter or a {@code --type} or {@code --bbox} decides by it, a conflict
     * only for the viewer's.
     */
    private static void filter(Iterator<byte[]> sorted, Filter filter, ViewerFilter viewer, Consumer<Event> kept) {
        boolean byVersion = viewer.restricts() || filter.type() != null || filter.bbox() != null;
        Map<String, ReconciledIncident> current = new HashMap<>();
        while (sorted.hasNext()) {
            byte[] encoded = sorted.next();
            Event e = EventCodec.decode(encoded);
            ReconciledIncident now = e.incidentId() == null || !byVersion ? null : current.get(e.incidentId());
            if (e.kind() == Event.Kind.VERSION && byVersion) {
                now = e.version();
                if (filter.incident() == null || filter.incident().equals(e.incidentId())) {
                    current.put(e.incidentId(), now);
                }
            }
            boolean visible = !viewer.restricts() || switch (e.kind()) {
                case EDIT, DEAD_LETTER -> viewer.canSeeSubmission(e.agency(), now);
                case VERSION -> viewer.canSee(now);
                case CONFLICT -> viewer.canSeeConflict(e.conflict(), now);
            };
            if (visible && filter.accepts(e, now)) {
                kept.accept(e);
            }
        }
    }

    private Event edit(ConsumerRecord<byte[], byte[]> r) {
        String mqttTopic = RawEdits.header(r, MqttHeaders.TOPIC);
        Optional<MqttTopic> sender = mqttTopic == null ? Optional.empty() : MqttTopic.parse(mqttTopic);
        RawEdits.Outcome outcome = rawEdits.process(r);
        if (outcome.edit() != null) { // the columns from what validation read; the record as published (JSON: it was validated)
            var edit = outcome.edit();
            Telemetry t = edit.edit();
            return new Event(r.timestamp(), Event.Kind.EDIT, r.topic(), r.partition(), r.offset(), edit.incidentId(), t.agencyId(),
                    mqttTopic, t.incidentType(), TelemetryCodec.formatTimestamp(t.timestamp()), null, null, t.status().wire(),
                    t.severity() == null ? null : t.severity().wire(), null, null, null, geometry(edit.geometry()), edit.bbox(),
                    OneLine.of(r.value(), null), List.of());
        }
        RecordScan.Submission sent = RecordScan.submission(r.value());
        return new Event(r.timestamp(), Event.Kind.EDIT, r.topic(), r.partition(), r.offset(), RawRecordKey.incidentIdOf(r.value()),
                sender.map(MqttTopic::agencyId).orElse(null), mqttTopic, sender.map(MqttTopic::incidentType).orElse(null),
                sent.timestamp(), null, null, sent.status(), sent.severity(), null,
                outcome.rejection().reason().name(), outcome.rejection().detail(), null, List.of(), record(r.value(), sent), List.of());
    }

    /** A normalized geometry's JSON, doubles in their shortest form; null for none. */
    private static byte[] geometry(JsonNode geometry) {
        return geometry == null ? null : TimelineOutput.WRITER.writeValueAsBytes(StreamedJson.of(g -> GeoJsonGeometries.stream(geometry, g)));
    }

    /** The value as the event's record: its bytes on one line when it is JSON, else null. */
    private static byte[] record(byte[] value, RecordScan.Submission sent) {
        return sent.json() ? OneLine.of(value, null) : null;
    }

    private static Event deadLetter(ConsumerRecord<byte[], byte[]> r) {
        String mqttTopic = RawEdits.header(r, MqttHeaders.TOPIC);
        Optional<MqttTopic> sender = mqttTopic == null ? Optional.empty() : MqttTopic.parse(mqttTopic);
        RecordScan.Submission sent = RecordScan.submission(r.value());
        String source = RawEdits.header(r, DlqHeaders.SOURCE_TOPIC) + "/" + RawEdits.header(r, DlqHeaders.SOURCE_PARTITION) + "/"
                + RawEdits.header(r, DlqHeaders.SOURCE_OFFSET);
        String detail = RawEdits.header(r, DlqHeaders.DETAIL);
        return new Event(r.timestamp(), Event.Kind.DEAD_LETTER, r.topic(), r.partition(), r.offset(), RawRecordKey.incidentIdOf(r.value()),
                sender.map(MqttTopic::agencyId).orElse(null), mqttTopic, sender.map(MqttTopic::incidentType).orElse(null),
                sent.timestamp(), null, null, null, null, null, RawEdits.header(r, DlqHeaders.REASON),
                detail + " (raw record " + source + ", failed at " + RawEdits.header(r, DlqHeaders.FAILED_AT) + ")",
                null, List.of(), record(r.value(), sent), List.of());
    }
}
