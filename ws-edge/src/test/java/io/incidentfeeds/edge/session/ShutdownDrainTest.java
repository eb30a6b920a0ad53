package io.incidentfeeds.edge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.testsupport.WithKafka;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A replica shutting down (a rolling restart) tells its consoles to go away and, from that moment,
 * refuses new ones, so that a console reconnecting at once is not accepted by the dying replica
 * only to be dropped again when its web server stops (seen in the end-to-end restart test).
 */
@WithKafka
class ShutdownDrainTest {

    @Test
    void aDrainingEdgeTellsConsolesToGoAwayAndRefusesNewOnesWith503(KafkaBroker kafka) {
        EdgeInstance edge = EdgeInstance.start(EdgeInstance.defaults(kafka.bootstrapServers(), KafkaBroker.uniqueName("incidents.reconciled")));
        try (TestConsole connected = TestConsole.authenticated(edge.ws(), Tokens.of("oes", "eoc"))) {
            edge.bean(SessionRegistry.class).closeAll(); // what the shutdown does first, before the web server stops

            assertThat(connected.awaitClose()).isEqualTo(CloseReason.SHUTDOWN.code());
            Throwable refused = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(edge.ws(), new WebSocket.Listener() { }).join());
            assertThat(refused).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
            assertThat(handshake.getResponse().statusCode()).isEqualTo(503);
            assertThat(handshake.getResponse().headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            edge.close();
        }
    }
}
