package io.incidentfeeds.simulator.scenario;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the telemetry of a multi-agency scenario, message by message, in the order it is
 * published: incidents with lifecycles (active, contained, resolved; a few retracted with a
 * delete), moving units as Points with GPS drift, fire perimeters and road closures as Polygons that
 * grow, two agencies editing the same incident concurrently, exact duplicates (MQTT redelivery),
 * out-of-order delivery, a legacy EPSG:3857 sender, and bad records of every dead-letter kind.
 *
 * <p>Deterministic: the same {@link ScenarioConfig} gives the same messages, byte for byte. The
 * generator's clock is virtual (message {@code i} is stamped {@code start + i / rate}), so the output
 * does not depend on how fast it is consumed.
 */
public final class ScenarioGenerator implements Iterator<SimulatedMessage> {

    private static final Severity[] SEVERITIES = Severity.values();

    private final ScenarioConfig config;
    private final Random random;
    private final Duration tick;
    private final List<SimIncident> live = new ArrayList<>();
    private final Deque<SimulatedMessage> pending = new ArrayDeque<>();
    private long index;
    /**
     * Part of every incident id, from the seed: runs with different seeds (a second local-stack run,
     * another end-to-end test) publish different incidents instead of re-using ids whose sequence
     * numbers the pipeline has already seen, which it would rightly drop as duplicates.
     */
    private final String runTag;
    private int incidentNumber;
    private int badNumber;
    private SimulatedMessage lastEdit;

    public ScenarioGenerator(ScenarioConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.runTag = Long.toString(Math.floorMod(config.seed(), 36L * 36 * 36 * 36), 36).toUpperCase(java.util.Locale.ROOT);
        this.tick = Duration.ofNanos(Math.round(1_000_000_000L / config.ratePerSecond()));
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimulatedMessage next() {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        Instant now = config.start().plus(tick.multipliedBy(index++));
        double dice = random.nextDouble();
        if (dice < config.badShare()) {
            return badRecord(now);
        }
        if (dice < config.badShare() + config.duplicateShare() && lastEdit != null) {
            return new SimulatedMessage(lastEdit.topic(), lastEdit.payload(), SimulatedMessage.Kind.DUPLICATE, null,
                    lastEdit.incidentId(), lastEdit.dot());
        }
        SimulatedMessage edit = nextEdit(now);
        if (random.nextDouble() < config.outOfOrderShare()) {
            // Deliver the following edit first: the network reordered them.
            SimulatedMessage following = nextEdit(config.start().plus(tick.multipliedBy(index++)));
            pending.add(edit);
            return following;
        }
        return edit;
    }

    private SimulatedMessage badRecord(Instant now) {
        DlqReason reason = BadRecords.REASONS.get(badNumber % BadRecords.REASONS.size());
        List<Agency> agencies = config.agencies();
        Agency agency = agencies.get(random.nextInt(agencies.size()));
        Agency other = agencies.get((agencies.indexOf(agency) + 1) % agencies.size());
        return BadRecords.of(reason, agency, other, "BAD-" + runTag + "-" + (++badNumber), now);
    }

    private SimulatedMessage nextEdit(Instant now) {
        SimIncident incident = pickIncident();
        Agency agency = incident.partner != null && random.nextDouble() < 0.3 ? incident.partner : incident.owner;
        if (incident.partner == null || random.nextDouble() >= config.concurrentShare()) {
            incident.catchUp(agency);
        }
        Map<String, Long> clock = incident.edit(agency);
        boolean delete = incident.finished() && incident.endsInDeletion;
        if (incident.finished()) {
            live.remove(incident);
        }
        SimulatedMessage message = new SimulatedMessage(
                "incident/" + agency.id() + "/" + incident.type + "/telemetry",
                payload(incident, agency, clock, now, delete),
                SimulatedMessage.Kind.EDIT, null, incident.id, new Dot(agency.id(), clock.get(agency.id())));
        lastEdit = message;
        return message;
    }

    private SimIncident pickIncident() {
        if (live.size() < config.activeIncidents()) {
            live.add(newIncident());
            return live.get(live.size() - 1);
        }
        return live.get(random.nextInt(live.size()));
    }

    private SimIncident newIncident() {
        List<Agency> agencies = config.agencies();
        Agency owner = agencies.get(random.nextInt(agencies.size()));
        String type = owner.incidentTypes().get(random.nextInt(owner.incidentTypes().size()));
        Agency partner = random.nextDouble() < 0.5 ? agencies.get(random.nextInt(agencies.size())) : null;
        if (partner == owner) {
            partner = null;
        }
        SimIncident.Shape shape = switch (type) {
            case "fire", "hazmat" -> SimIncident.Shape.PERIMETER;
            case "closure" -> SimIncident.Shape.CLOSURE;
            default -> SimIncident.Shape.UNIT;
        };
        double[] origin = Shapes.move(owner.homeLon(), owner.homeLat(), random.nextDouble() * 3000, random.nextDouble() * 360);
        return new SimIncident(
                String.format("%s-%s-%05d", owner.id().toUpperCase(java.util.Locale.ROOT), runTag, ++incidentNumber),
                type, owner, partner, shape,
                8 + random.nextInt(32),
                random.nextDouble() < 0.03,
                origin[0], origin[1], random.nextDouble() * 360,
                shape == SimIncident.Shape.UNIT ? 0 : 40 + random.nextDouble() * 60,
                randomSeverity(random));
    }

    private static Severity randomSeverity(Random random) {
        return SEVERITIES[random.nextInt(SEVERITIES.length)];
    }

    private byte[] payload(SimIncident incident, Agency agency, Map<String, Long> clock, Instant now, boolean delete) {
        ObjectNode feature = ContractJson.mapper().createObjectNode();
        feature.put("type", "Feature");
        boolean mercator = agency.legacyMercator();
        if (mercator) {
            feature.put("crs", "EPSG:3857");
        }
        ObjectNode props = ContractJson.mapper().createObjectNode();
        props.put("incident_id", incident.id);
        props.put("agency_id", agency.id());
        props.put("incident_type", incident.type);
        boolean first = incident.edits == 1;
        if (delete) {
            feature.putNull("geometry");
            props.put("op", "delete");
        } else if (agency == incident.owner || first) {
            feature.set("geometry", evolveGeometry(incident, mercator));
        } else {
            // A partner agency reports status and resources, and leaves the geometry to the owner.
            feature.putNull("geometry");
        }
        IncidentStatus status = agency == incident.owner ? incident.plannedStatus() : incident.status;
        incident.status = status;
        props.put("status", status.wire());
        if (first || random.nextDouble() < 0.15) {
            if (!first) {
                incident.severity = randomSeverity(random);
            }
            props.put("severity", incident.severity.wire());
        }
        props.put("timestamp", now.toString());
        props.put("sequence_number", clock.get(agency.id()));
        ObjectNode clockNode = props.putObject("clock");
        clock.forEach(clockNode::put);
        if (first) {
            props.put("title", titleOf(incident));
        }
        if (random.nextDouble() < 0.3) {
            var units = props.putArray("units");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                units.add(agency.id().toUpperCase(java.util.Locale.ROOT) + "-" + (1 + random.nextInt(60)));
            }
        }
        feature.set("properties", props);
        return ContractJson.mapper().writeValueAsString(feature).getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode evolveGeometry(SimIncident incident, boolean mercator) {
        switch (incident.shape) {
            case UNIT -> {
                incident.heading += random.nextGaussian() * 20;
                double[] next = Shapes.move(incident.lon, incident.lat, 20 + random.nextDouble() * 80, incident.heading);
                incident.lon = next[0];
                incident.lat = next[1];
                return Shapes.point(Shapes.gpsFix(incident.lon, incident.lat, 4, random), mercator);
            }
            case PERIMETER -> {
                incident.size *= 1.0 + random.nextDouble() * 0.15;
                int vertices = (int) Math.min(200, 20 + incident.size / 10);
                return Shapes.perimeter(incident.lon, incident.lat, incident.size, vertices, random, mercator);
            }
            default -> {
                incident.size += random.nextDouble() * 40;
                return Shapes.closure(incident.lon, incident.lat, incident.size, incident.heading, mercator);
            }
        }
    }

    private static String titleOf(SimIncident incident) {
        return switch (incident.type) {
            case "fire" -> "Structure fire";
            case "hazmat" -> "Hazardous materials release";
            case "medical" -> "Medical aid";
            case "police" -> "Police response";
            case "traffic" -> "Traffic collision";
            case "closure" -> "Road closure";
            default -> "Incident";
        } + " " + incident.id;
    }
}
