package io.incidentfeeds.edge.ratelimit;

import java.time.Duration;

/**
 * The per-connection limits on client messages: a sustained rate (1,000 a minute) and a burst
 * (50 in 5 s), both as token buckets, so a message is accepted only when both have a token. Refused
 * messages are counted per minute; more than the abuse threshold within a minute marks the
 * connection as abusive (the caller closes it). Not thread-safe: one per session.
 */
public final class MessageRateLimiter {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    /** What to do with a message. */
    public enum Verdict { ACCEPT, REFUSE, ABUSE }

    private final TokenBucket sustained;
    private final TokenBucket burst;
    private final int abuseThreshold;
    private long refusalWindowStart;
    private int refusals;

    public MessageRateLimiter(int perMinute, int burstLimit, Duration burstWindow, int abuseThreshold, long nowNanos) {
        this.sustained = new TokenBucket(perMinute, MINUTE, nowNanos);
        this.burst = new TokenBucket(burstLimit, burstWindow.toNanos(), nowNanos);
        this.abuseThreshold = abuseThreshold;
        this.refusalWindowStart = nowNanos;
    }

    /** Accounts for one client message arriving at {@code nowNanos}. */
    public Verdict onMessage(long nowNanos) {
        if (sustained.hasToken(nowNanos) && burst.hasToken(nowNanos)) {
            sustained.take();
            burst.take();
            return Verdict.ACCEPT;
        }
        return refuse(nowNanos);
    }

    /** Counts a refusal for another reason (an oversized frame) toward the abuse threshold. */
    public Verdict refuse(long nowNanos) {
        if (nowNanos - refusalWindowStart > MINUTE) {
            refusalWindowStart = nowNanos;
            refusals = 0;
        }
        refusals++;
        return refusals > abuseThreshold ? Verdict.ABUSE : Verdict.REFUSE;
    }
}
