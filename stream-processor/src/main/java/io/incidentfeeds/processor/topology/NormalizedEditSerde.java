package io.incidentfeeds.processor.topology;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.normalize.NormalizedEditJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** {@link NormalizedEditJson} as a Kafka serde, for the repartition topic {@code edits-by-incident}. */
public final class NormalizedEditSerde implements Serde<NormalizedEdit> {

    @Override
    public Serializer<NormalizedEdit> serializer() {
        return (topic, edit) -> edit == null ? null : NormalizedEditJson.toBytes(edit);
    }

    @Override
    public Deserializer<NormalizedEdit> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return NormalizedEditJson.fromBytes(bytes);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new SerializationException("not a normalized edit: " + e.getMessage(), e);
            }
        };
    }
}
