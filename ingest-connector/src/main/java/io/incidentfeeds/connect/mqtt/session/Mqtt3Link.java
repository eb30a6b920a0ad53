package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.internal.mqtt.message.publish.mqtt3.Mqtt3PublishView;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import io.incidentfeeds.connect.mqtt.config.ServerUri;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1.1 connection, for brokers without MQTT 5. The protocol has no receive maximum: how
 * many unacknowledged messages the broker sends is its own in-flight limit (Mosquitto's
 * {@code max_inflight_messages}, 20 by default), and the session lives until the client connects
 * with a clean session.
 */
final class Mqtt3Link extends AbstractLink {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt3Link.class);

    private final Mqtt3AsyncClient client;

    Mqtt3Link(ServerUri server, LinkSettings settings, MqttClientSslConfig ssl, Consumer<InboundMessage> sink,
              DisconnectListener listener) {
        super(server, settings, listener);
        client = configure(MqttClient.builder().useMqttVersion3(), ssl).buildAsync();
        // Before CONNECT, for the same reason as in Mqtt5Link: the queue of a resumed session arrives first.
        Consumer<Mqtt5Publish> delivering = deliveringTo(sink, settings.maxPayloadBytes());
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> delivering.accept(((Mqtt3PublishView) publish).getDelegate()), true);
    }

    @Override
    public CompletableFuture<Boolean> connect() {
        Mqtt3ConnectBuilder builder = Mqtt3Connect.builder()
                .cleanSession(settings.cleanSession())
                .keepAlive(settings.keepAliveSeconds());
        if (settings.hasUsername()) {
            // MQTT 3.1.1 allows a password only with a user name (CrossChecks enforces it).
            var auth = Mqtt3SimpleAuth.builder().username(settings.username());
            builder.simpleAuth(settings.hasPassword() ? auth.password(settings.password()).build() : auth.build());
        }
        return connected(client.connect(builder.build()), Mqtt3ConnAck::isSessionPresent, this::refusalOr);
    }

    private Throwable refusalOr(Throwable cause) {
        if (!(cause instanceof Mqtt3ConnAckException refused)) {
            return cause;
        }
        Mqtt3ConnAckReturnCode code = refused.getMqttMessage().getReturnCode();
        String hint = switch (code) {
            case BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED ->
                    "check " + MqttSourceConfig.USERNAME + " and " + MqttSourceConfig.PASSWORD;
            case IDENTIFIER_REJECTED -> "check " + MqttSourceConfig.CLIENT_ID;
            case UNSUPPORTED_PROTOCOL_VERSION -> "the broker does not speak MQTT 3.1.1";
            default -> null;
        };
        if (hint == null) {
            return cause;
        }
        return new BrokerRefusal("MQTT broker " + server + " refused the connection of " + settings.clientId()
                + ": " + code + "; " + hint);
    }

    @Override
    public CompletableFuture<Void> subscribe() {
        MqttQos qos = MqttQos.fromCode(settings.qos());
        List<Mqtt3Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt3Subscription.builder().topicFilter(filter).qos(qos).build())
                .toList();
        return subscribed(client.subscribe(Mqtt3Subscribe.builder().addSubscriptions(subscriptions).build()),
                cause -> cause instanceof Mqtt3SubAckException refused ? checked(refused.getMqttMessage()) : cause,
                this::checked);
    }

    private Throwable checked(Mqtt3SubAck subAck) {
        return firstProblem(subAck.getReturnCodes(), (code, filter) -> {
            if (code == Mqtt3SubAckReturnCode.FAILURE) {
                return new BrokerRefusal("MQTT broker " + server + " refused the subscription to " + filter
                        + "; check " + MqttSourceConfig.TOPICS + " and the broker's ACLs for " + settings.clientId());
            }
            if (code.getCode() < settings.qos()) {
                LOG.warn("MQTT broker {} granted QoS {} instead of {} on {}: messages it sends at QoS 0 are not redelivered",
                        server, code.getCode(), settings.qos(), filter);
            }
            return null;
        });
    }

    /**
     * Nothing to remove: a 3.1.1 task never used shared subscriptions (several tasks need MQTT 5),
     * so its session holds only the plain filters it subscribes to again.
     */
    @Override
    public CompletableFuture<Void> unsubscribeStale() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    protected void disconnect() {
        client.disconnect();
    }
}
