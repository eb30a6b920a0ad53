package io.incidentfeeds.processing.reconcile;

import io.incidentfeeds.processing.normalize.NormalizedEdit;
import io.incidentfeeds.processing.reconcile.SpecificationModel.SpecEdit;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.EditOp;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Causally consistent histories of one incident, edited by up to five agencies. Each agency knows
 * a causal context (what it has seen); it makes an edit from it, or learns another agency's
 * context, or a single edit it was forwarded. Every context is therefore the union of pasts of
 * edits, and every clock causally closed, as the contract promises.
 *
 * <p>Edits carry a random subset of fields. Like the consoles that send the whole picture, an
 * agency usually repeats the status it had observed (the specification's value over its past) and
 * sometimes changes it; values come from small sets, so that writes agree and conflict often, and
 * timestamps from a few minutes, so that ties fall to agency order.
 */
final class Histories {

    static final String INCIDENT = "INC-2026-0777";
    static final List<String> AGENCIES = List.of("sffd", "calfire", "smcfire", "sf-ems", "oes");
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final String[] STATUSES = {"active", "contained", "resolved"};
    private static final String[] SEVERITIES = {"minor", "moderate", "severe", "critical"};
    private static final String[] POINTS = {"[-122.4194,37.7749]", "[-122.41,37.78]", "[-122.3,37.8]"};
    private static final String[] UNITS = {"[\"E1\"]", "[\"E1\",\"T2\"]", "[\"M5\"]", "null"};

    /** One step of the story: {@code actor} edits, or learns from {@code other}; {@code choices} seeds the details. */
    record Step(int actor, int kind, int other, int choices) {
    }

    /** An edit in both forms: for the model, and as the processor receives it. */
    record Generated(SpecEdit spec, NormalizedEdit normalized) {
    }

    private Histories() {
    }

    static List<Generated> build(List<Step> steps, int agencyCount) {
        List<Generated> edits = new ArrayList<>();
        List<SortedMap<String, Long>> knowledge = new ArrayList<>();
        for (int i = 0; i < agencyCount; i++) {
            knowledge.add(new TreeMap<>());
        }
        for (Step step : steps) {
            int actor = step.actor() % agencyCount;
            SortedMap<String, Long> known = knowledge.get(actor);
            if (step.kind() < 25) {
                knowledge.get(step.other() % agencyCount).forEach((a, s) -> known.merge(a, s, Math::max));
            } else if (step.kind() < 35 && !edits.isEmpty()) {
                edits.get(step.choices() % edits.size()).spec().clock().forEach((a, s) -> known.merge(a, s, Math::max));
            } else {
                String agency = AGENCIES.get(actor);
                long seq = known.getOrDefault(agency, 0L) + 1;
                known.put(agency, seq);
                edits.add(edit(agency, seq, new TreeMap<>(known), observedStatus(edits, known), new Random(step.choices()), edits.size()));
            }
        }
        return edits;
    }

    /** The status the specification gives the incident over the edits {@code known} covers. */
    private static String observedStatus(List<Generated> edits, Map<String, Long> known) {
        List<SpecEdit> past = edits.stream().map(Generated::spec)
                .filter(e -> known.getOrDefault(e.agency(), 0L) >= e.seq()).toList();
        return SpecificationModel.view(past).values().get("status");
    }

    private static Generated edit(String agency, long seq, SortedMap<String, Long> clock, String observedStatus, Random r, int index) {
        boolean delete = r.nextInt(100) < 8;
        String status = observedStatus != null && r.nextInt(100) < 70 ? unquote(observedStatus) : STATUSES[r.nextInt(STATUSES.length)];
        String type = agency.equals("sf-ems") ^ r.nextInt(100) < 10 ? "medical" : "fire";
        String severity = r.nextBoolean() ? null : SEVERITIES[r.nextInt(SEVERITIES.length)];
        String point = r.nextBoolean() ? null : POINTS[r.nextInt(POINTS.length)];
        SortedMap<String, JsonNode> attributes = new TreeMap<>();
        if (r.nextInt(100) < 40) {
            attributes.put("units", json(UNITS[r.nextInt(UNITS.length)]));
        }
        if (r.nextInt(100) < 30) {
            attributes.put("title", json(r.nextBoolean() ? "\"Structure fire\"" : "\"Grass fire\""));
        }
        Instant timestamp = START.plusSeconds(60L * r.nextInt(6));
        // A sender with no knowledge of others may leave the clock out: it then means {agency: seq}.
        boolean omitClock = clock.size() == 1 && r.nextBoolean();

        JsonNode geometry = point == null ? null : json("{\"type\":\"Point\",\"coordinates\":" + point + "}");
        Telemetry telemetry = new Telemetry(INCIDENT, agency, type, wire(IncidentStatus.class, status),
                severity == null ? null : wire(Severity.class, severity), timestamp, seq, omitClock ? new TreeMap<>() : clock,
                delete ? EditOp.DELETE : EditOp.UPSERT, attributes, geometry, null);
        List<Double> bbox = new ArrayList<>();
        if (geometry != null) {
            double lon = geometry.get("coordinates").get(0).asDouble();
            double lat = geometry.get("coordinates").get(1).asDouble();
            bbox = List.of(lon, lat, lon, lat);
        }
        NormalizedEdit normalized = new NormalizedEdit(telemetry, bbox, geometry == null ? List.of() : List.of("sf-county"),
                new SourcePosition("incidents.raw", 0, index));

        SortedMap<String, String> values = new TreeMap<>();
        values.put("status", quote(status));
        values.put("incident_type", quote(type));
        if (severity != null) {
            values.put("severity", quote(severity));
        }
        attributes.forEach((name, value) -> values.put(name, ContractJson.mapper().writeValueAsString(value)));
        if (geometry != null) {
            values.put("geometry", ContractJson.mapper().writeValueAsString(geometry));
        }
        return new Generated(new SpecEdit(agency, seq, clock, timestamp, delete, values), normalized);
    }

    private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String value) {
        return WireEnum.fromWire(type, value).orElseThrow();
    }

    private static JsonNode json(String text) {
        return ContractJson.mapper().readTree(text);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String unquote(String json) {
        return json.substring(1, json.length() - 1);
    }
}
