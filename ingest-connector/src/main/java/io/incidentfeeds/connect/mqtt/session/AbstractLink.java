package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.mqtt.MqttClientBuilderBase;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.incidentfeeds.connect.mqtt.config.ServerUri;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** What the MQTT 5 and MQTT 3.1.1 links share: transport, identity, the disconnect signal, closing. */
abstract class AbstractLink implements MqttLink {

    protected final ServerUri server;
    protected final LinkSettings settings;
    private final DisconnectListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    AbstractLink(ServerUri server, LinkSettings settings, DisconnectListener listener) {
        this.server = server;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Identity, transport and the disconnect listener. No automatic reconnect: a lost connection is
     * replaced by a new link (see {@link MqttLink}).
     */
    protected <B extends MqttClientBuilderBase<B>> B configure(B builder, MqttClientSslConfig ssl) {
        long timeoutMillis = settings.connectTimeout().toMillis();
        MqttClientTransportConfigBuilder transport = MqttClientTransportConfig.builder()
                .serverHost(server.host())
                .serverPort(server.port())
                .socketConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        if (server.tls()) {
            transport = transport.sslConfig(ssl);
        }
        return builder.identifier(settings.clientId())
                .transportConfig(transport.build())
                .addDisconnectedListener(context -> {
                    if (!closed.get()) {
                        listener.disconnected(this, context.getCause());
                    }
                });
    }

    @Override
    public ServerUri server() {
        return server;
    }

    @Override
    public final void close() {
        closed.set(true);
        try {
            disconnect();
        } catch (RuntimeException alreadyGone) {
            // Not connected (any more): nothing to close.
        }
    }

    protected boolean isClosed() {
        return closed.get();
    }

    /**
     * Sends DISCONNECT if connected. The persistent session, and the messages this link had not
     * acknowledged, stay on the broker.
     */
    protected abstract void disconnect();

    /**
     * A connection that completes after {@link #close()} (the task stopped meanwhile) is closed at
     * once instead of leaking.
     */
    private boolean closeIfClosedMeanwhile() {
        if (isClosed()) {
            try {
                disconnect();
            } catch (RuntimeException ignored) {
                // Nothing to close.
            }
            return true;
        }
        return false;
    }

    /**
     * What the global manual-acknowledgement consumer does with each message (both versions: an
     * MQTT 3.1.1 message is a view of the same internal message).
     */
    protected static Consumer<Mqtt5Publish> deliveringTo(Consumer<InboundMessage> sink, int maxPayloadBytes) {
        return publish -> sink.accept(Inbound.of(publish.getTopic().toString(), publish.getPayload(), publish.getQos(),
                publish.isRetain(), PacketFacts.of(publish), publish::acknowledge, maxPayloadBytes));
    }

    /**
     * The CONNACK: a refusal that retrying cannot fix becomes a {@link BrokerRefusal}; a connection
     * that completes after {@link #close()} is closed at once.
     */
    protected <A> CompletableFuture<Boolean> connected(CompletableFuture<A> connAck, Predicate<A> sessionPresent,
                                                       UnaryOperator<Throwable> refusalOr) {
        return connAck.handle((ack, error) -> {
            if (error != null) {
                throw rethrow(refusalOr.apply(unwrap(error)));
            }
            if (closeIfClosedMeanwhile()) {
                throw rethrow(new IllegalStateException("closed while connecting"));
            }
            return sessionPresent.test(ack);
        });
    }

    /**
     * The SUBACK: {@code verdict} says what is wrong with it (null: every filter granted); a SUBACK
     * the client turned into an exception goes through {@code refused}.
     */
    protected static <A> CompletableFuture<Void> subscribed(CompletableFuture<A> subAck, UnaryOperator<Throwable> refused,
                                                            Function<A, Throwable> verdict) {
        return subAck.handle((ack, error) -> {
            Throwable problem = error != null ? refused.apply(unwrap(error)) : verdict.apply(ack);
            if (problem != null) {
                throw rethrow(problem);
            }
            return null;
        });
    }

    /**
     * Walks a SUBACK's codes alongside the filters they answer, in order, and returns the first
     * problem {@code judge} finds (null: none).
     */
    protected <C> Throwable firstProblem(List<C> codes, BiFunction<C, String, Throwable> judge) {
        List<String> filters = settings.filters();
        for (int i = 0; i < codes.size() && i < filters.size(); i++) {
            Throwable problem = judge.apply(codes.get(i), filters.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Rethrows from inside a future's stage, keeping a {@link BrokerRefusal} recognisable. */
    static CompletionException rethrow(Throwable cause) {
        return cause instanceof CompletionException ce ? ce : new CompletionException(cause);
    }
}
