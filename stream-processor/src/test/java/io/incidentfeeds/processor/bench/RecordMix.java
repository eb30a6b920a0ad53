package io.incidentfeeds.processor.bench;

import io.incidentfeeds.processor.RawRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.common.header.Headers;

/**
 * A realistic, reproducible mix of raw records (same seed, same records): 80% Points, 15% Polygons
 * of 20-200 vertices (perimeters round a centre, optionally some with a deep bay), 5% bad records
 * (one of six faults in turn). Four agencies around San Francisco, 1,000 incidents, edits one
 * second apart; each record reaches Kafka 500 ms after its edit was made.
 */
public final class RecordMix {

    /** One raw record as the connector writes it. */
    public record Raw(String mqttTopic, byte[] payload, Headers headers, long timestamp) {
    }

    private static final String[][] AGENCIES = {{"sffd", "fire"}, {"sfpd", "crime"}, {"sf-ems", "medical"}, {"calfire", "fire"}};
    private static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    private static final String[] FAULTS = {"malformed-json", "schema-violation", "agency-mismatch", "coordinate-out-of-range",
        "invalid-geometry", "clock-invalid"};

    private final Random random;
    private final double bayedShare;
    private final long[] sequence = new long[AGENCIES.length * 1000];
    private int produced;
    private int faults;

    /** Perimeters drawn round a centre: star-shaped, the shape the normalizer proves valid itself. */
    public RecordMix(long seed) {
        this(seed, 0);
    }

    /**
     * With a share of the polygons drawn with a deep bay instead ({@link #crescentEdit}): valid but
     * not star-shaped, so JTS judges them. A share of 0 gives exactly the records of {@code RecordMix(seed)}.
     */
    public RecordMix(long seed, double bayedShare) {
        random = new Random(seed);
        this.bayedShare = bayedShare;
    }

    public List<Raw> next(int count) {
        List<Raw> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(next());
        }
        return records;
    }

    public Raw next() {
        double roll = random.nextDouble();
        if (roll < 0.80) {
            return edit(this::point);
        }
        if (roll < 0.95) {
            int vertices = 20 + random.nextInt(181);
            boolean bayed = bayedShare > 0 && random.nextDouble() < bayedShare; // no draw at 0: the same records as before
            return edit(() -> bayed ? crescent(vertices) : polygon(vertices));
        }
        String fault = FAULTS[faults++ % FAULTS.length];
        return record((agency, incident, seq, madeAt) -> bad(fault, agency, incident, seq, madeAt));
    }

    /** A good edit whose geometry is a GPS fix. */
    public Raw pointEdit() {
        return edit(this::point);
    }

    /** A good edit whose geometry is a perimeter of {@code vertices} vertices. */
    public Raw polygonEdit(int vertices) {
        return edit(() -> polygon(vertices));
    }

    /** A good edit whose geometry is a perimeter with a deep bay, of {@code vertices} vertices. */
    public Raw crescentEdit(int vertices) {
        return edit(() -> crescent(vertices));
    }

    private Raw edit(java.util.function.Supplier<String> geometry) {
        return record((agency, incident, seq, madeAt) -> feature(agency, incident, seq, madeAt, geometry.get(), ""));
    }

    /** The payload of one edit by one agency of one incident at one time. */
    private interface Payload {
        String of(String agency, int incident, long seq, Instant madeAt);
    }

    private Raw record(Payload payload) {
        int agency = random.nextInt(AGENCIES.length);
        int incident = random.nextInt(1000);
        long seq = ++sequence[agency * 1000 + incident];
        Instant madeAt = START.plusSeconds(produced++);
        String topic = "incident/" + AGENCIES[agency][0] + "/" + AGENCIES[agency][1] + "/telemetry";
        byte[] bytes = payload.of(AGENCIES[agency][0], incident, seq, madeAt).getBytes(StandardCharsets.UTF_8);
        return new Raw(topic, bytes, RawRecords.mqttHeaders(topic), madeAt.toEpochMilli() + 500);
    }

    private String bad(String fault, String agency, int incident, long seq, Instant madeAt) {
        return switch (fault) {
            case "malformed-json" -> feature(agency, incident, seq, madeAt, point(), "").substring(0, 60);
            case "schema-violation" -> feature(agency, incident, seq, madeAt, point(), "").replace("\"active\"", "\"burning\"");
            case "agency-mismatch" -> feature("impostor", incident, seq, madeAt, point(), "");
            case "coordinate-out-of-range" -> feature(agency, incident, seq, madeAt, "{\"type\":\"Point\",\"coordinates\":[-122.4,97.5]}", "");
            case "invalid-geometry" -> feature(agency, incident, seq, madeAt,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[-122.45,37.76],[-122.40,37.76],[-122.42,37.76],[-122.42,37.78],[-122.45,37.76]]]}", "");
            case "clock-invalid" -> feature(agency, incident, seq, madeAt, point(), ",\"clock\":{\"" + agency + "\":" + (seq + 5) + "}");
            default -> throw new IllegalArgumentException(fault);
        };
    }

    private String feature(String agency, int incident, long seq, Instant madeAt, String geometry, String extra) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"incident_id\":\"INC-2026-" + incident
                + "\",\"agency_id\":\"" + agency + "\",\"status\":\"active\",\"severity\":\"moderate\",\"timestamp\":\"" + madeAt
                + "\",\"sequence_number\":" + seq + ",\"title\":\"Incident " + incident + "\"" + extra + "}}";
    }

    /** A GPS fix in or near San Francisco, with the usual surplus of decimals. */
    private String point() {
        return "{\"type\":\"Point\",\"coordinates\":[" + coordinate(-122.52, -122.35) + "," + coordinate(37.70, 37.83) + "]}";
    }

    /** A perimeter drawn around a centre: star-shaped (so valid), 200 m to 2 km across, either winding. */
    private String polygon(int vertices) {
        double lon = -122.52 + 0.17 * random.nextDouble();
        double lat = 37.70 + 0.13 * random.nextDouble();
        double radius = 0.002 + 0.018 * random.nextDouble();
        boolean clockwise = random.nextBoolean();
        StringBuilder ring = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        String first = null;
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * (i + 0.8 * random.nextDouble()) / vertices * (clockwise ? -1 : 1);
            double r = radius * (0.6 + 0.4 * random.nextDouble());
            String position = "[" + format(lon + r * Math.cos(angle)) + "," + format(lat + r * Math.sin(angle)) + "]";
            first = first == null ? position : first;
            ring.append(position).append(',');
        }
        return ring.append(first).append("]]}").toString();
    }

    /**
     * A perimeter with a deep bay: out along a ragged arc of 290 degrees, back along one at half its
     * radius. Valid, but not star-shaped from its vertex mean, which lies in the bay (so its
     * validity is JTS's to judge, the normalizer's slower path).
     */
    private String crescent(int vertices) {
        double lon = -122.52 + 0.17 * random.nextDouble();
        double lat = 37.70 + 0.13 * random.nextDouble();
        double radius = 0.002 + 0.018 * random.nextDouble();
        int outer = vertices / 2;
        int inner = vertices - outer;
        double sweep = Math.toRadians(290);
        String first = arcPosition(lon, lat, radius, 0);
        StringBuilder ring = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[").append(first).append(',');
        for (int i = 1; i < outer; i++) {
            ring.append(arcPosition(lon, lat, radius * (0.9 + 0.1 * random.nextDouble()), sweep * i / (outer - 1))).append(',');
        }
        for (int i = inner - 1; i >= 0; i--) {
            ring.append(arcPosition(lon, lat, 0.5 * radius * (0.9 + 0.1 * random.nextDouble()), sweep * i / (inner - 1))).append(',');
        }
        return ring.append(first).append("]]}").toString();
    }

    private static String arcPosition(double lon, double lat, double r, double angle) {
        return "[" + format(lon + r * Math.cos(angle)) + "," + format(lat + r * Math.sin(angle)) + "]";
    }

    private String coordinate(double min, double max) {
        return format(min + (max - min) * random.nextDouble());
    }

    private static String format(double degrees) {
        return String.format(Locale.ROOT, "%.9f", degrees);
    }
}
