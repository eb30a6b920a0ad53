package io.incidentfeeds.connect.mqtt.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a task holds between the MQTT client's callback and Kafka's acknowledgement: messages waiting
 * for {@code poll()} and records the producer has not acknowledged yet.
 *
 * <p>The bound is enforced upstream, by the broker: with MQTT 5 the connector announces it as its
 * receive maximum, so the broker stops sending QoS 1/2 messages once that many are unacknowledged
 * and queues the rest in the session. This class never blocks the MQTT client's threads (that would
 * also stop its keep-alive and acknowledgements); the only thing it refuses is a QoS 0 message when
 * full, since QoS 0 has no flow control and no redelivery to wait for.
 */
public final class InFlightWindow {

    private final int bound;
    private final LinkedBlockingQueue<InboundMessage> waiting = new LinkedBlockingQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong qos0Dropped = new AtomicLong();

    public InFlightWindow(int bound) {
        this.bound = bound;
    }

    /** Called on the MQTT client's thread; never blocks. Returns false when a QoS 0 message was dropped. */
    public boolean offer(InboundMessage message) {
        if (message.qos() == 0 && held.get() >= bound) {
            qos0Dropped.incrementAndGet();
            return false;
        }
        int now = held.incrementAndGet();
        highWater.accumulateAndGet(now, Math::max);
        received.incrementAndGet();
        waiting.add(message);
        return true;
    }

    /**
     * Takes up to {@code max} messages, waiting up to {@code waitMillis} for the first one so that
     * {@code poll()} neither spins nor blocks the worker for long.
     */
    public List<InboundMessage> drain(int max, long waitMillis) throws InterruptedException {
        List<InboundMessage> batch = new ArrayList<>();
        InboundMessage first = waiting.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            waiting.drainTo(batch, max - 1);
        }
        return batch;
    }

    /** A message's record was acknowledged by Kafka (or deliberately skipped by the worker). */
    public void settle() {
        held.decrementAndGet();
    }

    /** Whether a new connection may be opened without exceeding the bound by more than one window. */
    public boolean hasRoom() {
        return held.get() < bound;
    }

    public int held() {
        return held.get();
    }

    public int highWater() {
        return highWater.get();
    }

    public long received() {
        return received.get();
    }

    public long qos0Dropped() {
        return qos0Dropped.get();
    }
}
