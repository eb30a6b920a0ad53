package io.incidentfeeds.schemas.reconciled;

import io.incidentfeeds.schemas.json.StreamedJson;
import java.util.Comparator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/** One edit's identity: the agency that made it and that agency's sequence number. */
public record Dot(String agencyId, long sequenceNumber) implements Comparable<Dot> {

    private static final Comparator<Dot> ORDER =
            Comparator.comparing(Dot::agencyId).thenComparingLong(Dot::sequenceNumber);

    @Override
    public int compareTo(Dot other) {
        return ORDER.compare(this, other);
    }

    private static final SerializableString AGENCY_ID = new SerializedString("agency_id");
    private static final SerializableString SEQUENCE_NUMBER = new SerializedString("sequence_number");

    /** Streams {@code name: {agency_id, sequence_number}} as databind writes this record; nothing for a null dot. */
    public static void write(SerializableString name, Dot dot, JsonGenerator g) {
        if (dot != null) {
            g.writeName(name);
            g.writeStartObject();
            writeMembers(dot.agencyId(), dot.sequenceNumber(), g);
            g.writeEndObject();
        }
    }

    /** The members {@code agency_id, sequence_number} of a dot, or of a record that carries one's (a competing value). */
    public static void writeMembers(String agencyId, long sequenceNumber, JsonGenerator g) {
        StreamedJson.writeString(g, AGENCY_ID, agencyId);
        g.writeName(SEQUENCE_NUMBER);
        g.writeNumber(sequenceNumber);
    }

    @Override
    public String toString() {
        return agencyId + ":" + sequenceNumber;
    }
}
