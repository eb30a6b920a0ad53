package io.incidentfeeds.simulator.scenario;

import java.time.Instant;
import java.util.List;

/**
 * What to simulate. Everything derives from the seed and the start time: the same config gives the
 * same messages, byte for byte.
 *
 * @param seed              random seed
 * @param start             timestamp of the first edit; later edits advance at {@code 1/ratePerSecond}
 * @param ratePerSecond     messages per second (also the pace of the virtual clock)
 * @param activeIncidents   incidents alive at once
 * @param concurrentShare   share of co-agency edits made without having seen the other's latest edit
 * @param duplicateShare    share of messages that repeat an earlier message exactly (MQTT redelivery)
 * @param outOfOrderShare   share of edits delivered after the edit that follows them
 * @param badShare          share of messages that are bad, spread over every dead-letter reason
 * @param agencies          who publishes
 */
public record ScenarioConfig(long seed, Instant start, double ratePerSecond, int activeIncidents,
                             double concurrentShare, double duplicateShare, double outOfOrderShare,
                             double badShare, List<Agency> agencies) {

    public ScenarioConfig {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be > 0");
        }
        if (activeIncidents < 1) {
            throw new IllegalArgumentException("activeIncidents must be >= 1");
        }
        for (double share : new double[] {concurrentShare, duplicateShare, outOfOrderShare, badShare}) {
            if (share < 0 || share > 0.5) {
                throw new IllegalArgumentException("shares must be within [0, 0.5]");
            }
        }
        agencies = List.copyOf(agencies);
    }

    /** The default: the Bay Area agencies, 10% concurrent, 2% duplicates, 2% out of order, 5% bad. */
    public static ScenarioConfig defaults(long seed, Instant start, double ratePerSecond) {
        return new ScenarioConfig(seed, start, ratePerSecond, 40, 0.10, 0.02, 0.02, 0.05, Agency.bayArea());
    }
}
