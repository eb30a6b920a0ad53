package io.incidentfeeds.edge.ratelimit;

/**
 * A token bucket: {@code capacity} tokens, refilled continuously at {@code capacity} per
 * {@code periodNanos}. Time comes from the caller, so the bucket is deterministic. Not thread-safe
 * (one per session, used under the session's lock).
 */
public final class TokenBucket {

    private final long capacity;
    private final double tokensPerNano;
    private double tokens;
    private long last;

    public TokenBucket(long capacity, long periodNanos, long nowNanos) {
        if (capacity < 1 || periodNanos < 1) {
            throw new IllegalArgumentException("capacity and period must be positive");
        }
        this.capacity = capacity;
        this.tokensPerNano = (double) capacity / periodNanos;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Whether a token is available at {@code nowNanos}, without taking it. */
    public boolean hasToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1;
    }

    /** Takes a token; call only after {@link #hasToken(long)} said yes. */
    public void take() {
        tokens -= 1;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            last = nowNanos;
        }
    }
}
