package io.incidentfeeds.processor.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar stream-processor.jar [--config settings.properties] [--provision]}: runs until
 * SIGTERM/SIGINT (graceful shutdown) or until Kafka Streams fails for good (exit status 1, so a
 * supervisor restarts it). The file may also be named by the environment variable
 * {@code PROCESSOR_CONFIG}. With {@code --provision} it only creates and checks the topics
 * ({@code topics.provisioning}) and exits: the admin's step, run with the admin's credentials,
 * before the processor runs with its own principal and {@code topics.provisioning=check}.
 */
public final class StreamProcessorMain {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorMain.class);

    private StreamProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = null;
        boolean provisionOnly = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].equals("--provision")) {
                provisionOnly = true;
            } else {
                System.err.println("usage: stream-processor [--config settings.properties] [--provision]");
                System.exit(2);
            }
        }
        if (file == null && System.getenv(ProcessorConfig.ENV_CONFIG_FILE) != null) {
            file = Path.of(System.getenv(ProcessorConfig.ENV_CONFIG_FILE));
        }
        if (file != null && !Files.isReadable(file)) {
            System.err.println("cannot read settings file " + file);
            System.exit(2);
        }
        ProcessorConfig config = ProcessorConfig.load(file, System.getenv(), Map.of());
        if (provisionOnly) {
            StreamProcessor.provisionTopics(config);
            LOG.info("topics provisioned ({}); exiting", config.provisioning());
            return;
        }
        StreamProcessor processor = StreamProcessor.start(config);
        LOG.info("stream processor started; /health on port {}", processor.httpPort());
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            processor.close();
            closed.countDown();
        }, "shutdown"));
        KafkaStreams.State end = processor.terminated().join();
        if (end == KafkaStreams.State.ERROR) {
            LOG.error("kafka streams failed; exiting with status 1");
            System.exit(1);
        }
        closed.await();
    }
}
