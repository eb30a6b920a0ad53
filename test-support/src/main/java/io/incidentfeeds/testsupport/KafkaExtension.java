package io.incidentfeeds.testsupport;

import io.incidentfeeds.brokers.KafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test a real Kafka broker: declare a {@link KafkaBroker} parameter
 * (test method, constructor, or {@code @BeforeAll}).
 *
 * <p>One broker per test JVM, started on first use and stopped when the JVM's tests end. Tests
 * share it, so each creates its own topics ({@link KafkaBroker#uniqueName(String)}).
 *
 * <p>Where the broker comes from:
 * <ul>
 *   <li>{@code -Dincidentfeeds.kafka.bootstrap=host:port}: an external broker that is already running
 *       (for example a Testcontainers or docker-compose Kafka on a machine that has Docker);</li>
 *   <li>otherwise a broker in the test JVM ({@link InJvmKafkaBroker}), which needs no Docker.</li>
 * </ul>
 */
public final class KafkaExtension implements ParameterResolver {

    /** System property naming an external broker to use instead of starting one. */
    public static final String EXTERNAL_BOOTSTRAP_PROPERTY = "incidentfeeds.kafka.bootstrap";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The broker shared by every test of this JVM. */
    public static KafkaBroker shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("broker", key -> new SharedBroker(startBroker()), SharedBroker.class)
                .broker();
    }

    private static KafkaBroker startBroker() {
        String external = System.getProperty(EXTERNAL_BOOTSTRAP_PROPERTY, "");
        if (!external.isBlank()) {
            return () -> external;
        }
        return InJvmKafkaBroker.start();
    }

    /** Closes the broker when the root context closes, i.e. after the JVM's last test. */
    private record SharedBroker(KafkaBroker broker) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
