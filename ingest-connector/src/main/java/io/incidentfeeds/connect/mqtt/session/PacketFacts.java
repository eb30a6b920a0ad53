package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.internal.mqtt.message.publish.MqttPublish;
import com.hivemq.client.internal.mqtt.message.publish.MqttStatefulPublish;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.lang.reflect.Field;

/**
 * The MQTT packet identifier and DUP flag of a received message, which the contract's headers
 * {@code mqtt.message.id} and {@code mqtt.duplicate} carry but the HiveMQ client's public API does
 * not expose (it hands applications the stateless message).
 *
 * <p>With manual acknowledgement the client attaches to each QoS 1/2 message the handle it
 * acknowledges through, and that handle holds the stateful PUBLISH as received. This class reads it
 * by reflection, once per message, from the exact client version the plugin ships (pinned in the
 * pom). {@link #requireAvailable()} fails the task at start if a different client build lacks
 * those fields, rather than writing wrong headers; the connector's tests check the values.
 */
final class PacketFacts {

    /** The identifier and flag of one message. */
    record Facts(int packetId, boolean duplicate) {
        static final Facts QOS_0 = new Facts(0, false);
    }

    private static final Field CONFIRMABLE;
    private static final Field PUBLISH_WITH_FLOWS;
    private static final Field STATEFUL_PUBLISH;
    private static final Throwable UNAVAILABLE;

    static {
        Field confirmable = null;
        Field publishWithFlows = null;
        Field statefulPublish = null;
        Throwable unavailable = null;
        try {
            String incoming = "com.hivemq.client.internal.mqtt.handler.publish.incoming.";
            confirmable = accessible(MqttPublish.class.getDeclaredField("confirmable"));
            publishWithFlows = accessible(Class.forName(incoming + "MqttIncomingPublishConfirmable")
                    .getDeclaredField("publishWithFlows"));
            statefulPublish = accessible(Class.forName(incoming + "MqttStatefulPublishWithFlows")
                    .getDeclaredField("publish"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = e;
        }
        CONFIRMABLE = confirmable;
        PUBLISH_WITH_FLOWS = publishWithFlows;
        STATEFUL_PUBLISH = statefulPublish;
        UNAVAILABLE = unavailable;
    }

    private PacketFacts() {
    }

    static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("this build of hivemq-mqtt-client does not expose the packet identifier"
                    + " the connector reads for mqtt.message.id/mqtt.duplicate; use the version the plugin ships", UNAVAILABLE);
        }
    }

    static Facts of(Mqtt5Publish publish) {
        return publish.getQos() == MqttQos.AT_MOST_ONCE ? Facts.QOS_0 : read((MqttPublish) publish);
    }

    private static Facts read(MqttPublish publish) {
        try {
            Object handle = CONFIRMABLE.get(publish);
            Object withFlows = PUBLISH_WITH_FLOWS.get(handle);
            MqttStatefulPublish stateful = (MqttStatefulPublish) STATEFUL_PUBLISH.get(withFlows);
            return new Facts(stateful.getPacketIdentifier(), stateful.isDup());
        } catch (IllegalAccessException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalStateException("cannot read the packet identifier of a QoS " + publish.getQos().getCode()
                    + " message (was it received without manual acknowledgement?)", e);
        }
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }
}
