package io.incidentfeeds.simulator.publish;

import io.incidentfeeds.schemas.topics.MqttTopic;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes each message over the connection of the agency its topic names, as a broker with one
 * account per agency requires (the deployment's ACL lets an account publish only its own agency's
 * telemetry). With a single shared connection, every message goes over that one.
 */
public final class AgencyPublishers implements AutoCloseable {

    private final Map<String, MqttPublisher> byAgency;
    private final MqttPublisher shared;

    private AgencyPublishers(Map<String, MqttPublisher> byAgency, MqttPublisher shared) {
        this.byAgency = byAgency;
        this.shared = shared;
    }

    /** Every message over one connection. */
    public static AgencyPublishers shared(MqttPublisher publisher) {
        return new AgencyPublishers(Map.of(), publisher);
    }

    /**
     * One connection per agency, signed in as the agency with the password in
     * {@code <dir>/<agency>.password} (what deploy/make-secrets.sh writes in deploy/secrets/mqtt-agencies).
     */
    public static AgencyPublishers perAgency(URI broker, String clientId, Path dir, Collection<String> agencies, int qos,
                                             int maxInFlight) throws IOException {
        Map<String, MqttPublisher> byAgency = new LinkedHashMap<>();
        try {
            for (String agency : agencies) {
                String password = Files.readString(dir.resolve(agency + ".password")).trim();
                byAgency.put(agency, new MqttPublisher(broker, clientId + "-" + agency, agency + ":" + password, qos, maxInFlight));
            }
        } catch (IOException | RuntimeException e) {
            byAgency.values().forEach(MqttPublisher::close);
            throw e;
        }
        return new AgencyPublishers(byAgency, null);
    }

    /** Publishes one message; blocks while its connection has too many unacknowledged publishes. */
    public void publish(SimulatedMessage message) throws InterruptedException {
        publisherFor(message.topic()).publish(message);
    }

    private MqttPublisher publisherFor(String topic) {
        if (shared != null) {
            return shared;
        }
        String agency = MqttTopic.parse(topic).map(MqttTopic::agencyId)
                .orElseThrow(() -> new IllegalArgumentException("no agency in topic " + topic));
        MqttPublisher publisher = byAgency.get(agency);
        if (publisher == null) {
            throw new IllegalArgumentException("no credentials for agency " + agency);
        }
        return publisher;
    }

    /** Waits until every publish so far is acknowledged (or failed) on every connection. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (MqttPublisher publisher : publishers()) {
            if (!publisher.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    public long acknowledged() {
        return publishers().stream().mapToLong(MqttPublisher::acknowledged).sum();
    }

    public long failed() {
        return publishers().stream().mapToLong(MqttPublisher::failed).sum();
    }

    private Collection<MqttPublisher> publishers() {
        return shared != null ? java.util.List.of(shared) : byAgency.values();
    }

    @Override
    public void close() {
        publishers().forEach(MqttPublisher::close);
    }
}
