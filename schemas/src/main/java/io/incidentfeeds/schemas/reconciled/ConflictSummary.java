package io.incidentfeeds.schemas.reconciled;

import io.incidentfeeds.schemas.json.StreamedJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/** A conflict as listed in {@code reconciliation.conflicts}: the field, the kept and a discarded write. */
public record ConflictSummary(String field, Dot kept, Dot discarded) {

    private static final SerializableString FIELD = new SerializedString("field");
    private static final SerializableString KEPT = new SerializedString("kept");
    private static final SerializableString DISCARDED = new SerializedString("discarded");

    /** Streams this object as databind writes it (for {@link ReconciledIncident#toJson()}). */
    void write(JsonGenerator g) {
        g.writeStartObject();
        StreamedJson.writeString(g, FIELD, field);
        Dot.write(KEPT, kept, g);
        Dot.write(DISCARDED, discarded, g);
        g.writeEndObject();
    }
}
