package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.afteraction.read.KafkaSource;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.nio.charset.StandardCharsets;
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
 * bytes. A version the topic no longer holds (compacted away, as older versions of
 * {@code incidents.reconciled} are) or not yet written (the processor behind) cannot be checked, and
 * is counted as such.
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

    public Result check(String reconciledTopic, SortedMap<String, byte[]> computed) {
        Map<String, SourcePosition> wanted = new HashMap<>();
        computed.forEach((id, bytes) -> wanted.put(id, ReconciledIncident.fromJson(bytes).reconciliation().source()));
        Map<String, byte[]> live = new HashMap<>();
        source.readAll(reconciledTopic, r -> {
            if (r.key() == null || r.value() == null) {
                return;
            }
            String id = new String(r.key(), StandardCharsets.UTF_8);
            SourcePosition want = wanted.get(id);
            if (want != null && want.equals(ReconciledIncident.fromJson(r.value()).reconciliation().source())) {
                live.put(id, r.value());
            }
        });
        int agreeing = 0;
        SortedMap<String, String> differences = new java.util.TreeMap<>();
        List<String> unchecked = new ArrayList<>();
        for (var e : computed.entrySet()) {
            byte[] l = live.get(e.getKey());
            if (l == null) {
                unchecked.add(e.getKey());
            } else if (Arrays.equals(l, e.getValue())) {
                agreeing++;
            } else {
                differences.put(e.getKey(), differingMembers(e.getValue(), l));
            }
        }
        return new Result(agreeing, differences, unchecked);
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
