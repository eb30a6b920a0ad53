package io.incidentfeeds.schemas.conflict;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.Dot;
import java.time.Instant;
import java.util.List;

/**
 * A record value of {@code incidents.conflicts} (conflict.schema.json): concurrent edits wrote
 * different values to one field of one incident.
 *
 * @param incidentId the incident (also the record key)
 * @param field      a property name, {@code geometry}, or {@code deleted}
 * @param competing  every competing write, in agency order
 * @param kept       the write whose value the reconciled state took
 * @param eventTime  timestamp of the edit that revealed the conflict
 * @param version    the reconciliation.version in which it was recorded
 */
public record ConflictRecord(
        String incidentId,
        String field,
        List<CompetingValue> competing,
        Dot kept,
        Instant eventTime,
        long version) {

    public static ConflictRecord fromJson(byte[] value) {
        return ContractJson.mapper().readValue(value, ConflictRecord.class);
    }

    public byte[] toJson() {
        return ContractJson.mapper().writeValueAsBytes(this);
    }
}
