package io.incidentfeeds.localstack.component;

import java.util.List;
import java.util.Map;

/**
 * How a component's Kafka clients reach the stack's broker, besides {@code bootstrap.servers}: the
 * client settings ({@code security.protocol}, {@code sasl.mechanism}, the CA to trust) and the JVM
 * options that give it its principal (a JAAS file whose {@code KafkaClient} section holds the
 * credential, so that no settings file or command line holds a password). {@link #PLAINTEXT}: none.
 */
public record KafkaAccess(Map<String, String> settings, List<String> jvmArgs) {

    public static final KafkaAccess PLAINTEXT = new KafkaAccess(Map.of(), List.of());

    public KafkaAccess {
        settings = Map.copyOf(settings);
        jvmArgs = List.copyOf(jvmArgs);
    }
}
