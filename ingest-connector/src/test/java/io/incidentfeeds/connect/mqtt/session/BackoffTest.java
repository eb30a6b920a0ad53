package io.incidentfeeds.connect.mqtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(3_000));

    @Test
    void eachDelayDoublesTheCeilingAndStaysWithinItsJitterBand() {
        for (int failures = 0; failures < 10; failures++) {
            long ceiling = Math.min(3_000, 100L << failures);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayMillis(failures)).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void theDelayIsCappedEvenAfterManyFailures() {
        assertThat(backoff.delayMillis(10_000)).isBetween(1_500L, 3_000L);
    }

    @Test
    void delaysAreJitteredSoThatTasksDoNotReconnectInLockStep() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(backoff.delayMillis(5));
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }
}
