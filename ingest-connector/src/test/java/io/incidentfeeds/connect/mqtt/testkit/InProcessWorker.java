package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.brokers.KafkaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A real Kafka Connect worker (standalone mode, exactly what {@code connect-standalone.sh} runs) in
 * the test JVM, with the connector from the test class path. Stopping it is a graceful worker
 * shutdown; {@link ChildWorker} is the one to kill.
 */
public final class InProcessWorker implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;

    private InProcessWorker(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /**
     * @param dataDir keeps the worker's offsets file; reuse it to restart "the same" worker
     */
    public static InProcessWorker start(String bootstrapServers, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InProcessWorker(new ConnectStandalone().startConnect(workerProperties(bootstrapServers, dataDir)));
    }

    /**
     * A worker running one connector whose tasks are all connected to MQTT (and so subscribed):
     * from then on, whatever is published is delivered or queued for them.
     */
    public static InProcessWorker startConnector(String bootstrapServers, Path dataDir, String name,
                                                 Map<String, String> config, Duration timeout) {
        int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
        InProcessWorker worker = start(bootstrapServers, dataDir);
        worker.deploy(name, config);
        worker.awaitRunning(name, tasks, timeout);
        Eventually.holds(timeout, name + " connected to MQTT", () -> java.util.stream.IntStream.range(0, tasks)
                .allMatch(task -> TaskMetricsReader.value(name, task, "connected") == 1));
        return worker;
    }

    static Map<String, String> workerProperties(String bootstrapServers, Path dataDir) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("listeners", "http://127.0.0.1:" + KafkaProcess.freePort());
        props.put("offset.storage.file.filename", dataDir.resolve("connect.offsets").toString());
        props.put("offset.flush.interval.ms", "1000");
        // The contract's raw record: string key, payload bytes untouched, string headers.
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter");
        // Plugins from their ServiceLoader manifests (ours has one) instead of scanning every class.
        props.put("plugin.discovery", "service_load");
        return props;
    }

    public void deploy(String name, Map<String, String> config) {
        FutureCallback<Object> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, config, true, (error, result) -> created.onCompletion(error, result));
        try {
            created.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create connector " + name, e);
        }
    }

    /** Waits until the connector and {@code tasks} tasks report RUNNING. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        Eventually.holds(timeout, "connector " + name + " RUNNING with " + tasks + " tasks", () -> {
            ConnectorStateInfo status = status(name);
            return "RUNNING".equals(status.connector().state()) && status.tasks().size() == tasks
                    && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        });
    }

    public ConnectorStateInfo status(String name) {
        return connect.herder().connectorStatus(name);
    }

    /** The worker's own validation, as {@code PUT /connector-plugins/{class}/config/validate} runs it. */
    public ConfigInfos validate(Map<String, String> config) {
        FutureCallback<ConfigInfos> result = new FutureCallback<>();
        connect.herder().validateConnectorConfig(config, result);
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("validation did not complete", e);
        }
    }

    @Override
    public void close() {
        connect.stop();
    }
}
