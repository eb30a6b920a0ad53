package io.incidentfeeds.edge.bench;

import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds the edge as the stream processor would: reconciled updates written to its topic at a fixed
 * rate, round robin over the agencies and their incidents, each record made just before it is sent
 * so that its {@code event_time} is its write time (the consoles measure latency from it).
 */
final class EdgeFeed implements AutoCloseable {

    static final int INCIDENTS_PER_AGENCY = 20;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int agencies;
    private final long[][] versions;
    private volatile boolean running;
    private Thread thread;

    EdgeFeed(String bootstrap, String topic, int agencies) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.agencies = agencies;
        this.versions = new long[agencies][INCIDENTS_PER_AGENCY];
    }

    static String agency(int a) {
        return "agency-" + a;
    }

    /** The record of incident {@code i} of agency {@code a} at {@code version}, stamped now. */
    static ReconciledIncident incident(int a, int i, long version) {
        return Incidents.incident("B-" + a + "-" + i, version, version == 1 ? DiffType.CREATE : DiffType.UPDATE,
                List.of(agency(a)), List.of("j-" + a), "fire", "moderate", -122.4 + i * 0.001, 37.7 + a * 0.001);
    }

    /** Writes version 1 of every incident (the view the edge loads before consoles subscribe). */
    void writeInitial() {
        for (int a = 0; a < agencies; a++) {
            for (int i = 0; i < INCIDENTS_PER_AGENCY; i++) {
                send(a, i);
            }
        }
        producer.flush();
    }

    /** Starts writing {@code rate} updates a second in all, in ticks of 10 ms. */
    void start(int rate) {
        running = true;
        thread = new Thread(() -> {
            long t0 = System.nanoTime();
            long written = 0;
            for (long tick = 1; running; tick++) {
                long due = tick * rate / 100;
                for (; written < due; written++) {
                    send((int) (written % agencies), (int) ((written / agencies) % INCIDENTS_PER_AGENCY));
                }
                long sleep = t0 + tick * 10_000_000L - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "edge-feed");
        thread.start();
    }

    /** Stops writing and waits until everything written is acknowledged; returns the last version of each incident. */
    Map<String, Long> stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
        producer.flush();
        Map<String, Long> last = new TreeMap<>();
        for (int a = 0; a < agencies; a++) {
            for (int i = 0; i < INCIDENTS_PER_AGENCY; i++) {
                last.put("B-" + a + "-" + i, versions[a][i]);
            }
        }
        return last;
    }

    private void send(int a, int i) {
        long v = ++versions[a][i];
        producer.send(new ProducerRecord<>(topic, "B-" + a + "-" + i, incident(a, i, v).toJson()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
        producer.close();
    }
}
