package io.incidentfeeds.brokers;

import java.util.Properties;

/**
 * A broker, or a cluster of them, whose clients sign in with SCRAM ({@link KafkaProcess#withScram},
 * {@link KafkaCluster#withScram}): what a client sets to reach it, without and with a credential.
 */
public interface ScramBroker extends KafkaBroker {

    /**
     * Bootstrap servers, {@code security.protocol}, {@code sasl.mechanism} and, over TLS, the CA to
     * trust: everything but the credential, which goes in {@code sasl.jaas.config} or a JAAS file.
     */
    Properties securityProperties();

    /** Client properties that sign in as {@code user}. */
    Properties scramClientProperties(String user, String password);
}
