package io.incidentfeeds.localstack.component;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Writes a component's configuration file, rewritten at every start from the stack's settings. */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static Path write(Path file, Map<String, String> values) throws IOException {
        Files.createDirectories(file.getParent());
        Properties props = new Properties();
        props.putAll(values);
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "written by the local stack at every start; edit local-stack.properties instead");
        }
        return file;
    }
}
