package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.connect.mqtt.MqttSourceConnector;
import java.util.HashMap;
import java.util.Map;

/** A connector configuration as an operator would write it, pointed at the test's broker, filter and topic. */
public final class ConnectorConfigs {

    private ConnectorConfigs() {
    }

    public static Map<String, String> of(String name, String mqttUri, String filter, String kafkaTopic) {
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("connector.class", MqttSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("mqtt.server.uri", mqttUri);
        config.put("mqtt.topics", filter);
        config.put("kafka.topic", kafkaTopic);
        config.put("mqtt.qos", "1");
        // Tests restart things on purpose: reconnect quickly.
        config.put("mqtt.reconnect.backoff.initial.ms", "100");
        config.put("mqtt.reconnect.backoff.max.ms", "1000");
        return config;
    }
}
