package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A timeline written as NDJSON (one event per line, with its record), CSV (one row per event, the
 * same columns without the records), or GeoJSON: an RFC 7946 FeatureCollection, one Feature per event
 * (the geometry of an edit or version, null for the others), whose {@code time_start} and
 * {@code time_end} let QGIS's temporal controller animate it. {@code time_end} is the time of the
 * next version of the incident (for a version), of the sending agency's next edit of it with a geometry (for an edit with one),
 * or the window's end; a dead letter or conflict lasts an instant.
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

        private final Format format;
        private final PrintWriter out;
        private long written;

        public Writer(Format format, PrintWriter out) {
            this.format = format;
            this.out = out;
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
                    ObjectNode line = columns(e);
                    if (e.geometry() != null) {
                        line.set("geometry", e.geometry());
                    }
                    if (e.record() != null) {
                        line.set("record", e.record());
                    }
                    out.println(WRITER.writeValueAsString(line));
                }
                case CSV -> {
                    ObjectNode c = columns(e);
                    StringBuilder row = new StringBuilder();
                    for (String name : COLUMNS) {
                        if (!row.isEmpty() || !name.equals(COLUMNS.get(0))) {
                            row.append(',');
                        }
                        row.append(csv(c.has(name) ? c.get(name).asString() : ""));
                    }
                    out.print(row + "\r\n");
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
            ObjectNode feature = JsonNodeFactory.instance.objectNode();
            feature.put("type", "Feature");
            feature.set("geometry", e.geometry() == null ? JsonNodeFactory.instance.nullNode() : e.geometry());
            ObjectNode properties = columns(e);
            properties.put("time_start", properties.get("append_time").asString());
            feature.set("properties", properties);
            return WRITER.writeValueAsBytes(feature);
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
            if (format == Format.GEOJSON) {
                out.println("\n]}");
            }
            out.flush();
        }
    }

    private static ObjectNode columns(Event e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("append_time", TelemetryCodec.formatTimestamp(Instant.ofEpochMilli(e.appendTime())));
        o.put("kind", e.kind().wire());
        o.put("topic", e.topic());
        o.put("partition", e.partition());
        o.put("offset", e.offset());
        putIfSet(o, "incident_id", e.incidentId());
        putIfSet(o, "agency", e.agency());
        putIfSet(o, "mqtt_topic", e.mqttTopic());
        putIfSet(o, "incident_type", e.incidentType());
        putIfSet(o, "timestamp", e.timestamp());
        if (e.version() != null) {
            o.put("version", e.version().reconciliation().version());
            putIfSet(o, "diff_type", e.version().reconciliation().diffType() == null ? null : e.version().reconciliation().diffType().wire());
            putIfSet(o, "status", e.version().property("status"));
            putIfSet(o, "severity", e.version().property("severity"));
            putIfSet(o, "agencies", String.join(" ", e.agencies()));
        }
        if (e.kind() == Event.Kind.EDIT && e.record() != null) {
            putIfSet(o, "status", text(e.record(), "status"));
            putIfSet(o, "severity", text(e.record(), "severity"));
        }
        if (e.conflict() != null) {
            o.put("version", e.conflict().version());
            putIfSet(o, "field", e.conflict().field());
            putIfSet(o, "agencies", String.join(" ", e.agencies()));
        }
        putIfSet(o, "reason", e.reason());
        putIfSet(o, "detail", e.detail());
        return o;
    }

    private static String text(tools.jackson.databind.JsonNode record, String property) {
        var v = record.path("properties").path(property);
        return v.isString() ? v.asString() : null;
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
