package io.incidentfeeds.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.json.SchemaViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mqtt.received.at}: the connector's receipt time, in the one spelling the schema accepts
 * (UTC, milliseconds), which {@link MqttHeaders#receivedAt} writes and {@link MqttHeaders#parseReceivedAt} reads.
 */
class ReceivedAtHeaderTest {

    @Test
    void writtenInUtcWithMillisecondsEvenOnAWholeSecond() {
        assertThat(MqttHeaders.receivedAt(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(MqttHeaders.receivedAt(Instant.parse("2026-11-22T10:30:00.412Z").toEpochMilli())).isEqualTo("2026-11-22T10:30:00.412Z");
        assertThat(MqttHeaders.receivedAt(Instant.parse("2026-11-22T10:30:00Z").toEpochMilli())).isEqualTo("2026-11-22T10:30:00.000Z");
    }

    @Test
    void readBackToTheSameMillisecond() {
        for (long ms : new long[] {0, 1, 1_764_000_000_007L, 4_102_444_799_999L}) {
            assertThat(MqttHeaders.parseReceivedAt(MqttHeaders.receivedAt(ms)).toEpochMilli()).isEqualTo(ms);
        }
        assertThatThrownBy(() -> MqttHeaders.parseReceivedAt("2026-11-22T12:30:00+02:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mqtt.received.at is not");
    }

    @Test
    void whatTheConnectorWritesIsWhatTheSchemaAcceptsAndNoOtherSpelling() {
        assertThat(violations(MqttHeaders.receivedAt(System.currentTimeMillis()))).isEmpty();
        assertThat(violations(MqttHeaders.receivedAt(Instant.parse("2026-11-22T10:30:00Z").toEpochMilli()))).isEmpty();
        for (String other : new String[] {"2026-11-22T10:30:00Z", "2026-11-22T10:30:00.41Z", "2026-11-22T12:30:00.412+02:00",
                "2026-11-22T10:30:00.412123Z", "1764000000000", "2026-13-22T10:30:00.412Z"}) {
            assertThat(violations(other)).as(other).extracting(SchemaViolation::pointer).contains("/headers/mqtt.received.at");
        }
    }

    private static java.util.List<SchemaViolation> violations(String receivedAt) {
        ObjectNode record = ContractJson.mapper().createObjectNode();
        record.put("key", "INC-2026-0001");
        record.put("value", "");
        ObjectNode headers = record.putObject("headers");
        headers.put(MqttHeaders.TOPIC, "incident/sffd/fire/telemetry");
        headers.put(MqttHeaders.QOS, "1");
        headers.put(MqttHeaders.RETAINED, "false");
        headers.put(MqttHeaders.DUPLICATE, "false");
        headers.put(MqttHeaders.MESSAGE_ID, "42");
        headers.put(MqttHeaders.RECEIVED_AT, receivedAt);
        return ContractValidator.shared().validate(ContractSchema.RAW_RECORD, record);
    }
}
