package io.incidentfeeds.connect.mqtt;

import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import io.incidentfeeds.connect.mqtt.delivery.AckingSourceRecord;
import io.incidentfeeds.connect.mqtt.delivery.InFlightWindow;
import io.incidentfeeds.connect.mqtt.delivery.InboundMessage;
import io.incidentfeeds.connect.mqtt.delivery.RecordMapper;
import io.incidentfeeds.connect.mqtt.metrics.TaskMetrics;
import io.incidentfeeds.connect.mqtt.session.Backoff;
import io.incidentfeeds.connect.mqtt.session.LinkSettings;
import io.incidentfeeds.connect.mqtt.session.SessionSupervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client session feeding Kafka. A message is acknowledged to the broker (PUBACK/PUBREC)
 * only in {@link #commitRecord}, that is after Kafka acknowledged its record: if the worker, Kafka
 * or the broker dies in between, the broker still has the message and sends it again.
 */
public class MqttSourceTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceTask.class);
    /** How long poll() waits for a first message; short, so that the worker can stop the task promptly. */
    private static final long POLL_WAIT_MILLIS = 200;
    private static final int MAX_BATCH = 2000;

    private InFlightWindow window;
    private RecordMapper mapper;
    private TaskMetrics metrics;
    private SessionSupervisor session;
    private int maxPayloadBytes;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MqttSourceConfig config = MqttSourceConfig.parseAndCheck(props);
        maxPayloadBytes = config.maxPayloadBytes();
        window = new InFlightWindow(config.maxInFlight());
        mapper = new RecordMapper(config.kafkaTopic());
        metrics = new TaskMetrics();
        metrics.register(context::pluginMetrics, window);
        session = new SessionSupervisor(LinkSettings.from(config), config.serverUris(), config.tls(),
                new Backoff(config.backoffInitial(), config.backoffMax()), window::offer, window::hasRoom, metrics);
        session.start();
        try {
            if (!session.awaitFirstConnection(config.connectTimeout())) {
                RuntimeException refused = session.failure();
                if (refused != null) {
                    session.close();
                    throw new ConnectException(refused.getMessage(), refused);
                }
                LOG.warn("MQTT source task {}: not connected within {} s; running on and retrying in the background",
                        config.clientId(), config.connectTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            throw new ConnectException("interrupted while connecting to MQTT", e);
        }
        LOG.info("MQTT source task {} started: {} -> Kafka topic {}", config.clientId(), config.subscriptionFilters(),
                config.kafkaTopic());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        RuntimeException failure = session.failure();
        if (failure != null) {
            throw new ConnectException(failure.getMessage(), failure);
        }
        List<InboundMessage> batch = window.drain(MAX_BATCH, POLL_WAIT_MILLIS);
        if (batch.isEmpty()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (InboundMessage message : batch) {
            if (message.oversize()) {
                metrics.recordOversize();
                LOG.warn("MQTT message on {} has a {}-byte payload, over mqtt.max.payload.bytes ({}): written with an"
                        + " empty value and mqtt.payload.oversize.bytes", message.topic(), message.oversizeBytes(), maxPayloadBytes);
            }
            records.add(mapper.toRecord(message));
        }
        return records;
    }

    /**
     * Kafka acknowledged the record (or the worker dropped it on purpose: a transformation filtered
     * it, or errors.tolerance=all skipped it; metadata is then null). Either way the message has
     * been dealt with and the broker may forget it.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (record instanceof AckingSourceRecord acking) {
            // Settle before acknowledging: the PUBACK lets the broker send the next message at once,
            // and that one must not find this one still counted, or the window would exceed its bound.
            window.settle();
            acking.message().acknowledgement().run();
            metrics.recordAcknowledged();
        }
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
    }
}
