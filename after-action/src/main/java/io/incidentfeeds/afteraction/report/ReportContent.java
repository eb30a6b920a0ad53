package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.afteraction.timeline.Event;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an after-action report says, gathered from a timeline (every edit, dead letter, version and
 * conflict of the window, already through the filters and {@code --as}) and from what was learned late
 * about an instant: the incidents with their versions in order, each agency's first report of each
 * incident, the conflicts, the dead letters. The HTML page, the map image and the Markdown summary are
 * all written from this one object.
 *
 * @param scope        what the report covers, in words ({@code incident INC-1}, a window, the filters)
 * @param from         the window's start, null for the topics' start
 * @param to           the window's end
 * @param generatedAt  when the report was made
 * @param incidents    by incident id
 * @param firstReports every agency's first edit of every incident, by append time
 * @param conflicts    the conflict events, in timeline order
 * @param deadLetters  the dead-letter events, in timeline order
 * @param learnedLate  what was learned late, null when not asked
 */
public record ReportContent(
        String scope,
        Instant from,
        Instant to,
        Instant generatedAt,
        SortedMap<String, Incident> incidents,
        List<FirstReport> firstReports,
        List<Event> conflicts,
        List<Event> deadLetters,
        LearnedLateAt learnedLate) {

    /** One reconciled version and when its raw record was appended. */
    public record Version(Instant appendedAt, ReconciledIncident incident) {

        public long number() {
            return incident.reconciliation().version();
        }

        public String status() {
            return incident.reconciliation().diffType() == io.incidentfeeds.schemas.reconciled.DiffType.DELETE
                    ? "deleted" : incident.property("status");
        }

        public String severity() {
            return incident.property("severity");
        }
    }

    /** An incident's versions in the window, in order, and the edits and refusals counted for it. */
    public record Incident(String id, String type, List<Version> versions, int edits, int refused) {

        public Version last() {
            return versions.isEmpty() ? null : versions.get(versions.size() - 1);
        }

        /** The last version's properties other than id, type, status and severity, as {@code name=value; ...}. */
        public String otherProperties() {
            Version last = last();
            if (last == null) {
                return "";
            }
            List<String> others = new ArrayList<>();
            last.incident().properties().forEach((name, value) -> {
                if (!List.of("incident_id", "incident_type", "status", "severity").contains(name)) {
                    others.add(name + "=" + (value.isString() ? value.asString() : value.toString()));
                }
            });
            return String.join("; ", others);
        }
    }

    /**
     * An agency's first edit of an incident in the window.
     *
     * @param appendedAt when its raw record reached Kafka
     * @param timestamp  the edit's own timestamp, as sent
     * @param edits      how many edits of this incident the agency sent in the window
     * @param refused    how many of them the processor refused
     */
    public record FirstReport(String agency, String incidentId, Instant appendedAt, String timestamp, int edits, int refused) {
    }

    /** The lines of {@code as-of --learned-late} about {@code at} (horizon {@code horizon}), for the report's incidents. */
    public record LearnedLateAt(Instant at, Instant horizon, List<ObjectNode> lines) {
    }

    /** Gathers the report from a timeline's events (in {@link Event#ORDER}). */
    public static ReportContent of(String scope, Instant from, Instant to, Instant generatedAt, List<Event> events, LearnedLateAt learnedLate) {
        Map<String, List<Version>> versions = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>(); // incident -> {edits, refused}
        Map<String, FirstReport> first = new LinkedHashMap<>(); // incident + agency -> first report
        List<Event> conflicts = new ArrayList<>();
        List<Event> deadLetters = new ArrayList<>();
        for (Event e : events) {
            if (e.incidentId() == null && e.kind() != Event.Kind.DEAD_LETTER) {
                continue;
            }
            switch (e.kind()) {
                case VERSION -> {
                    versions.computeIfAbsent(e.incidentId(), id -> new ArrayList<>()).add(new Version(Instant.ofEpochMilli(e.appendTime()), e.version()));
                    if (e.incidentType() != null) {
                        types.put(e.incidentId(), e.incidentType());
                    }
                }
                case EDIT -> {
                    int[] c = counts.computeIfAbsent(e.incidentId(), id -> new int[2]);
                    c[0]++;
                    boolean refused = e.reason() != null;
                    if (refused) {
                        c[1]++;
                    }
                    types.putIfAbsent(e.incidentId(), e.incidentType());
                    String key = e.incidentId() + "\n" + e.agency();
                    FirstReport f = first.get(key);
                    first.put(key, f == null
                            ? new FirstReport(e.agency(), e.incidentId(), Instant.ofEpochMilli(e.appendTime()), e.timestamp(), 1, refused ? 1 : 0)
                            : new FirstReport(f.agency(), f.incidentId(), f.appendedAt(), f.timestamp(), f.edits() + 1, f.refused() + (refused ? 1 : 0)));
                }
                case CONFLICT -> conflicts.add(e);
                case DEAD_LETTER -> deadLetters.add(e);
            }
        }
        Set<String> ids = new java.util.TreeSet<>(versions.keySet());
        ids.addAll(counts.keySet());
        conflicts.forEach(c -> ids.add(c.incidentId()));
        deadLetters.stream().filter(d -> d.incidentId() != null).forEach(d -> ids.add(d.incidentId()));
        SortedMap<String, Incident> incidents = new TreeMap<>();
        for (String id : ids) {
            int[] c = counts.getOrDefault(id, new int[2]);
            incidents.put(id, new Incident(id, types.get(id), List.copyOf(versions.getOrDefault(id, List.of())), c[0], c[1]));
        }
        List<FirstReport> firstReports = new ArrayList<>(first.values());
        firstReports.sort(java.util.Comparator.comparing(FirstReport::appendedAt).thenComparing(FirstReport::incidentId)
                .thenComparing(FirstReport::agency, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        LearnedLateAt late = learnedLate == null ? null : new LearnedLateAt(learnedLate.at(), learnedLate.horizon(),
                learnedLate.lines().stream().filter(l -> incidents.containsKey(l.get("incident_id").asString())).toList());
        return new ReportContent(scope, from, to, generatedAt, Collections.unmodifiableSortedMap(incidents), List.copyOf(firstReports),
                List.copyOf(conflicts), List.copyOf(deadLetters), late);
    }

    /** Every version of every incident, in the order they were appended (then by incident): the map's steps. */
    public List<Version> steps() {
        List<Version> all = new ArrayList<>();
        incidents.values().forEach(i -> all.addAll(i.versions()));
        all.sort(java.util.Comparator.comparing(Version::appendedAt).thenComparing(v -> v.incident().id()));
        return all;
    }

    /** Each agency's first report of any incident in the window: agency -> that report, by time. */
    public Map<String, FirstReport> firstByAgency() {
        Map<String, FirstReport> byAgency = new LinkedHashMap<>();
        firstReports.forEach(f -> byAgency.putIfAbsent(f.agency(), f));
        return byAgency;
    }

    /** The first and last instants the report draws: those of its events (the window's when it has none), at least a second apart. */
    public Instant[] span() {
        Instant start = from;
        Instant end = to;
        List<Instant> times = new ArrayList<>();
        steps().forEach(v -> times.add(v.appendedAt()));
        firstReports.forEach(f -> times.add(f.appendedAt()));
        conflicts.forEach(c -> times.add(Instant.ofEpochMilli(c.appendTime())));
        deadLetters.forEach(d -> times.add(Instant.ofEpochMilli(d.appendTime())));
        if (start == null || !times.isEmpty()) {
            start = times.stream().min(Instant::compareTo).orElse(end);
        }
        if (!times.isEmpty()) {
            end = times.stream().max(Instant::compareTo).orElse(end);
        }
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1);
        }
        return new Instant[] {start, end};
    }
}
