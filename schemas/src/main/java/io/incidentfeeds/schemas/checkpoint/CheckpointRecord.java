package io.incidentfeeds.schemas.checkpoint;

import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * A record of {@code incidents.checkpoints} (checkpoint.schema.json): one reconcile task's whole
 * picture at an instant of its stream time, in {@link Chunk}s of incidents followed by one {@link End}
 * that says how many chunks there were and where in the raw topic the task stood. Every record of a
 * checkpoint is written in the task's exactly-once transaction, keyed {@link #chunkKey} / {@link #endKey},
 * stamped with the stream time, in partition {@code task}: a read_committed reader sees all of it or
 * none of it.
 */
public sealed interface CheckpointRecord permits CheckpointRecord.Chunk, CheckpointRecord.End {

    /** The task (its raw partition) whose checkpoint this record belongs to. */
    int task();

    /** The checkpoint's instant: the task's stream time, the largest record time among the edits it had read. */
    Instant streamTime();

    byte[] toJson();

    /**
     * One incident of the task's store.
     *
     * @param state   the processor's state of the incident (processing-core's {@code IncidentStateSerde} bytes,
     *                versioned by their first byte; internal to the processor, read with processing-core)
     * @param version the last version it emitted, byte for byte as on {@code incidents.history}; null when the
     *                processor does not know it (checkpoints turned on while the incident was already stored)
     */
    record Entry(String incidentId, byte[] state, byte[] version) {
    }

    /** Chunk {@code index} of the checkpoint: some of the task's incidents, in incident id order across chunks. */
    record Chunk(int task, Instant streamTime, int index, List<Entry> incidents) implements CheckpointRecord {

        @Override
        public byte[] toJson() {
            return write(g -> {
                writeHead(g, task, streamTime);
                g.writeNumberProperty("chunk", index);
                g.writeName("incidents");
                g.writeStartArray();
                for (Entry e : incidents) {
                    g.writeStartObject();
                    g.writeStringProperty("incident_id", e.incidentId());
                    g.writeStringProperty("state", Base64.getEncoder().encodeToString(e.state()));
                    if (e.version() != null) {
                        g.writeStringProperty("version", new String(e.version(), StandardCharsets.UTF_8));
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            });
        }
    }

    /**
     * The last record of a checkpoint.
     *
     * @param rawTopic   the raw topic the task read, whose partitions {@code rawOffsets} are about
     * @param chunks     how many chunks precede it (0 .. chunks - 1)
     * @param incidents  how many incidents they hold
     * @param rawOffsets per raw partition q, the highest offset of q among the edits the task had applied (q = task:
     *                   read in its own partition, in offset order; otherwise moved to it through the repartition hop,
     *                   in q's offset order); -1 when none
     * @param maxEditTimestamp the largest own {@code timestamp} among every edit the task had applied by then (those that
     *                   made no new version, and those of incidents it has forgotten since, included); null when the
     *                   processor did not know it (older checkpoints, or a store from before it was kept), and then the
     *                   checkpoint cannot seed an event-time picture
     */
    record End(int task, Instant streamTime, String rawTopic, int chunks, long incidents, long[] rawOffsets, Instant maxEditTimestamp)
            implements CheckpointRecord {

        /** An end record without {@code max_edit_timestamp}. */
        public End(int task, Instant streamTime, String rawTopic, int chunks, long incidents, long[] rawOffsets) {
            this(task, streamTime, rawTopic, chunks, incidents, rawOffsets, null);
        }

        @Override
        public byte[] toJson() {
            return write(g -> {
                writeHead(g, task, streamTime);
                g.writeStringProperty("raw_topic", rawTopic);
                g.writeNumberProperty("chunks", chunks);
                g.writeNumberProperty("incident_count", incidents);
                g.writeName("raw_offsets");
                g.writeStartArray();
                for (long offset : rawOffsets) {
                    g.writeNumber(offset);
                }
                g.writeEndArray();
                if (maxEditTimestamp != null) {
                    g.writeStringProperty("max_edit_timestamp", TelemetryCodec.formatTimestamp(maxEditTimestamp));
                }
            });
        }
    }

    /** The key of chunk {@code index}: {@code <task>/<stream time, epoch ms>/<index>}. */
    static String chunkKey(int task, Instant streamTime, int index) {
        return task + "/" + streamTime.toEpochMilli() + "/" + index;
    }

    /** The key of the end record: {@code <task>/<stream time, epoch ms>/end}. */
    static String endKey(int task, Instant streamTime) {
        return task + "/" + streamTime.toEpochMilli() + "/end";
    }

    /**
     * A record's key read back: the task, the stream time and the chunk index ({@link Key#END} for the end
     * record); null when it is not a checkpoint key.
     */
    static Key parseKey(String key) {
        String[] parts = key == null ? new String[0] : key.split("/", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            int task = Integer.parseInt(parts[0]);
            long ms = Long.parseLong(parts[1]);
            int index = parts[2].equals("end") ? Key.END : Integer.parseInt(parts[2]);
            return task < 0 || (index < 0 && index != Key.END) ? null : new Key(task, ms, index);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A checkpoint record's key: {@code index} is the chunk's, or {@link #END}. */
    record Key(int task, long streamTimeMs, int index) {
        public static final int END = -1;

        public boolean isEnd() {
            return index == END;
        }
    }

    /** Reads a record's value; a value that is not a checkpoint record is an {@link IllegalArgumentException}. */
    static CheckpointRecord fromJson(byte[] json) {
        try (JsonParser p = Codec.FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a checkpoint record is a JSON object");
            }
            Integer task = null;
            Instant streamTime = null;
            Integer chunk = null;
            Integer chunks = null;
            String rawTopic = null;
            Long count = null;
            long[] offsets = null;
            Instant maxEditTimestamp = null;
            List<Entry> incidents = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "task" -> task = p.getIntValue();
                    case "stream_time" -> streamTime = TelemetryCodec.parseTimestamp(p.getString());
                    case "chunk" -> chunk = p.getIntValue();
                    case "chunks" -> chunks = p.getIntValue();
                    case "raw_topic" -> rawTopic = p.getString();
                    case "incident_count" -> count = p.getLongValue();
                    case "raw_offsets" -> offsets = Codec.longs(p);
                    case "max_edit_timestamp" -> maxEditTimestamp = TelemetryCodec.parseTimestamp(p.getString());
                    case "incidents" -> incidents = Codec.entries(p);
                    default -> throw new IllegalArgumentException("unknown member " + name);
                }
            }
            if (task == null || streamTime == null) {
                throw new IllegalArgumentException("task and stream_time are required");
            }
            if (chunk != null && incidents != null && chunks == null && offsets == null && rawTopic == null && maxEditTimestamp == null) {
                return new Chunk(task, streamTime, chunk, incidents);
            }
            if (chunks != null && count != null && offsets != null && rawTopic != null && chunk == null && incidents == null) {
                return new End(task, streamTime, rawTopic, chunks, count, offsets, maxEditTimestamp);
            }
            throw new IllegalArgumentException("neither a chunk (chunk, incidents) nor an end record (raw_topic, chunks, incident_count, raw_offsets, maybe max_edit_timestamp)");
        } catch (tools.jackson.core.JacksonException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a checkpoint record: " + e.getMessage(), e);
        }
    }

    private static void writeHead(JsonGenerator g, int task, Instant streamTime) {
        g.writeNumberProperty("task", task);
        g.writeStringProperty("stream_time", TelemetryCodec.formatTimestamp(streamTime));
    }

    private static byte[] write(java.util.function.Consumer<JsonGenerator> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = Codec.FACTORY.createGenerator(tools.jackson.core.ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            members.accept(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The JSON factory of checkpoint records and the reading of their arrays. */
    final class Codec {

        /**
         * Larger strings than the telemetry contract allows: a state or version is a string here, and a state
         * keeps each agency's latest geometry (each up to the 256 KiB payload limit).
         */
        static final JsonFactory FACTORY = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(4)
                        .maxStringLength(64 << 20)
                        .maxDocumentLength(64L << 20)
                        .build())
                .build();

        private Codec() {
        }

        static long[] longs(JsonParser p) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("raw_offsets is an array");
            }
            List<Long> values = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                values.add(p.getLongValue());
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        static List<Entry> entries(JsonParser p) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("incidents is an array");
            }
            List<Entry> entries = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                byte[] state = null;
                byte[] version = null;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "incident_id" -> id = p.getString();
                        case "state" -> state = Base64.getDecoder().decode(p.getString());
                        case "version" -> version = p.getString().getBytes(StandardCharsets.UTF_8);
                        default -> throw new IllegalArgumentException("unknown member of an incident: " + name);
                    }
                }
                if (id == null || state == null) {
                    throw new IllegalArgumentException("an incident needs incident_id and state");
                }
                entries.add(new Entry(id, state, version));
            }
            return entries;
        }
    }
}
