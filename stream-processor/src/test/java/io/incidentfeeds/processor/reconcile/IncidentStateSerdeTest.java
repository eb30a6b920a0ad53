package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processor.geometry.JurisdictionIndex;
import io.incidentfeeds.processor.normalize.EditNormalizer;
import io.incidentfeeds.processor.validation.RawTelemetry;
import io.incidentfeeds.processor.validation.RejectedException;
import io.incidentfeeds.processor.validation.TelemetryValidator;
import io.incidentfeeds.processor.validation.TimestampWindow;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The store's format: read back as written, older formats still read, damage refused with a clear error. */
class IncidentStateSerdeTest {

    /**
     * {@code incident-state-format-1.bin} was written by the processor of 2026-11-23 (format 1) for
     * this history: 40 edits of one incident by three agencies, 40% of them concurrent, then the
     * deletion index set to 1234. An upgraded processor must read it as the state it was.
     */
    @Test
    void aStateStoredByTheFirstFormatIsReadAsTheSameState() throws IOException {
        IncidentState replayed = fortyEditsOfOneIncident();
        replayed.deletedSince = 1234;
        byte[] format1;
        try (InputStream in = getClass().getResourceAsStream("/reconcile/incident-state-format-1.bin")) {
            format1 = in.readAllBytes();
        }

        IncidentState read = IncidentStateSerde.fromBytes(format1);

        assertThat(IncidentStateSerde.toBytes(read)).isEqualTo(IncidentStateSerde.toBytes(replayed));
        assertThat(MergedView.of(read)).isEqualTo(MergedView.of(replayed));
        assertThat(read.version()).isEqualTo(replayed.version()).isPositive();
    }

    @Test
    void aStateReadsBackAsItWasWritten() {
        IncidentState state = fortyEditsOfOneIncident();
        byte[] bytes = IncidentStateSerde.toBytes(state);

        assertThat(IncidentStateSerde.toBytes(IncidentStateSerde.fromBytes(bytes))).isEqualTo(bytes);
        assertThat(bytes[0]).as("the format").isEqualTo((byte) 2);
    }

    @Test
    void whatIsNotAStateIsRefusedAsSuch() {
        byte[] bytes = IncidentStateSerde.toBytes(fortyEditsOfOneIncident());

        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(new byte[0])).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown incident state format 9");
        for (int cut : new int[] {1, bytes.length / 3, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> IncidentStateSerde.fromBytes(Arrays.copyOf(bytes, cut))).as("cut at %d", cut)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("not an incident state");
        }
        assertThatThrownBy(() -> IncidentStateSerde.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("after its end");
    }

    private static IncidentState fortyEditsOfOneIncident() {
        EditWorkload workload = new EditWorkload(11, "INC-FORMAT", 1, 0.4, Instant.parse("2026-11-22T08:00:00Z"), Duration.ofSeconds(7));
        TelemetryValidator validator = new TelemetryValidator(new TimestampWindow(Duration.ofDays(10_000), Duration.ofDays(10_000)));
        EditNormalizer normalizer = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));
        Reconciler reconciler = new Reconciler();
        IncidentState state = new IncidentState();
        for (int i = 0; i < 40; i++) {
            EditWorkload.Raw raw = workload.next(0);
            try {
                var telemetry = validator.validate(new RawTelemetry(raw.mqttTopic(), raw.payload(), null, Instant.ofEpochMilli(raw.timestamp())));
                reconciler.apply(state, Edit.of(normalizer.normalize(telemetry, new SourcePosition("incidents.raw", 3, i)).edit()));
            } catch (RejectedException e) {
                throw new AssertionError("the workload's edits are valid", e);
            }
        }
        return state;
    }
}
