package io.incidentfeeds.connect.mqtt.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the MQTT broker shared by this JVM's tests (an {@link MqttTestBroker} parameter):
 * started once, stopped after the last test. Tests that restart the broker start their own.
 * Sharing is safe because every {@link TelemetryPublisher} publishes under its own agency id.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithMqtt.Extension.class)
public @interface WithMqtt {

    /** Resolves {@link MqttTestBroker} parameters. */
    final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WithMqtt.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == MqttTestBroker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent("broker", key -> start(), Shared.class).broker();
        }

        private static Shared start() {
            try {
                Path dir = Files.createTempDirectory("shared-mqtt");
                return new Shared(MqttTestBroker.start(dir), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private record Shared(MqttTestBroker broker, Path dir) implements AutoCloseable {
            @Override
            public void close() throws IOException {
                broker.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
        }
    }
}
