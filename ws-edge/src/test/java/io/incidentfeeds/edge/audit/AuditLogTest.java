package io.incidentfeeds.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentfeeds.edge.testing.SharedEdge;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.testsupport.WithKafka;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The audit trail of one session: connect, auth, subscribe, close, as JSON lines joined by session id. */
@WithKafka
@ExtendWith(SharedEdge.class)
class AuditLogTest {

    @Test
    void aSessionLeavesConnectAuthSubscribeAndCloseLines(SharedEdge.Edge edge) throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            String token = Tokens.dispatcher("mike");
            try (TestConsole console = TestConsole.authenticated(edge.instance().ws(), token)) {
                console.subscribeForSnapshot("incidents", "{\"agencies\":[\"mike\"]}");
                console.subscribe("conflicts", "{}");
                console.expectError("FORBIDDEN");
            }
            List<JsonNode> mine = awaitLines(lines, 5);
            assertThat(mine).extracting(l -> l.path("audit").asString())
                    .containsExactly("connect", "auth", "subscribe", "subscribe", "close");
            assertThat(mine.get(1).path("agency_id").asString()).isEqualTo("mike");
            assertThat(mine.get(1).path("outcome").asString()).isEqualTo("success");
            assertThat(mine.get(2).path("filters").path("agencies").get(0).asString()).isEqualTo("mike");
            assertThat(mine.get(2).path("outcome").asString()).isEqualTo("snapshot");
            assertThat(mine.get(3).path("outcome").asString()).isEqualTo("FORBIDDEN");
            assertThat(mine.get(4).path("reason").asString()).isEqualTo("client");
            assertThat(lines.list.stream().map(ILoggingEvent::getFormattedMessage)).noneMatch(m -> m.contains(token));
        } finally {
            audit.detachAppender(lines);
        }
    }

    /** The lines of the one session that authenticated as mike, once it has {@code count}. */
    private static List<JsonNode> awaitLines(ListAppender<ILoggingEvent> lines, int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<JsonNode> all = List.copyOf(lines.list).stream()
                    .map(e -> ContractJson.mapper().readTree(e.getFormattedMessage())).toList();
            String session = all.stream().filter(l -> "mike".equals(l.path("agency_id").asString()))
                    .map(l -> l.path("session").asString()).findFirst().orElse(null);
            List<JsonNode> mine = all.stream().filter(l -> l.path("session").asString().equals(session)).toList();
            if (session != null && mine.size() >= count) {
                return mine;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("audit lines did not arrive: " + lines.list);
    }
}
