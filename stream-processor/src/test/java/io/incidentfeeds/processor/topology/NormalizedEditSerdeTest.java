package io.incidentfeeds.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttTopic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The internal JSON form of a normalized edit, as the repartition topic's serde (and the tests' incidents.normalized). */
class NormalizedEditSerdeTest {

    private final NormalizedEditSerde serde = new NormalizedEditSerde();

    @Test
    void anEditSurvivesTheRoundTripAndEqualEditsGiveEqualBytes() {
        NormalizedEdit edit = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER)).normalize(
                new ValidatedTelemetry(TelemetryCodec.read(Payloads.valid("polygon-with-clock-and-attributes")), new MqttTopic("sffd", "fire")),
                new SourcePosition("incidents.raw", 3, 981)).edit();

        byte[] bytes = serde.serializer().serialize("t", edit);
        NormalizedEdit back = serde.deserializer().deserialize("t", bytes);

        assertThat(back).isEqualTo(edit);
        assertThat(serde.serializer().serialize("t", back)).isEqualTo(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"feature\":{\"type\":\"Feature\",\"bbox\":[");
    }

    @Test
    void bytesThatAreNotAnEditAreASerializationErrorForTheDeserializationHandler() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"feature\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("not a normalized edit");
    }
}
