package io.incidentfeeds.afteraction.asof;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Compares a recomputed picture with the live picture at the same instant: each incident's last
 * version stamped at or before it on the versions topic ({@link LiveVersions}). The same bytes
 * agree. A live version older than the recomputed one (not yet written by a processor running
 * behind), or none at all (not yet written, expired, or compacted away, as older versions of
 * {@code incidents.reconciled} are), cannot be checked, and is counted as such. Any other live
 * version is a difference: the members that differ when it comes from the same raw record, else
 * which version each side has.
 *
 * <p>The two pictures are merge-joined in incident id order, the recomputed one streamed from the
 * picture (memory or disk). Against the history, which holds every version, the check is exact: an incident the live picture
 * has and the recomputation lacks is a difference too. Against the compacted reconciled topic only the
 * surviving versions can be compared.
 */
public final class CrossCheck {

    /**
     * @param agreeing    incidents whose live version is the same bytes
     * @param differences incident id -> the members that differ
     * @param unchecked   incidents whose live version the topic does not hold
     */
    public record Result(int agreeing, SortedMap<String, String> differences, List<String> unchecked) {
    }

    private CrossCheck() {
    }

    /**
     * {@code computed} and {@code live} (the live picture at {@code at}: {@link LiveVersions}), each incident
     * id -> its last version, in id order. {@code everyVersion}: {@code live} was read from the history (the
     * exact check); false for the compacted reconciled topic.
     */
    public static Result check(Iterator<Map.Entry<String, byte[]>> computed, Iterator<Map.Entry<String, byte[]>> live, Instant at,
                               boolean everyVersion) {
        int agreeing = 0;
        SortedMap<String, String> differences = new TreeMap<>();
        List<String> unchecked = new ArrayList<>();
        ById<byte[]> ours = new ById<>(computed);
        ById<byte[]> theirs = new ById<>(live);
        for (String id = ById.first(ours, theirs); id != null; id = ById.first(ours, theirs)) {
            byte[] c = ours.take(id);
            byte[] l = theirs.take(id);
            if (c == null) {
                if (everyVersion) {
                    differences.put(id, "the live version at " + at + " is " + describe(l) + "; not recomputed");
                }
            } else if (l == null) {
                unchecked.add(id);
            } else if (Arrays.equals(l, c)) {
                agreeing++;
            } else {
                var liveVersion = ReconciledIncident.fromJson(l).reconciliation();
                var computedVersion = ReconciledIncident.fromJson(c).reconciliation();
                if (liveVersion.source().equals(computedVersion.source())) {
                    differences.put(id, differingMembers(c, l));
                } else if (liveVersion.version() < computedVersion.version()) {
                    unchecked.add(id);
                } else {
                    differences.put(id, "the live version at " + at + " is " + describe(l) + ", not the recomputed " + describe(c));
                }
            }
        }
        return new Result(agreeing, differences, unchecked);
    }

    private static String describe(byte[] version) {
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
