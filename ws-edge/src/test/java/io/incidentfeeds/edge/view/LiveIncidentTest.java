package io.incidentfeeds.edge.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edge reads the contract's example reconciled incidents, and refuses what is not one. */
class LiveIncidentTest {

    private static byte[] example(String kind, String name) throws IOException {
        try (InputStream in = LiveIncidentTest.class.getResourceAsStream("/examples/reconciled-incident/" + kind + "/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheFieldsFiltersAndAuthorizationUse() throws IOException {
        byte[] bytes = example("valid", "update-with-conflict.json");
        LiveIncident s = LiveIncident.fromRecord(bytes, 2, 981, 1234);
        assertThat(s.id()).isEqualTo("INC-2026-0001");
        assertThat(s.json()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(s.agencies()).containsExactly("calfire", "sffd");
        assertThat(s.jurisdictions()).containsExactly("sf-county");
        assertThat(s.incidentType()).isEqualTo("fire");
        assertThat(s.status()).isEqualTo("contained");
        assertThat(s.severity()).isEqualTo("severe");
        assertThat(s.isAlert()).isTrue();
        assertThat(s.bbox()).containsExactly(-122.45, 37.76, -122.43, 37.78);
        assertThat(s.hasConflicts()).isTrue();
        assertThat(s.deleted()).isFalse();
        assertThat(s.version()).isEqualTo(4);
        assertThat(List.of(s.partition(), s.offset(), s.appendTime())).containsExactly(2, 981L, 1234L);
        assertThat(s.eventTime()).isEqualTo(Instant.parse("2026-11-22T19:05:12.250Z"));
    }

    @Test
    void deletesAndIncidentsWithoutGeometry() throws IOException {
        assertThat(LiveIncident.fromRecord(example("valid", "delete.json"), 0, 0, 0).deleted()).isTrue();
        LiveIncident noGeometry = LiveIncident.fromRecord(example("valid", "no-geometry-yet.json"), 0, 0, 0);
        assertThat(noGeometry.bbox()).isNull();
        assertThat(noGeometry.severity()).isNull();
        assertThat(LiveIncident.fromRecord(example("valid", "antimeridian-split.json"), 0, 0, 0).bbox())
                .containsExactly(179.5, -17.2, -179.5, -16.8);
    }

    @Test
    void refusesWhatIsNotAReconciledIncident() throws IOException {
        for (String name : List.of("missing-reconciliation.json", "unknown-diff-type.json")) {
            byte[] bytes = example("invalid", name);
            assertThatThrownBy(() -> LiveIncident.fromRecord(bytes, 0, 0, 0)).as(name).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> LiveIncident.fromRecord("{\"type\":\"Feature\"} trailing".getBytes(StandardCharsets.UTF_8), 0, 0, 0))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> LiveIncident.fromRecord("not json".getBytes(StandardCharsets.UTF_8), 0, 0, 0))
                .isInstanceOf(RuntimeException.class);
    }
}
