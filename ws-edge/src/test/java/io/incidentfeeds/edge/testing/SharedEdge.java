package io.incidentfeeds.edge.testing;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.testsupport.KafkaExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One ws-edge for every test of this JVM (starting Spring once, not per class), on its own
 * compacted 3-partition topic of the shared test broker. Tests keep out of each other's way by
 * using their own incident ids and agencies. Declare an {@link Edge} parameter.
 */
public final class SharedEdge implements ParameterResolver {

    /** The shared edge and the way to write to its topic. */
    public record Edge(EdgeInstance instance, Incidents incidents, KafkaBroker kafka, String topic) {
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedEdge.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Edge.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("edge", k -> start(KafkaExtension.shared(context)), Running.class).edge();
    }

    private static Running start(KafkaBroker kafka) {
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 3,
                Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic + ".conflicts", 3);
        kafka.createTopic(topic + ".history", 3);
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        props.put("edge.kafka.change-log-per-partition", "100");
        props.put("edge.replay.history-topic", topic + ".history");
        props.put("edge.limits.outbound-buffer", "100");
        props.put("edge.auth.timeout", "2s");
        props.put("edge.heartbeat.interval", "1s");
        props.put("edge.heartbeat.timeout", "20s");
        EdgeInstance edge = EdgeInstance.start(props);
        Readiness.await(edge);
        return new Running(new Edge(edge, new Incidents(kafka.bootstrapServers(), topic), kafka, topic));
    }

    private record Running(Edge edge) implements AutoCloseable {
        @Override
        public void close() {
            edge.incidents().close();
            edge.instance().close();
        }
    }
}
