package io.incidentfeeds.afteraction.reprocess;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.history.HistoryException;
import io.incidentfeeds.history.TopicReader;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaFuture;

/**
 * The Kafka clients a reprocess run uses besides Kafka Streams, from the command's connection
 * properties: an admin client and a reader (the history module's {@link TopicReader}: read_committed,
 * partitions assigned, no group), each call bounded by the timeout.
 */
final class Clients {

    private final Properties client;
    private final Duration timeout;

    Clients(Properties client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    Admin admin() {
        Properties props = new Properties();
        props.putAll(client);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(props);
    }

    /** A reader kept open by its user (close it); its unanswered calls are {@link HistoryException}s. */
    TopicReader reader() {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // an offset already purged: the first one held
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "after-action-reprocess-reader");
        return new TopicReader(props, timeout);
    }

    /** {@code work} with a reader, closed after; its unanswered calls are an unreachable broker. */
    <T> T read(Function<TopicReader, T> work) {
        try (TopicReader reader = reader()) {
            return work.apply(reader);
        } catch (HistoryException e) {
            throw unreachable();
        }
    }

    /** The admin call's result within the timeout; an unanswered call is an unreachable broker. */
    <T> T await(KafkaFuture<T> call, String what) {
        return await(call, what, null, null);
    }

    /** The same, with {@code otherwise} when the call fails with {@code absent} (a group that does not exist, say). */
    <T> T await(KafkaFuture<T> call, String what, Class<? extends Throwable> absent, T otherwise) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            if (absent != null && absent.isInstance(e.getCause())) {
                return otherwise;
            }
            throw new ReviewException(ExitCode.INTERNAL, "cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException(ExitCode.INTERNAL, "interrupted while trying to " + what);
        }
    }

    ReviewException unreachable() {
        return new ReviewException(ExitCode.BROKER_UNREACHABLE, "no Kafka broker answered at "
                + client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + timeout.toSeconds()
                + " s (--bootstrap, --client-config, --timeout)");
    }
}
