package io.incidentfeeds.history;

import io.incidentfeeds.schemas.json.ContractJsonFactory;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * A version as {@code incidents.history} holds it: the incident, where it is, its record time (the
 * append time of the raw record that caused it) and its bytes (a reconciled incident).
 */
public record HistoryVersion(String incidentId, int partition, long offset, Instant appendedAt, byte[] json) {

    /** Its {@code reconciliation.version}. */
    public long version() {
        return numberOf(json);
    }

    /**
     * The {@code reconciliation.version} of a reconciled incident's bytes, read by a streaming scan that
     * skips every other member (the geometry above all) rather than decoding the whole version.
     *
     * @throws IllegalArgumentException when the bytes hold no such number
     */
    public static long numberOf(byte[] json) {
        try (JsonParser p = ContractJsonFactory.get().createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                String name;
                while ((name = p.nextName()) != null) {
                    JsonToken value = p.nextToken();
                    if (name.equals("reconciliation") && value == JsonToken.START_OBJECT) {
                        while ((name = p.nextName()) != null) {
                            value = p.nextToken();
                            if (name.equals("version") && value == JsonToken.VALUE_NUMBER_INT) {
                                return p.getLongValue();
                            }
                            p.skipChildren();
                        }
                        break;
                    }
                    p.skipChildren();
                }
            }
        }
        throw new IllegalArgumentException("not a reconciled incident: no reconciliation.version");
    }
}
