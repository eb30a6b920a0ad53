package io.incidentfeeds.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

@WithKafka
@ExtendWith(SharedEdge.class)
class LiveSessionTest {

    @Test
    void snapshotThenLiveUpdatesForTheConsolesAgency(SharedEdge.Edge edge) {
        edge.incidents().write(Incidents.simple("LS-1", 1, DiffType.CREATE, "delta", "j-delta", -122.4, 37.7));
        try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), Tokens.dispatcher("delta"))) {
            console.expectSilence(Duration.ofMillis(300));
            console.subscribe("incidents", "{\"agencies\":[\"delta\"]}");
            JsonNode subscribed = console.expect("subscribed");
            assertThat(subscribed.path("data").path("resumed").asBoolean()).isFalse();
            JsonNode snapshot = console.expect("snapshot");
            assertThat(snapshot.path("data").path("features").valueStream().map(f -> f.path("id").asString()))
                    .contains("LS-1");

            edge.incidents().write(Incidents.simple("LS-1", 2, DiffType.UPDATE, "delta", "j-delta", -122.41, 37.71));
            JsonNode update = console.until(m -> m.path("type").asString().equals("update"));
            assertThat(update.path("diff_type").asString()).isEqualTo("update");
            assertThat(update.path("data").path("reconciliation").path("version").asLong()).isEqualTo(2);
        }
    }
}
