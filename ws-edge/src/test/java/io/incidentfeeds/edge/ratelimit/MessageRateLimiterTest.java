package io.incidentfeeds.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.ratelimit.MessageRateLimiter.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfFiftyThenRefusalsUntilTheBucketRefills() {
        MessageRateLimiter limiter = new MessageRateLimiter(1000, 50, Duration.ofSeconds(5), 20, 0);
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.onMessage(0)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(limiter.onMessage(0)).isEqualTo(Verdict.REFUSE);
        // 50 per 5 s: one token every 100 ms
        assertThat(limiter.onMessage(SECOND / 10)).isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.onMessage(SECOND / 10)).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void thePerMinuteLimitHoldsWhereTheBurstLimitWouldAllowMore() {
        // 100 a minute, bursts of 50 a second: 20 messages a second never trip the burst bucket.
        MessageRateLimiter limiter = new MessageRateLimiter(100, 50, Duration.ofSeconds(1), 1_000_000, 0);
        int accepted = 0;
        for (long t = 0; t < 60 * SECOND; t += SECOND / 20) {
            if (limiter.onMessage(t) == Verdict.ACCEPT) {
                accepted++;
            }
        }
        // the bucket starts full (100) and refills 100 over the minute
        assertThat(accepted).isBetween(199, 200);
    }

    @Test
    void moreThanTheThresholdOfRefusalsInAMinuteIsAbuse() {
        MessageRateLimiter limiter = new MessageRateLimiter(1000, 1, Duration.ofSeconds(5), 3, 0);
        limiter.onMessage(0);
        assertThat(limiter.onMessage(1)).isEqualTo(Verdict.REFUSE);
        assertThat(limiter.onMessage(2)).isEqualTo(Verdict.REFUSE);
        assertThat(limiter.refuse(3)).isEqualTo(Verdict.REFUSE);
        assertThat(limiter.onMessage(4)).isEqualTo(Verdict.ABUSE);
        // a minute later the count starts again
        assertThat(limiter.refuse(62 * SECOND)).isEqualTo(Verdict.REFUSE);
    }
}
