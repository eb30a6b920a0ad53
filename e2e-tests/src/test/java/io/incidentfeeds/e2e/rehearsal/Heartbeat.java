package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import io.incidentfeeds.e2e.ScenarioRun;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.simulator.publish.MqttPublisher;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.simulator.scenario.SimulationLedger;
import io.incidentfeeds.testsupport.accounting.PipelineAccounting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * One incident every rehearsal console may see, edited every 100 ms over MQTT like any field
 * unit's telemetry: a San Francisco fire ({@code sffd}'s own, in San Mateo County fire's mutual aid,
 * and every incident is the EOC's), whose point moves a little with each edit so that each edit
 * is a new version. How long a console goes without a new version of it is the disruption a fault
 * causes. Its edits are in a ledger, accounted for like the scenario's.
 */
final class Heartbeat implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(100);
    static final String AGENCY = "sffd";
    private static final String TOPIC = "incident/" + AGENCY + "/fire/telemetry";

    final String incidentId;
    private final SimulationLedger ledger = new SimulationLedger();
    private final MqttPublisher publisher;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "heartbeat"));
    private long sequence;
    private volatile Throwable failure;

    Heartbeat(String mqttUri, MqttCredentials credentials, String incidentId) {
        this.incidentId = incidentId;
        this.publisher = new MqttPublisher(URI.create(mqttUri), "rehearsal-heartbeat",
                credentials.username() + ":" + credentials.password(), 1, 200);
    }

    void start() {
        timer.scheduleAtFixedRate(this::beat, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            sequence++;
            SimulatedMessage message = new SimulatedMessage(TOPIC, payload(sequence, Instant.now()), SimulatedMessage.Kind.EDIT,
                    null, incidentId, new Dot(AGENCY, sequence));
            publisher.publish(message);
            ledger.record(message);
        } catch (Throwable e) {
            failure = e;
            throw new IllegalStateException("heartbeat stopped", e);
        }
    }

    private byte[] payload(long n, Instant now) {
        ObjectNode feature = ContractJson.mapper().createObjectNode();
        feature.put("type", "Feature");
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "Point");
        geometry.putArray("coordinates").add(-122.4194 + (n % 1000) * 1e-5).add(37.7749);
        ObjectNode props = feature.putObject("properties");
        props.put("incident_id", incidentId);
        props.put("agency_id", AGENCY);
        props.put("incident_type", "fire");
        props.put("status", "active");
        props.put("timestamp", now.toString());
        props.put("sequence_number", n);
        if (n == 1) {
            props.put("title", "Rehearsal heartbeat");
        }
        return ContractJson.mapper().writeValueAsString(feature).getBytes(StandardCharsets.UTF_8);
    }

    /** What it has published so far, for the accounting. */
    PipelineAccounting.Published published() {
        return ScenarioRun.published(ledger);
    }

    /** Stops editing and waits for the MQTT broker's acknowledgements of every edit. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        try {
            if (failure != null) {
                throw new AssertionError("the heartbeat failed to publish", failure);
            }
            if (!publisher.drain(Duration.ofMinutes(1)) || publisher.failed() > 0) {
                throw new AssertionError("heartbeat edits unacknowledged or failed at the MQTT broker: " + publisher.failed());
            }
        } finally {
            publisher.close();
        }
    }
}
