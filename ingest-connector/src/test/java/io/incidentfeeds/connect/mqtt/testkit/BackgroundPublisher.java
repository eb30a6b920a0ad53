package io.incidentfeeds.connect.mqtt.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps publishing at QoS 1 at a steady pace on its own thread, as field units do while the
 * connector, the worker or Kafka is being restarted. Only messages the broker acknowledged count
 * as published.
 */
public final class BackgroundPublisher implements AutoCloseable {

    private final TelemetryPublisher publisher;
    private final int total;
    private final long pauseNanos;
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;

    public BackgroundPublisher(TelemetryPublisher publisher, int total, int perSecond) {
        this.publisher = publisher;
        this.total = total;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "background-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            int seq;
            while (!stopped && (seq = next.getAndIncrement()) < total) {
                published.add(publisher.publish(seq));
                LockSupport.parkNanos(pauseNanos);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * An outage in the middle of the stream: waits until {@code before} records reached the topic,
     * brings the fault, and waits until {@code during} more messages were published behind it.
     */
    public void outage(String bootstrapServers, String topic, int before, Runnable fault, int during, Duration timeout) {
        Eventually.holds(timeout, before + " records before the fault",
                () -> RawTopic.size(bootstrapServers, topic) >= before);
        fault.run();
        int atFault = publishedCount();
        Eventually.holds(timeout, during + " more published during the outage", () -> publishedCount() >= atFault + during);
    }

    public int publishedCount() {
        return published.size();
    }

    /** Waits until all {@code total} messages were published, and returns their ids. */
    public List<String> awaitAll(long timeoutSeconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        if (failure != null) {
            throw new AssertionError("publishing failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError("publishing not finished after " + timeoutSeconds + " s: " + published.size() + "/" + total);
        }
        return List.copyOf(published);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
    }
}
