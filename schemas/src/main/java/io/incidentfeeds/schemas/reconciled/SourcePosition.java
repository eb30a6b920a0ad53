package io.incidentfeeds.schemas.reconciled;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/** Where the edit that produced a reconciled version was read: a raw record's coordinates. */
public record SourcePosition(String topic, int partition, long offset) {

    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString TOPIC = new SerializedString("topic");
    private static final SerializableString PARTITION = new SerializedString("partition");
    private static final SerializableString OFFSET = new SerializedString("offset");

    /** Streams {@code "source": {topic, partition, offset}} as databind writes this record; nothing for a null position. */
    public static void write(SourcePosition source, JsonGenerator g) {
        if (source != null) {
            g.writeName(SOURCE);
            g.writeStartObject();
            g.writeName(TOPIC);
            g.writeString(source.topic());
            g.writeName(PARTITION);
            g.writeNumber(source.partition());
            g.writeName(OFFSET);
            g.writeNumber(source.offset());
            g.writeEndObject();
        }
    }
}
