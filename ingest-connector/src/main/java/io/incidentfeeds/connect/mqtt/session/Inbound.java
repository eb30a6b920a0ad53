package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds an {@link InboundMessage} from what either client version hands over. */
final class Inbound {

    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);
    private static final byte[] EMPTY = new byte[0];

    private Inbound() {
    }

    /**
     * @param acknowledge the client's manual acknowledgement of this message
     */
    static InboundMessage of(String topic, Optional<ByteBuffer> payload, MqttQos qos, boolean retained,
                             PacketFacts.Facts facts, Runnable acknowledge, int maxPayloadBytes) {
        int size = payload.map(ByteBuffer::remaining).orElse(0);
        byte[] bytes;
        int oversize = -1;
        if (size > maxPayloadBytes) {
            // Not copied: an oversize payload is reported by its size only, so it cannot fill the heap.
            bytes = EMPTY;
            oversize = size;
        } else if (size == 0) {
            bytes = EMPTY;
        } else {
            bytes = new byte[size];
            payload.get().duplicate().get(bytes);
        }
        return new InboundMessage(topic, bytes, oversize, qos.getCode(), retained, facts.duplicate(), facts.packetId(),
                System.currentTimeMillis(), safely(acknowledge, topic, facts.packetId()));
    }

    /**
     * The acknowledgement runs on the Kafka producer's callback thread, possibly after this
     * connection is gone (its client then refuses the work): it must never throw there. An
     * acknowledgement that cannot be sent is harmless, since the broker redelivers the message.
     */
    private static Runnable safely(Runnable acknowledge, String topic, int packetId) {
        return () -> {
            try {
                acknowledge.run();
            } catch (RuntimeException e) {
                LOG.debug("acknowledgement of {} (packet {}) not sent, the broker will redeliver it: {}", topic, packetId, e.toString());
            }
        };
    }
}
