package io.incidentfeeds.connect.mqtt.testkit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publishes numbered, contract-shaped telemetry (a GeoJSON Feature whose {@code incident_id} is
 * unique per message) as a field unit would, and recognises those ids in Kafka records.
 *
 * <p>Each publisher uses its own agency id in the topic, so tests that share an external broker
 * never see each other's messages.
 */
public final class TelemetryPublisher implements AutoCloseable {

    private static final String[] TYPES = {"fire", "medical", "hazmat"};
    private static final Pattern ID = Pattern.compile("\"incident_id\":\"([^\"]+)\"");

    private final String host;
    private final int port;
    private final String agency;
    private final String run;
    private final Mqtt5SimpleAuth auth;
    private Mqtt5BlockingClient client;

    /**
     * @param accounts the sign-in of an agency (this publisher's own, made up here), or null for
     *                 none, for a broker that takes anonymous clients
     */
    public TelemetryPublisher(String host, int port, Function<String, MqttCredentials> accounts) {
        this.host = host;
        this.port = port;
        this.run = UUID.randomUUID().toString().substring(0, 8);
        this.agency = "t" + run;
        this.auth = MqttTestBroker.auth(accounts.apply(agency));
        reconnect();
    }

    /** Connects again (after the broker restarted), publishing under the same agency and ids. */
    public synchronized void reconnect() {
        client = MqttClient.builder().useMqttVersion5().identifier("publisher-" + run)
                .serverHost(host).serverPort(port).simpleAuth(auth).buildBlocking();
        client.connectWith().cleanStart(true).send();
    }

    /** A filter that matches only this publisher's topics. */
    public String filter() {
        return "incident/" + agency + "/+/telemetry";
    }

    public String topicOf(int seq) {
        return "incident/" + agency + "/" + TYPES[seq % TYPES.length] + "/telemetry";
    }

    public String idOf(int seq) {
        return "INC-" + run + "-" + seq;
    }

    /** Publishes message {@code seq} and returns its id once the broker acknowledged it (QoS 1/2). */
    public synchronized String publish(int seq, MqttQos qos, int payloadBytes, boolean retain) {
        client.publishWith().topic(topicOf(seq)).qos(qos).retain(retain).payload(payload(seq, payloadBytes)).send();
        return idOf(seq);
    }

    public String publish(int seq) {
        return publish(seq, MqttQos.AT_LEAST_ONCE, 0, false);
    }

    /** Publishes {@code from} (inclusive) to {@code to} (exclusive) at QoS 1. */
    public List<String> publishRange(int from, int to) {
        List<String> ids = new ArrayList<>(to - from);
        for (int seq = from; seq < to; seq++) {
            ids.add(publish(seq));
        }
        return ids;
    }

    /** A valid telemetry Feature, padded with a title up to about {@code size} bytes. */
    public byte[] payload(int seq, int size) {
        String base = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-122.4194,37.7749]},"
                + "\"properties\":{\"incident_id\":\"" + idOf(seq) + "\",\"agency_id\":\"" + agency + "\","
                + "\"status\":\"active\",\"timestamp\":\"2026-11-22T10:30:00Z\",\"sequence_number\":" + (seq + 1)
                + ",\"title\":\"";
        String end = "\"}}";
        int pad = Math.max(0, size - base.length() - end.length());
        return (base + "x".repeat(pad) + end).getBytes(StandardCharsets.UTF_8);
    }

    /** The incident id inside a payload this class made, or null. */
    public static String idIn(byte[] payload) {
        if (payload == null) {
            return null;
        }
        Matcher m = ID.matcher(new String(payload, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    @Override
    public synchronized void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
