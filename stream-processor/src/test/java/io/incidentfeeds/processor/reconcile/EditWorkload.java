package io.incidentfeeds.processor.reconcile;

import io.incidentfeeds.schemas.topics.RawRecordKey;

import io.incidentfeeds.processor.RawRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;

/**
 * A reproducible stream of raw edits (same seed, same records) from three fire agencies working
 * the same incidents. Each edit is made by an agency that, most of the time, has seen every earlier
 * edit of the incident; a given share of edits are concurrent instead: made from what the agency
 * knew at its previous edit, without the others' edits since. Edits carry the status the agency
 * saw (now and then moving it on), usually a new position, sometimes a severity (so concurrent
 * edits conflict on it now and then), rarely a delete.
 */
public final class EditWorkload {

    /** One raw record as the connector lands it. */
    public record Raw(String incident, String mqttTopic, byte[] payload, Headers headers, long timestamp) {

        /** Its key as the connector gives it: the incident ({@link RawRecordKey}). */
        public byte[] key() {
            return RawRecordKey.of(mqttTopic, payload).getBytes(StandardCharsets.UTF_8);
        }
    }

    static final List<String> AGENCIES = List.of("sffd", "calfire", "smcfire");
    private static final String[] STATUSES = {"active", "contained", "resolved"};
    private static final String[] SEVERITIES = {"minor", "moderate", "severe", "critical"};

    private final Random random;
    private final int incidents;
    private final double concurrentShare;
    private final Instant start;
    private final Duration spacing;
    private final String prefix;
    private final Map<Integer, Incident> state = new HashMap<>();
    private long produced;

    /** What the generator remembers of an incident: everything done, and what each agency had seen. */
    private static final class Incident {
        final TreeMap<String, Long> done = new TreeMap<>();
        final Map<String, TreeMap<String, Long>> seen = new HashMap<>();
        final Map<String, String> statusSeen = new HashMap<>();
        String status = "active";
    }

    /**
     * @param incidents       distinct incident ids, {@code prefix-0 .. prefix-(n-1)}
     * @param concurrentShare share of edits made without the others' latest edits
     * @param start           when the first edit is made; each next one {@code spacing} later
     */
    public EditWorkload(long seed, String prefix, int incidents, double concurrentShare, Instant start, Duration spacing) {
        this.random = new Random(seed);
        this.prefix = prefix;
        this.incidents = incidents;
        this.concurrentShare = concurrentShare;
        this.start = start;
        this.spacing = spacing;
    }

    /**
     * The throughput benchmark's workload ({@code TopologyThroughputBenchmark --workload edits}), also
     * measured by {@link WorkloadSizes}: one seed, edits 100 ms apart from 2026-11-22T08:00Z.
     */
    public static EditWorkload throughputBenchmark(int incidents, double concurrentShare) {
        return new EditWorkload(42, "INC-BENCH", incidents, concurrentShare, Instant.parse("2026-11-22T08:00:00Z"), Duration.ofMillis(100));
    }

    public Raw next() {
        return next(random.nextInt(incidents));
    }

    /** The next edit of incident {@code n} (0 to incidents - 1), by a random agency. */
    public Raw next(int n) {
        Incident incident = state.computeIfAbsent(n, k -> new Incident());
        String agency = AGENCIES.get(random.nextInt(AGENCIES.size()));
        TreeMap<String, Long> seen = incident.seen.computeIfAbsent(agency, a -> new TreeMap<>());
        if (random.nextDouble() >= concurrentShare) {
            seen.putAll(incident.done); // caught up with everything before editing
            incident.statusSeen.put(agency, incident.status);
        }
        long seq = incident.done.getOrDefault(agency, 0L) + 1;
        seen.put(agency, seq);
        incident.done.put(agency, seq);

        String status = incident.statusSeen.getOrDefault(agency, "active");
        if (random.nextInt(100) < 5) {
            status = STATUSES[Math.min(STATUSES.length - 1, List.of(STATUSES).indexOf(status) + 1)];
        }
        incident.statusSeen.put(agency, status);
        incident.status = status;

        Instant madeAt = start.plus(spacing.multipliedBy(produced++));
        StringBuilder props = new StringBuilder()
                .append("\"incident_id\":\"").append(prefix).append('-').append(n).append('"')
                .append(",\"agency_id\":\"").append(agency).append('"')
                .append(",\"status\":\"").append(status).append('"')
                .append(",\"timestamp\":\"").append(madeAt).append('"')
                .append(",\"sequence_number\":").append(seq)
                .append(",\"clock\":{");
        String separator = "";
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            props.append(separator).append('"').append(e.getKey()).append("\":").append(e.getValue());
            separator = ",";
        }
        props.append('}');
        int roll = random.nextInt(100);
        if (roll < 30) {
            props.append(",\"severity\":\"").append(SEVERITIES[random.nextInt(SEVERITIES.length)]).append('"');
        }
        if (random.nextInt(100) == 0) {
            props.append(",\"op\":\"delete\"");
        }
        String geometry = roll < 75 ? point() : roll < 80 ? polygon(12 + random.nextInt(29)) : "null";
        String payload = "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{" + props + "}}";
        String topic = "incident/" + agency + "/fire/telemetry";
        return new Raw(prefix + "-" + n, topic, payload.getBytes(StandardCharsets.UTF_8), RawRecords.mqttHeaders(topic),
                madeAt.toEpochMilli() + 200);
    }

    /** A GPS fix in San Francisco, with more decimals than normalization keeps. */
    private String point() {
        return "{\"type\":\"Point\",\"coordinates\":[" + coordinate(-122.52, -122.36) + "," + coordinate(37.71, 37.81) + "]}";
    }

    /** A perimeter around a centre: star-shaped, so valid, counter-clockwise. */
    private String polygon(int vertices) {
        double lon = -122.50 + 0.12 * random.nextDouble();
        double lat = 37.72 + 0.08 * random.nextDouble();
        StringBuilder ring = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        String first = null;
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * (i + 0.5 * random.nextDouble()) / vertices;
            double r = 0.004 * (0.6 + 0.4 * random.nextDouble());
            String position = "[" + format(lon + r * Math.cos(angle)) + "," + format(lat + r * Math.sin(angle)) + "]";
            first = first == null ? position : first;
            ring.append(position).append(',');
        }
        return ring.append(first).append("]]}").toString();
    }

    private String coordinate(double min, double max) {
        return format(min + (max - min) * random.nextDouble());
    }

    private static String format(double degrees) {
        return String.format(Locale.ROOT, "%.8f", degrees);
    }
}
