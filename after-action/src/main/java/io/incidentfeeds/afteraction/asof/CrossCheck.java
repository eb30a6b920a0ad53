package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Compares a recomputed picture with the versions the live pipeline wrote: for each incident, the
 * live version caused by the same raw record (its {@code reconciliation.source}) must be the same
 * bytes. A version the topic does not hold (not yet written by a processor running behind, expired,
 * or compacted away, as older versions of {@code incidents.reconciled} are) cannot be checked, and
 * is counted as such.
 *
 * <p>Against the history, which holds every version, the check is exact: the live picture at T is
 * each incident's last version stamped at or before T, and it must be the recomputed one, incident
 * for incident (an incident the history had by T and the recomputation lacks is a difference too).
 */
public final class CrossCheck {

    /**
     * @param agreeing    incidents whose live version is the same bytes
     * @param differences incident id -> the members that differ
     * @param unchecked   incidents whose live version the topic does not hold
     */
    public record Result(int agreeing, SortedMap<String, String> differences, List<String> unchecked) {
    }

    private final KafkaSource source;

    public CrossCheck(KafkaSource source) {
        this.source = source;
    }

    /**
     * {@code everyVersion}: the topic is the history (the exact check at {@code at}); false for the
     * compacted reconciled topic (each recomputed version checked where it survives).
     */
    public Result check(String versionsTopic, SortedMap<String, byte[]> computed, Instant at, boolean everyVersion) {
        Map<String, SourcePosition> wanted = new HashMap<>();
        computed.forEach((id, bytes) -> wanted.put(id, ReconciledIncident.fromJson(bytes).reconciliation().source()));
        Map<String, byte[]> live = new HashMap<>();
        Map<String, byte[]> liveAt = new java.util.TreeMap<>(); // each incident's last version stamped by T (one partition per incident)
        source.readAll(versionsTopic, r -> {
            if (r.key() == null || r.value() == null) {
                return;
            }
            String id = new String(r.key(), StandardCharsets.UTF_8);
            SourcePosition want = wanted.get(id);
            if (want != null && want.equals(ReconciledIncident.fromJson(r.value()).reconciliation().source())) {
                live.put(id, r.value());
            }
            if (everyVersion && r.timestamp() <= at.toEpochMilli()) {
                liveAt.put(id, r.value());
            }
        });
        int agreeing = 0;
        SortedMap<String, String> differences = new java.util.TreeMap<>();
        List<String> unchecked = new ArrayList<>();
        for (var e : computed.entrySet()) {
            byte[] l = live.get(e.getKey());
            if (l == null) {
                unchecked.add(e.getKey());
            } else if (!Arrays.equals(l, e.getValue())) {
                differences.put(e.getKey(), differingMembers(e.getValue(), l));
            } else if (everyVersion && !Arrays.equals(l, liveAt.get(e.getKey()))) {
                differences.put(e.getKey(), "the live version at " + at + " is " + describe(liveAt.get(e.getKey()))
                        + ", not the recomputed " + describe(l));
            } else {
                agreeing++;
            }
        }
        liveAt.keySet().stream().filter(id -> !computed.containsKey(id)).forEach(id ->
                differences.put(id, "the live version at " + at + " is " + describe(liveAt.get(id)) + "; not recomputed"));
        return new Result(agreeing, differences, unchecked);
    }

    private static String describe(byte[] version) {
        if (version == null) {
            return "none";
        }
        var r = ReconciledIncident.fromJson(version).reconciliation();
        return "v" + r.version() + " (from " + r.source().topic() + "/" + r.source().partition() + "/" + r.source().offset() + ")";
    }

    /** The dotted paths of the members whose values differ (the bytes may also differ only in spelling). */
    static String differingMembers(byte[] computed, byte[] live) {
        List<String> paths = new ArrayList<>();
        diff("", ContractJson.mapper().readTree(computed), ContractJson.mapper().readTree(live), paths);
        return paths.isEmpty() ? "same values, different bytes" : String.join(", ", paths);
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> paths) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.propertyNames().forEach(names::add);
            b.propertyNames().forEach(names::add);
            for (String n : names) {
                diff(path.isEmpty() ? n : path + "." + n, a.get(n), b.get(n), paths);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            paths.add(path + ": computed " + a + ", live " + b);
        }
    }
}
