package io.incidentfeeds.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.KafkaBroker;
import io.incidentfeeds.edge.testing.EdgeInstance;
import io.incidentfeeds.edge.testing.Incidents;
import io.incidentfeeds.edge.testing.TestConsole;
import io.incidentfeeds.edge.testing.Tokens;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.testsupport.WithKafka;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss and https by configuration alone (server.ssl.*), with a self-signed keystore this test makes with keytool. */
@WithKafka
class TlsTest {

    private static final String PASSWORD = "changeit-test";

    @Test
    void consolesConnectOverWssAndPlainConnectionsAreRefused(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        Path keystore = selfSigned(dir.resolve("edge.p12"));
        String topic = kafka.createTopic(KafkaBroker.uniqueName("incidents.reconciled"), 1, Map.of("cleanup.policy", "compact"));
        try (Incidents in = new Incidents(kafka.bootstrapServers(), topic)) {
            in.write(Incidents.simple("TLS-1", 1, DiffType.CREATE, "alpha", "j-alpha", 1, 1));
        }
        Map<String, String> props = EdgeInstance.defaults(kafka.bootstrapServers(), topic);
        props.put("server.ssl.enabled", "true");
        props.put("server.ssl.key-store", keystore.toString());
        props.put("server.ssl.key-store-type", "PKCS12");
        props.put("server.ssl.key-store-password", PASSWORD);
        props.put("server.ssl.key-alias", "edge");
        try (EdgeInstance edge = EdgeInstance.start(props)) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            assertThat(edge.ws().getScheme()).isEqualTo("wss");
            awaitReady(trusting, edge);
            try (TestConsole console = TestConsole.connect(edge.ws(), trusting, null)) {
                console.expect("connection");
                console.send("{\"type\":\"auth\",\"token\":\"" + Tokens.dispatcher("alpha") + "\"}");
                console.expect("auth.success");
                console.subscribe("incidents", "{}");
                console.expect("subscribed");
                assertThat(console.expect("snapshot").path("data").path("features").get(0).path("id").asString()).isEqualTo("TLS-1");
            }
            URI plain = URI.create("ws://127.0.0.1:" + edge.port() + "/ws");
            // Refused: the TLS port drops a plain-text handshake without an HTTP answer.
            assertThatThrownBy(() -> TestConsole.connect(plain)).isInstanceOf(java.util.concurrent.CompletionException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
            // A client that does not trust the certificate cannot connect either.
            assertThatThrownBy(() -> TestConsole.connect(edge.ws())).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    private static void awaitReady(HttpClient client, EdgeInstance edge) throws Exception {
        for (int i = 0; i < 600; i++) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(edge.http("/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready over https");
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
    static Path selfSigned(Path keystore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "edge", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=ws-edge-test", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(Files.exists(keystore)).isTrue();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
