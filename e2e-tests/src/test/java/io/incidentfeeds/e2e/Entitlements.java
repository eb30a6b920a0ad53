package io.incidentfeeds.e2e;

import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.testsupport.TopicContents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The reference of who may see what, written from the local stack's edge-access.properties and
 * ws-edge's documented rules, independently of the edge's code: an agency sees the live incidents it
 * contributed to, those in its jurisdictions, and those a sharing rule grants it; eoc sees all.
 */
public final class Entitlements {

    private static final Map<String, String> JURISDICTION = Map.of("sffd", "sf-county", "smcfire", "san-mateo-county");

    private Entitlements() {
    }

    /** The final state of each incident on incidents.reconciled, live ones only, among {@code ofRun}. */
    public static Map<String, ReconciledIncident> liveIncidents(String bootstrap, Set<String> ofRun) {
        Map<String, ReconciledIncident> last = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.committed(bootstrap, "incidents.reconciled", Duration.ofSeconds(10));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() != null) {
                ReconciledIncident incident = ReconciledIncident.fromJson(record.value());
                if (ofRun.contains(incident.id())) {
                    last.put(incident.id(), incident);
                }
            }
        }
        last.values().removeIf(i -> i.reconciliation().diffType() == DiffType.DELETE);
        return last;
    }

    public static Set<String> entitled(String agency, boolean eoc, Map<String, ReconciledIncident> live) {
        return live.values().stream().filter(i -> eoc || sees(agency, i)).map(ReconciledIncident::id)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static boolean sees(String agency, ReconciledIncident incident) {
        List<String> agencies = incident.reconciliation().agencies();
        if (agencies.contains(agency)) {
            return true;
        }
        String jurisdiction = JURISDICTION.get(agency);
        if (jurisdiction != null && incident.reconciliation().jurisdictions().contains(jurisdiction)) {
            return true;
        }
        // Mutual aid: smcfire sees sffd's fires and hazmat incidents.
        return agency.equals("smcfire") && agencies.contains("sffd")
                && List.of("fire", "hazmat").contains(incident.property("incident_type"));
    }
}
