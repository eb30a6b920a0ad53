package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The event of a version or a conflict, read from its record's bytes in one streaming pass: the
 * columns' fields, a version's bbox, and its geometry as the bytes it has in the record; no tree is
 * built and nothing is written again. The pass reads the whole record, so bytes that are not one JSON
 * value are refused here, like a record that is not a version or a conflict.
 */
final class RecordScan {

    private RecordScan() {
    }

    /** A record of the history (or the reconciled topic): a reconciled incident. */
    static Event version(long appendTime, String topic, int partition, long offset, byte[] value) {
        String id = null;
        String type = null;
        String status = null;
        String severity = null;
        Long version = null;
        String diffType = null;
        String eventTime = null;
        List<String> agencies = List.of();
        List<Double> bbox = List.of();
        byte[] geometry = null;
        try (JsonParser p = parser(value, topic, partition, offset)) {
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = scalar(p);
                    case "bbox" -> bbox = doubles(p);
                    case "geometry" -> geometry = raw(p, value);
                    case "properties" -> {
                        while (t == JsonToken.START_OBJECT && (name = p.nextName()) != null) {
                            p.nextToken();
                            switch (name) {
                                case "incident_type" -> type = scalar(p);
                                case "status" -> status = scalar(p);
                                case "severity" -> severity = scalar(p);
                                default -> p.skipChildren();
                            }
                        }
                        p.skipChildren();
                    }
                    case "reconciliation" -> {
                        while (t == JsonToken.START_OBJECT && (name = p.nextName()) != null) {
                            JsonToken member = p.nextToken();
                            switch (name) {
                                case "version" -> version = member == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                                case "diff_type" -> diffType = scalar(p);
                                case "event_time" -> eventTime = scalar(p);
                                case "agencies" -> agencies = strings(p);
                                default -> p.skipChildren();
                            }
                        }
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            end(p, topic, partition, offset);
        } catch (JacksonException e) {
            throw notA("reconciled incident", topic, partition, offset, e);
        }
        if (id == null || version == null) {
            throw notA("reconciled incident", topic, partition, offset, null);
        }
        return new Event(appendTime, Event.Kind.VERSION, topic, partition, offset, id, null, null, type, instant(eventTime), version,
                diffType, status, severity, null, null, null, geometry, bbox, OneLine.of(value, null), agencies);
    }

    /** A record of the conflicts topic. */
    static Event conflict(long appendTime, String topic, int partition, long offset, byte[] value) {
        String id = null;
        String field = null;
        String eventTime = null;
        Long version = null;
        List<String> competing = List.of();
        try (JsonParser p = parser(value, topic, partition, offset)) {
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "incident_id" -> id = scalar(p);
                    case "field" -> field = scalar(p);
                    case "event_time" -> eventTime = scalar(p);
                    case "version" -> version = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "competing" -> competing = competingAgencies(p);
                    default -> p.skipChildren();
                }
            }
            end(p, topic, partition, offset);
        } catch (JacksonException e) {
            throw notA("conflict", topic, partition, offset, e);
        }
        if (id == null || version == null) {
            throw notA("conflict", topic, partition, offset, null);
        }
        return new Event(appendTime, Event.Kind.CONFLICT, topic, partition, offset, id, null, null, null, instant(eventTime), version,
                null, null, null, field, null, null, null, List.of(), OneLine.of(value, null), competing);
    }

    /**
     * What the timeline takes of a submission the processing core refused, or of a dead letter: whether its value is one
     * JSON value, and the text of its properties' timestamp, status and severity.
     */
    record Submission(boolean json, String timestamp, String status, String severity) {

        static final Submission NOT_JSON = new Submission(false, null, null, null);
    }

    /** A submission's value scanned (a value that is not one JSON value is {@link Submission#NOT_JSON}). */
    static Submission submission(byte[] value) {
        if (value == null || value.length == 0) {
            return Submission.NOT_JSON;
        }
        String timestamp = null;
        String status = null;
        String severity = null;
        try (JsonParser p = ContractJson.mapper().createParser(value)) {
            JsonToken root = p.nextToken();
            if (root == null) {
                return Submission.NOT_JSON;
            }
            String name;
            while (root == JsonToken.START_OBJECT && (name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                if (!name.equals("properties") || t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                String member;
                while ((member = p.nextName()) != null) {
                    JsonToken v = p.nextToken();
                    switch (member) { // only these strings are read whole: a refused payload's may be long
                        case "timestamp" -> timestamp = text(p, v);
                        case "status" -> status = text(p, v);
                        case "severity" -> severity = text(p, v);
                        default -> p.skipChildren();
                    }
                }
            }
            p.skipChildren();
            return p.nextToken() == null ? new Submission(true, timestamp, status, severity) : Submission.NOT_JSON;
        } catch (JacksonException e) {
            return Submission.NOT_JSON;
        }
    }

    /** A string's text; else null, the value skipped. */
    private static String text(JsonParser p, JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        p.skipChildren();
        return null;
    }

    private static JsonParser parser(byte[] value, String topic, int partition, long offset) {
        JsonParser p = ContractJson.mapper().createParser(value);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw notA("JSON object", topic, partition, offset, null);
        }
        return p;
    }

    /** After the root object: nothing but whitespace. */
    private static void end(JsonParser p, String topic, int partition, long offset) {
        if (p.nextToken() != null) {
            throw notA("single JSON value", topic, partition, offset, null);
        }
    }

    /** A scalar's text (a number's as written), null for null; a container is skipped and gives null. */
    private static String scalar(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
            return p.getString();
        }
        p.skipChildren();
        return null;
    }

    /** The value the parser is at, as the bytes it has in {@code value}; null for an absent geometry, {@code null} for a null one. */
    private static byte[] raw(JsonParser p, byte[] value) {
        JsonToken t = p.currentToken();
        if (!t.isStructStart()) { // null, or a scalar where a geometry belongs: written as a tree writes it
            return TimelineOutput.WRITER.writeValueAsBytes(p.readValueAsTree());
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (start < 0) { // text the parser read as characters (UTF-16 or 32): no byte offsets
            return OneLine.of(TimelineOutput.WRITER.writeValueAsBytes(p.readValueAsTree()), null);
        }
        p.skipChildren();
        int end = (int) p.currentTokenLocation().getByteOffset() + 1; // the closing bracket's
        byte[] bytes = Arrays.copyOfRange(value, start, end);
        return OneLine.of(bytes, null);
    }

    private static List<Double> doubles(JsonParser p) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<Double> values = new ArrayList<>(6);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken().isNumeric()) {
                values.add(p.getDoubleValue());
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    private static List<String> strings(JsonParser p) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> values = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String s = scalar(p);
            if (s != null) {
                values.add(s);
            }
        }
        return values;
    }

    /** The agency_id of each competing write, in order. */
    private static List<String> competingAgencies(JsonParser p) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> agencies = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String name;
            while ((name = p.nextName()) != null) {
                p.nextToken();
                if (name.equals("agency_id")) {
                    String agency = scalar(p);
                    if (agency != null) {
                        agencies.add(agency);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return agencies;
    }

    /** An event_time in the contract's spelling. */
    private static String instant(String rfc3339) {
        return rfc3339 == null ? null : TelemetryCodec.formatTimestamp(TelemetryCodec.parseTimestamp(rfc3339));
    }

    private static IllegalArgumentException notA(String what, String topic, int partition, long offset, Exception cause) {
        return new IllegalArgumentException(topic + "/" + partition + "/" + offset + " is not a " + what
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
