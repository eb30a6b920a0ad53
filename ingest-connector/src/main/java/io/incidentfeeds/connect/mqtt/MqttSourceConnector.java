package io.incidentfeeds.connect.mqtt;

import io.incidentfeeds.connect.mqtt.config.CrossChecks;
import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source connector: MQTT telemetry into {@code incidents.raw}, at least once.
 *
 * <p>The connector itself only validates the configuration and hands each task its index; with
 * several tasks they share the subscription (MQTT 5 {@code $share/{group}/{filter}}), so that each
 * message goes to one of them.
 */
public class MqttSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MqttSourceConfig.parseAndCheck(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(MqttSourceConfig.TASK_INDEX, Integer.toString(i));
            task.put(MqttSourceConfig.TASK_COUNT, Integer.toString(maxTasks));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing runs in the connector: the tasks own the MQTT connections.
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.CONFIG_DEF;
    }

    /**
     * Single-key checks come from the ConfigDef; the rules that involve several keys, or opening a
     * store with its password, are added to the key the operator has to change, so that the REST
     * API's validation reports them before anything starts.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean singleKeyErrors = config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
        if (singleKeyErrors) {
            return config;
        }
        List<CrossChecks.Problem> problems;
        try {
            problems = CrossChecks.of(new MqttSourceConfig(connectorConfigs), connectorConfigs);
        } catch (ConfigException e) {
            return config; // already reported per key
        }
        for (CrossChecks.Problem problem : problems) {
            config.configValues().stream()
                    .filter(value -> value.name().equals(problem.key()))
                    .findFirst()
                    .ifPresent((ConfigValue value) -> value.addErrorMessage(problem.message()));
        }
        return config;
    }

    /** MQTT cannot replay a position, so a transactional restart could not resume exactly. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
