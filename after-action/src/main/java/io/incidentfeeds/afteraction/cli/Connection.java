package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.afteraction.read.Progress;
import io.incidentfeeds.afteraction.read.TopicNames;
import io.incidentfeeds.history.History;
import io.incidentfeeds.schemas.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Where the topics are and what they are called: the options every command shares. */
final class Connection {

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--client-config", paramLabel = "<file>",
            description = "Kafka client properties (security.protocol, ssl.*, sasl.*, ...) for a TLS or SASL cluster.")
    Path clientConfig;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "<seconds>",
            description = "How long to wait for the broker before giving up (default: ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Option(names = "--raw-topic", defaultValue = Topics.RAW, description = "default: ${DEFAULT-VALUE}")
    String raw;

    @Option(names = "--dlq-topic", defaultValue = Topics.DLQ, description = "default: ${DEFAULT-VALUE}")
    String dlq;

    @Option(names = "--reconciled-topic", defaultValue = Topics.RECONCILED, description = "default: ${DEFAULT-VALUE}")
    String reconciled;

    @Option(names = "--history-topic", defaultValue = Topics.HISTORY,
            description = "Every version, not compacted; when it does not exist, versions are read from --reconciled-topic (default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--conflicts-topic", defaultValue = Topics.CONFLICTS, description = "default: ${DEFAULT-VALUE}")
    String conflicts;

    @Option(names = "--checkpoints-topic", defaultValue = Topics.CHECKPOINTS,
            description = "The processor's checkpoints, where pictures known at an instant start (as-of, diff, report); without it, "
                    + "from the raw topic's start (default: ${DEFAULT-VALUE}).")
    String checkpoints;

    TopicNames topics() {
        return new TopicNames(raw, dlq, reconciled, history, conflicts);
    }

    KafkaSource source() {
        return source(1, Progress.NONE);
    }

    /** Partitions read by up to {@code threads} consumers at once, counted in {@code progress}. */
    KafkaSource source(int threads, Progress progress) {
        return new KafkaSource(client(), Duration.ofSeconds(timeoutSeconds), threads, progress);
    }

    /** The versions on {@code versionsTopic} (the history, or the reconciled topic in its place) and the checkpoints. */
    History history(String versionsTopic) {
        return new History(client(), Duration.ofSeconds(timeoutSeconds), versionsTopic, checkpoints);
    }

    /** bootstrap.servers and the --client-config properties: what every Kafka client of a command is given. */
    Properties client() {
        Properties client = new Properties();
        if (clientConfig != null) {
            try (Reader in = Files.newBufferedReader(clientConfig)) {
                client.load(in);
            } catch (IOException e) {
                throw new ReviewException(ExitCode.BAD_CONFIG, "cannot read --client-config " + clientConfig + ": " + e.getMessage());
            }
        }
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return client;
    }
}
