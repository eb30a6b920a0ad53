package io.incidentfeeds.connect.mqtt.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Single-key validators. Each turns the helper's {@link IllegalArgumentException} into a
 * {@link ConfigException}, whose message starts "Invalid value ... for configuration {key}", so
 * that the operator sees the key next to the problem in the REST API and in the worker's log.
 */
final class Validators {

    private Validators() {
    }

    static ConfigDef.Validator serverUris() {
        return listOf("tcp://host:port or ssl://host:port", ServerUri::parse);
    }

    static ConfigDef.Validator topicFilters() {
        return listOf("MQTT topic filters", TopicFilters::check);
    }

    static ConfigDef.Validator shareGroup() {
        return stringOf("a share name, or empty", group -> {
            if (!group.isEmpty()) {
                TopicFilters.checkShareGroup(group);
            }
        });
    }

    static ConfigDef.Validator readableFileOrEmpty() {
        return stringOf("a readable file, or empty", path -> {
            if (!path.isBlank()) {
                Stores.checkReadable(path);
            }
        });
    }

    private static ConfigDef.Validator listOf(String what, java.util.function.Consumer<String> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                List<?> items = (List<?>) value;
                if (items == null || items.isEmpty()) {
                    throw new ConfigException(name, value, "must list at least one entry (" + what + ")");
                }
                for (Object item : items) {
                    try {
                        check.accept((String) item);
                    } catch (ServerUri.SecretInValue e) {
                        throw new ConfigException("Invalid value for configuration " + name + ": " + e.getMessage());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }
            }

            @Override
            public String toString() {
                return "a non-empty list of " + what;
            }
        };
    }

    private static ConfigDef.Validator stringOf(String what, java.util.function.Consumer<String> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    check.accept(value == null ? "" : ((String) value).trim());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }
}
