package io.incidentfeeds.testsupport.accounting;

import io.incidentfeeds.schemas.deadletter.DlqHeaders;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.Topics;
import io.incidentfeeds.testsupport.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The end-to-end accounting of a run: reads {@code incidents.raw}, {@code incidents.dlq},
 * {@code incidents.reconciled} and {@code incidents.conflicts} after the pipeline has settled and
 * checks that every published message is accounted for.
 *
 * <p>Each raw record is exactly one of: dead-lettered (a DLQ record points at its offset), a
 * duplicate (its edit's dot {@code (incident, agency, sequence)} arrived before: a redelivery), or a
 * distinct edit. Then: every published edit's dot must have arrived; each dead-letter reason must
 * count what was published of that kind; every reconciled version must come from a distinct edit;
 * versions of an incident must run 1, 2, 3... with no gap and no repeat. Anything else is
 * <em>unaccounted</em>, and a correct pipeline has none.
 */
public final class PipelineAccounting {

    /** What was published, from the publisher's own ledger. */
    public record Published(long total, Set<String> editDots, long duplicates, Map<DlqReason, Long> badByReason) {
    }

    /** The result, and the one line that reports it. */
    public record Report(long published, long receivedRaw, long duplicates, Map<DlqReason, Long> deadLettered,
                         long distinctEdits, long reconciledVersions, long conflicts, List<String> unaccounted) {

        public long unaccountedCount() {
            return unaccounted.size();
        }

        public long deadLetteredTotal() {
            return deadLettered.values().stream().mapToLong(Long::longValue).sum();
        }

        /** One line: published, received raw, duplicates, dead-lettered by reason, versions, conflicts, unaccounted. */
        public String line() {
            return "accounting: published=" + published + " raw=" + receivedRaw + " duplicates=" + duplicates
                    + " dead-lettered=" + deadLetteredTotal() + new TreeMap<>(deadLettered)
                    + " edits=" + distinctEdits + " reconciled-versions=" + reconciledVersions
                    + " conflicts=" + conflicts + " unaccounted=" + unaccounted.size();
        }
    }

    /** Topic names, so that tests with per-test topics can use the checker too. */
    public record TopicNames(String raw, String dlq, String reconciled, String conflicts) {
        public static final TopicNames DEFAULTS = new TopicNames(Topics.RAW, Topics.DLQ, Topics.RECONCILED, Topics.CONFLICTS);
    }

    private PipelineAccounting() {
    }

    /** Dot of an edit as the accounting names it. */
    public static String dot(String incidentId, String agencyId, long sequenceNumber) {
        return incidentId + "/" + agencyId + "/" + sequenceNumber;
    }

    public static Report check(String bootstrapServers, TopicNames topics, Published published, Duration timeout) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrapServers);
        return check(client, topics, published, timeout);
    }

    /** {@link #check(String, TopicNames, Published, Duration)} reading with {@code client}'s properties (a secured broker's TLS and credential). */
    public static Report check(Properties client, TopicNames topics, Published published, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> raw = TopicContents.committed(client, topics.raw(), timeout);
        List<ConsumerRecord<byte[], byte[]>> dlq = TopicContents.committed(client, topics.dlq(), timeout);
        List<ConsumerRecord<byte[], byte[]>> reconciled = TopicContents.committed(client, topics.reconciled(), timeout);
        List<ConsumerRecord<byte[], byte[]>> conflicts = TopicContents.committed(client, topics.conflicts(), timeout);
        List<String> unaccounted = new ArrayList<>();

        Map<String, DlqReason> deadLetteredOffsets = new HashMap<>();
        Map<DlqReason, Long> byReason = new EnumMap<>(DlqReason.class);
        for (ConsumerRecord<byte[], byte[]> record : dlq) {
            String at = header(record, DlqHeaders.SOURCE_TOPIC) + "/" + header(record, DlqHeaders.SOURCE_PARTITION)
                    + "/" + header(record, DlqHeaders.SOURCE_OFFSET);
            DlqReason reason = DlqReason.valueOf(header(record, DlqHeaders.REASON));
            if (deadLetteredOffsets.put(at, reason) != null) {
                unaccounted.add("raw record " + at + " dead-lettered twice");
            }
            byReason.merge(reason, 1L, Long::sum);
        }

        Set<String> seenDots = new HashSet<>();
        Set<String> distinctEditOffsets = new HashSet<>();
        long duplicates = 0;
        for (ConsumerRecord<byte[], byte[]> record : raw) {
            String at = record.topic() + "/" + record.partition() + "/" + record.offset();
            if (deadLetteredOffsets.containsKey(at)) {
                continue;
            }
            Telemetry edit;
            try {
                edit = TelemetryCodec.read(ContractJson.mapper().readTree(record.value()));
            } catch (RuntimeException e) {
                unaccounted.add("raw record " + at + " is neither a valid edit nor dead-lettered: " + e.getMessage());
                continue;
            }
            if (seenDots.add(dot(edit.incidentId(), edit.agencyId(), edit.sequenceNumber()))) {
                distinctEditOffsets.add(at);
            } else {
                duplicates++;
            }
        }
        for (String expected : published.editDots()) {
            if (!seenDots.contains(expected)) {
                unaccounted.add("published edit " + expected + " never reached " + topics.raw());
            }
        }
        for (Map.Entry<DlqReason, Long> e : published.badByReason().entrySet()) {
            long got = byReason.getOrDefault(e.getKey(), 0L);
            if (got < e.getValue()) {
                unaccounted.add((e.getValue() - got) + " published " + e.getKey() + " record(s) not dead-lettered as such");
            }
        }

        Map<String, Long> lastVersion = new HashMap<>();
        long versions = 0;
        for (ConsumerRecord<byte[], byte[]> record : reconciled) {
            if (record.value() == null) {
                continue; // compaction tombstone of a forgotten deleted incident
            }
            versions++;
            ReconciledIncident incident = ReconciledIncident.fromJson(record.value());
            long version = incident.reconciliation().version();
            long previous = lastVersion.getOrDefault(incident.id(), 0L);
            if (version != previous + 1) {
                unaccounted.add("incident " + incident.id() + " version " + version + " follows version " + previous);
            }
            lastVersion.put(incident.id(), version);
            SourcePosition source = incident.reconciliation().source();
            String at = source.topic() + "/" + source.partition() + "/" + source.offset();
            if (!distinctEditOffsets.contains(at)) {
                unaccounted.add("incident " + incident.id() + " version " + version + " comes from " + at
                        + ", which is not a distinct edit");
            }
        }
        return new Report(published.total(), raw.size(), duplicates, byReason, distinctEditOffsets.size(), versions,
                conflicts.size(), unaccounted);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
