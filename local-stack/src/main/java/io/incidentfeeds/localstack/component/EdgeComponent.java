package io.incidentfeeds.localstack.component;

import io.incidentfeeds.localstack.idp.TokenIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * ws-edge from its Spring Boot jar in a child JVM: the WebSocket at {@code /ws}, the HTTP API and
 * the console at {@code /}. Ready when its readiness group is UP, i.e. its live view has caught up
 * with {@code incidents.reconciled}. Which agency sees what comes from {@code edge-access.properties}
 * (the demo agencies' jurisdictions and a mutual-aid rule). Consoles sign in with the stack's HS256 demo
 * tokens or with tokens of the stack's identity provider (verified through its JWKS URL, issuer and
 * audience). The JWT secret goes in through the environment, not the command line, so that
 * {@code ps} does not show it.
 */
public final class EdgeComponent extends ChildJvmComponent {

    private final Path logDir;
    private final String heap;
    private final Path jar;
    private final String bindAddress;
    private final int port;
    private final String bootstrapServers;
    private final String jwtSecret;
    private final IdentityProviderComponent idp;
    private String name = "edge";
    private KafkaAccess access = KafkaAccess.PLAINTEXT;

    public EdgeComponent(Path logDir, String heap, Path jar, String bindAddress, int port, String bootstrapServers,
                         String jwtSecret, IdentityProviderComponent idp) {
        super(Duration.ofSeconds(20));
        this.logDir = logDir;
        this.heap = heap;
        this.jar = jar;
        this.bindAddress = bindAddress;
        this.port = port;
        this.bootstrapServers = bootstrapServers;
        this.jwtSecret = jwtSecret;
        this.idp = idp;
    }

    /** Makes this one edge of several: its own name for its log and its directory ({@code data.dir/<name>}). */
    public EdgeComponent instance(String instanceName) {
        this.name = instanceName;
        return this;
    }

    /** The edge's principal: its consumers get the settings through {@code edge.kafka.properties.*}. */
    public EdgeComponent kafkaAccess(KafkaAccess kafkaAccess) {
        this.access = kafkaAccess;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Duration timeout) throws Exception {
        Path accessFile = logDir.getParent().resolve(name).resolve("edge-access.properties");
        java.nio.file.Files.createDirectories(accessFile.getParent());
        try (var in = EdgeComponent.class.getClassLoader().getResourceAsStream("edge-access.properties")) {
            java.nio.file.Files.copy(in, accessFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, String> environment = new java.util.HashMap<>();
        // As docker-compose.yml passes them: EDGE_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION -> ssl.truststore.location.
        access.settings().forEach((key, value) ->
                environment.put("EDGE_KAFKA_PROPERTIES_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        environment.putAll(Map.of(
                "SERVER_PORT", Integer.toString(port),
                "SERVER_ADDRESS", bindAddress,
                "EDGE_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "EDGE_AUTH_HS256_SECRET", jwtSecret,
                "EDGE_AUTH_JWKS_URL", idp.jwksUrl(),
                "EDGE_AUTH_JWKS_ISSUER", idp.issuer(),
                "EDGE_AUTH_JWKS_AUDIENCE", TokenIssuer.AUDIENCE,
                "EDGE_ALLOWED_ORIGINS", consoleUrl(),
                // Demo mode: the console offers the stack's demo tokens (the edge listens on the bind address only).
                "EDGE_DEMO_TOKENS_FILE", logDir.getParent().resolve("tokens.txt").toAbsolutePath().toString()));
        jvm = ChildJvm.jar(name(), logDir, heap, access.jvmArgs(), jar,
                List.of("--spring.config.additional-location=file:" + accessFile.toAbsolutePath()), environment);
        jvm.start(Probes.httpOk(consoleUrl() + "/actuator/health/readiness", "UP"), timeout);
    }

    public String consoleUrl() {
        return "http://" + bindAddress + ":" + port;
    }


    @Override
    public String address() {
        return consoleUrl() + "/  (WebSocket " + consoleUrl().replace("http", "ws") + "/ws)";
    }
}
