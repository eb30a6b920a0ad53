package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.incidentfeeds.schemas.json.StreamedJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * A timeline written as NDJSON (one event per line, with its record), CSV (one row per event, the
 * same columns without the records), or GeoJSON: an RFC 7946 FeatureCollection, one Feature per event
 * (the geometry of an edit or version, null for the others), whose {@code time_start} and
 * {@code time_end} let QGIS's temporal controller animate it. {@code time_end} is the time of the
 * next version of the incident (for a version), of the sending agency's next edit of it with a geometry (for an edit with one),
 * or the window's end; a dead letter or conflict lasts an instant.
 *
 * <p>Each line or Feature is streamed: the columns as the event holds them, the record and the geometry
 * as the JSON bytes the event holds (a record as it was published), written as they are.
 */
public final class TimelineOutput {

    public enum Format { NDJSON, CSV, GEOJSON }

    /** Doubles in their shortest form (Schubfach): writing them was the largest single cost of a timeline's output (JFR). */
    static final ObjectWriter WRITER = ContractJson.mapper().writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    static final List<String> COLUMNS = List.of("append_time", "kind", "topic", "partition", "offset", "incident_id", "agency", "agencies",
            "mqtt_topic", "incident_type", "timestamp", "version", "diff_type", "status", "severity", "field", "reason", "detail");

    private TimelineOutput() {
    }

    /** Writes {@code events} whole: the time_end of each computed from those that follow it in the list. */
    public static void write(List<Event> events, Format format, Instant windowEnd, PrintWriter out) {
        Map<String, Integer> next = new HashMap<>();
        long[] ends = new long[events.size()];
        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            String lane = Timeline.lane(e);
            if (lane == null) {
                ends[i] = e.appendTime();
                continue;
            }
            Integer later = next.put(lane, i);
            ends[i] = later == null ? windowEnd.toEpochMilli() : events.get(later).appendTime();
        }
        Writer writer = new Writer(format, out);
        for (int i = 0; i < events.size(); i++) {
            writer.accept(events.get(i), ends[i]);
        }
        writer.finish();
    }

    /**
     * Writes events as they come ({@link Timeline#read}): as a {@link Timeline.Sink} for NDJSON and CSV; as a
     * {@link Timeline.EndedSink} for GeoJSON, whose time_end is the last member of each Feature's properties,
     * so a Feature is rendered whole but for it and finished when it is known.
     */
    public static final class Writer implements Timeline.Sink, Timeline.EndedSink {

        private static final int CLOSING = 2; // "}}": the properties' and the Feature's ends

        private static final String NEWLINE = System.lineSeparator();

        private final Format format;
        private final PrintWriter out;
        private final JsonGenerator lines; // NDJSON's: each line's object a root value, the line break after it
        private long written;

        public Writer(Format format, PrintWriter out) {
            this.format = format;
            this.out = out;
            this.lines = format != Format.NDJSON ? null
                    : WRITER.withRootValueSeparator("").without(StreamWriteFeature.AUTO_CLOSE_TARGET).createGenerator(out);
            switch (format) {
                case CSV -> out.print(String.join(",", COLUMNS) + "\r\n");
                case GEOJSON -> out.print("{\"type\":\"FeatureCollection\",\"features\":[");
                case NDJSON -> { }
            }
        }

        /** Whether the output needs each event's time_end. */
        public boolean needsTimeEnds() {
            return format == Format.GEOJSON;
        }

        @Override
        public void accept(Event e, long timeEnd) {
            switch (format) {
                case NDJSON -> {
                    JsonGenerator g = lines;
                    g.writeStartObject();
                    columns(g, e);
                    if (e.geometry() != null) {
                        g.writeName("geometry");
                        g.writeRawValue(utf8(e.geometry()));
                    }
                    if (e.record() != null) {
                        g.writeName("record");
                        g.writeRawValue(utf8(e.record()));
                    }
                    g.writeEndObject();
                    g.writeRaw(NEWLINE);
                }
                case CSV -> {
                    String[] c = csvColumns(e);
                    StringBuilder row = new StringBuilder(256);
                    for (int i = 0; i < c.length; i++) {
                        if (i > 0) {
                            row.append(',');
                        }
                        row.append(csv(c[i] == null ? "" : c[i]));
                    }
                    out.print(row.append("\r\n"));
                }
                case GEOJSON -> {
                    accept(head(e), timeEnd);
                    return;
                }
            }
            written++;
        }

        /** A GeoJSON Feature of the event without its time_end, which {@link #accept(byte[], long)} puts before the closing braces. */
        @Override
        public byte[] head(Event e) {
            return WRITER.writeValueAsBytes(StreamedJson.of(g -> {
                g.writeStartObject();
                g.writeStringProperty("type", "Feature");
                g.writeName("geometry");
                if (e.geometry() == null) {
                    g.writeNull();
                } else {
                    g.writeRawValue(utf8(e.geometry()));
                }
                g.writeName("properties");
                g.writeStartObject();
                columns(g, e);
                g.writeStringProperty("time_start", appendTime(e));
                g.writeEndObject();
                g.writeEndObject();
            }));
        }

        /** The Feature {@link #head} rendered, finished with its time_end. */
        @Override
        public void accept(byte[] head, long timeEnd) {
            out.print(written == 0 ? "\n" : ",\n");
            out.print(new String(head, 0, head.length - CLOSING, StandardCharsets.UTF_8));
            out.print(",\"time_end\":\"" + TelemetryCodec.formatTimestamp(Instant.ofEpochMilli(timeEnd)) + "\"}}");
            written++;
        }

        public void finish() {
            if (lines != null) {
                lines.close(); // flushed; out stays open
            }
            if (format == Format.GEOJSON) {
                out.println("\n]}");
            }
            out.flush();
        }
    }

    /** The columns as members of the object {@code g} is in: in the order of the flow's fields, each only when set. */
    private static void columns(JsonGenerator g, Event e) {
        g.writeStringProperty("append_time", appendTime(e));
        g.writeStringProperty("kind", e.kind().wire());
        g.writeStringProperty("topic", e.topic());
        g.writeNumberProperty("partition", e.partition());
        g.writeNumberProperty("offset", e.offset());
        putIfSet(g, "incident_id", e.incidentId());
        putIfSet(g, "agency", e.agency());
        putIfSet(g, "mqtt_topic", e.mqttTopic());
        putIfSet(g, "incident_type", e.incidentType());
        putIfSet(g, "timestamp", e.timestamp());
        if (e.versionNumber() != null) {
            g.writeNumberProperty("version", e.versionNumber());
        }
        putIfSet(g, "diff_type", e.diffType());
        putIfSet(g, "status", e.status());
        putIfSet(g, "severity", e.severity());
        putIfSet(g, "field", e.field());
        putIfSet(g, "agencies", agencies(e));
        putIfSet(g, "reason", e.reason());
        putIfSet(g, "detail", e.detail());
    }

    /** The columns in {@link #COLUMNS}' order, null where unset. */
    private static String[] csvColumns(Event e) {
        return new String[] {appendTime(e), e.kind().wire(), e.topic(), Integer.toString(e.partition()), Long.toString(e.offset()),
                e.incidentId(), e.agency(), agencies(e), e.mqttTopic(), e.incidentType(), e.timestamp(),
                e.versionNumber() == null ? null : e.versionNumber().toString(), e.diffType(), e.status(), e.severity(), e.field(),
                e.reason(), e.detail()};
    }

    private static String appendTime(Event e) {
        return TelemetryCodec.formatTimestamp(Instant.ofEpochMilli(e.appendTime()));
    }

    /** A version's contributing agencies or a conflict's competing ones, space-separated (empty when none); else null. */
    private static String agencies(Event e) {
        return e.kind() == Event.Kind.VERSION || e.kind() == Event.Kind.CONFLICT ? String.join(" ", e.agencies()) : null;
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static void putIfSet(JsonGenerator g, String name, String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
        }
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
