package io.incidentfeeds.processor.reconcile;

import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation's own settings, read from the processor's settings (defaults here, so that the
 * step works with any settings file):
 *
 * <ul>
 *   <li>{@code reconciliation.tombstone.retention} (default {@code P8D}): how long a deleted incident's
 *       state (its tombstone and clock) is kept after its deletion was emitted, in record time. An
 *       edit the delete follows that arrives later than this would bring the incident back, so it
 *       should exceed {@code validation.timestamp.max-age} + {@code max-future-skew}: such an edit
 *       is then dead-lettered as too old (given honest timestamps) before it can.
 *   <li>{@code reconciliation.tombstone.scan-interval} (default {@code PT1M}): how often, in stream
 *       time, expired tombstones are looked for.
 *   <li>{@code reconciliation.state-cache.incidents} (default {@value #DEFAULT_CACHED_STATES}): per task,
 *       how many incidents' states are held decoded in memory besides the store
 *       ({@link DecodedStates}); an edit of another incident reads and decodes its state from the
 *       store. A state of ten edits by three agencies takes about 3 KB decoded (430 bytes stored), so
 *       the default holds about 6 MB per task. 0 turns the cache off.
 * </ul>
 */
record ReconcileSettings(Duration tombstoneRetention, Duration scanInterval, int cachedStates) {

    static final String RETENTION = "reconciliation.tombstone.retention";
    static final String SCAN_INTERVAL = "reconciliation.tombstone.scan-interval";
    static final String CACHED_STATES = "reconciliation.state-cache.incidents";
    static final int DEFAULT_CACHED_STATES = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSettings.class);

    static ReconcileSettings from(Properties settings) {
        Duration retention = duration(settings, RETENTION, "P8D");
        Duration scan = duration(settings, SCAN_INTERVAL, "PT1M");
        if (retention.isNegative() || retention.isZero() || scan.isNegative() || scan.isZero()) {
            throw new IllegalArgumentException(RETENTION + " and " + SCAN_INTERVAL + " must be positive");
        }
        Duration maxAge = duration(settings, "validation.timestamp.max-age", "P7D");
        Duration skew = duration(settings, "validation.timestamp.max-future-skew", "PT5M");
        if (retention.compareTo(maxAge.plus(skew)) <= 0) {
            LOG.warn("{}={} is not longer than validation.timestamp.max-age + max-future-skew ({}): an edit older than a delete "
                    + "may arrive after the incident is forgotten and bring it back", RETENTION, retention, maxAge.plus(skew));
        }
        return new ReconcileSettings(retention, scan, cachedStates(settings));
    }

    private static int cachedStates(Properties settings) {
        String value = settings.getProperty(CACHED_STATES, String.valueOf(DEFAULT_CACHED_STATES)).trim();
        try {
            int incidents = Integer.parseInt(value);
            if (incidents >= 0) {
                return incidents;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException(CACHED_STATES + " must be a whole number, 0 or more: " + value);
    }

    private static Duration duration(Properties settings, String key, String fallback) {
        String value = settings.getProperty(key, fallback).trim();
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration like P8D: " + value, e);
        }
    }
}
