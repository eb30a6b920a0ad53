package io.incidentfeeds.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The README's configuration table is what operators read: it must list every key with its real default. */
class ReadmeConfigTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]+) \\|");

    @Test
    void theReadmeListsEveryKeyWithItsDefault() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find() && row.group(1).contains(".")) {
                documented.put(row.group(1), row.group(2).replace("*", "").replace("`", "").trim());
            }
        }
        Map<String, String> defined = new TreeMap<>();
        for (ConfigDef.ConfigKey key : MqttSourceConfig.CONFIG_DEF.configKeys().values()) {
            if (!key.internalConfig) {
                defined.put(key.name, rendered(key.defaultValue));
            }
        }
        assertThat(documented).isEqualTo(defined);
    }

    private static String rendered(Object value) {
        if (value == ConfigDef.NO_DEFAULT_VALUE) {
            return "(required)";
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        if (value instanceof Password password) {
            return password.value().isEmpty() ? "\"\"" : "[hidden]";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : text;
    }
}
