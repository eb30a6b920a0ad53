package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import io.incidentfeeds.connect.mqtt.config.ServerUri;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 connection. The receive maximum is the task's in-flight bound, so the broker itself
 * stops sending when Kafka is slow, and the session expiry keeps the queue while the task is down.
 */
final class Mqtt5Link extends AbstractLink {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt5Link.class);

    private final Mqtt5AsyncClient client;

    Mqtt5Link(ServerUri server, LinkSettings settings, MqttClientSslConfig ssl, Consumer<InboundMessage> sink,
              DisconnectListener listener) {
        super(server, settings, listener);
        client = configure(MqttClient.builder().useMqttVersion5(), ssl).buildAsync();
        // Registered before CONNECT: a resumed session delivers its queue right after CONNACK, before
        // any SUBSCRIBE, and a message no flow claims would be acknowledged by the client unseen.
        client.publishes(MqttGlobalPublishFilter.ALL, deliveringTo(sink, settings.maxPayloadBytes()), true);
    }

    @Override
    public CompletableFuture<Boolean> connect() {
        Mqtt5ConnectBuilder builder = Mqtt5Connect.builder()
                .cleanStart(settings.cleanSession())
                .sessionExpiryInterval(settings.cleanSession() ? 0 : settings.sessionExpirySeconds())
                .keepAlive(settings.keepAliveSeconds())
                .restrictions(Mqtt5ConnectRestrictions.builder().receiveMaximum(settings.receiveMaximum()).build());
        if (settings.hasUsername() || settings.hasPassword()) {
            var auth = Mqtt5SimpleAuth.builder();
            builder.simpleAuth(settings.hasUsername()
                    ? auth.username(settings.username()).password(settings.password()).build()
                    : auth.password(settings.password()).build());
        }
        return connected(client.connect(builder.build()), Mqtt5ConnAck::isSessionPresent, this::refusalOr);
    }

    private Throwable refusalOr(Throwable cause) {
        if (!(cause instanceof Mqtt5ConnAckException refused)) {
            return cause;
        }
        Mqtt5ConnAck connAck = refused.getMqttMessage();
        String hint = switch (connAck.getReasonCode()) {
            case BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED, BANNED, BAD_AUTHENTICATION_METHOD ->
                    "check " + MqttSourceConfig.USERNAME + " and " + MqttSourceConfig.PASSWORD;
            case CLIENT_IDENTIFIER_NOT_VALID -> "check " + MqttSourceConfig.CLIENT_ID;
            case UNSUPPORTED_PROTOCOL_VERSION -> "the broker does not speak MQTT 5: set "
                    + MqttSourceConfig.VERSION + "=" + MqttSourceConfig.VERSION_3_1_1;
            default -> null;
        };
        if (hint == null) {
            return cause; // server busy, unavailable, moved...: worth retrying
        }
        return new BrokerRefusal("MQTT broker " + server + " refused the connection of " + settings.clientId() + ": "
                + connAck.getReasonCode() + connAck.getReasonString().map(r -> " (" + r + ")").orElse("") + "; " + hint);
    }

    @Override
    public CompletableFuture<Void> subscribe() {
        MqttQos qos = MqttQos.fromCode(settings.qos());
        List<Mqtt5Subscription> subscriptions = settings.filters().stream()
                .map(filter -> Mqtt5Subscription.builder().topicFilter(filter).qos(qos)
                        // A resumed subscription does not resend retained messages as duplicates.
                        .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).build())
                .toList();
        return subscribed(client.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build()),
                cause -> cause instanceof Mqtt5SubAckException refused ? checked(refused.getMqttMessage()) : cause,
                this::checked);
    }

    /** The SUBACK's verdict: null when every filter was granted. */
    private Throwable checked(Mqtt5SubAck subAck) {
        return firstProblem(subAck.getReasonCodes(), (code, filter) -> switch (code) {
            case GRANTED_QOS_0, GRANTED_QOS_1, GRANTED_QOS_2 -> {
                if (code.getCode() < settings.qos()) {
                    LOG.warn("MQTT broker {} granted QoS {} instead of {} on {}: messages it sends at QoS 0 are not redelivered",
                            server, code.getCode(), settings.qos(), filter);
                }
                yield null;
            }
            case UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR, QUOTA_EXCEEDED, PACKET_IDENTIFIER_IN_USE ->
                    new IllegalStateException("subscription to " + filter + " failed: " + code);
            case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED -> new BrokerRefusal("MQTT broker " + server
                    + " does not support shared subscriptions, which tasks.max > 1 needs: set tasks.max=1");
            default -> new BrokerRefusal("MQTT broker " + server + " refused the subscription to " + filter + ": "
                    + code + "; check " + MqttSourceConfig.TOPICS + " and the broker's ACLs for " + settings.clientId());
        });
    }

    @Override
    public CompletableFuture<Void> unsubscribeStale() {
        List<MqttTopicFilter> filters = settings.staleFilters().stream().map(MqttTopicFilter::of).toList();
        return client.unsubscribe(Mqtt5Unsubscribe.builder().addTopicFilters(filters).build())
                .handle((unsubAck, error) -> null); // "no subscription existed" is the common answer
    }

    /**
     * Whether the client ended the connection because the broker sent more unacknowledged QoS 1/2
     * messages than the receive maximum it was given: a broker bug, not something to retry as is.
     */
    static boolean brokerExceededReceiveMaximum(Throwable cause) {
        return cause instanceof Mqtt5DisconnectException disconnect
                && disconnect.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED;
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
