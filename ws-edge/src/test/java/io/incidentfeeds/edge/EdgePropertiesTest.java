package io.incidentfeeds.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.edge.testing.EdgeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge.* keys bind to the records with the defaults the README lists. */
class EdgePropertiesTest {

    @Test
    void unsetKeysTakeTheDocumentedDefaults() {
        EdgeProperties p = EdgeSettings.bind(Map.of());
        assertThat(p.kafka()).isEqualTo(new EdgeProperties.Kafka("127.0.0.1:9092", "incidents.reconciled",
                "incidents.conflicts", Map.of(), 20_000, Duration.ofMillis(200)));
        assertThat(p.auth()).isEqualTo(new EdgeProperties.Auth(new EdgeProperties.Hs256(null),
                new EdgeProperties.Rs256(null, null),
                new EdgeProperties.Jwks(null, null, List.of(), List.of("RS256", "ES256"), Duration.ofMinutes(5),
                        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2)),
                new EdgeProperties.Claims("agency_id", null, Map.of(), "roles", Map.of()),
                Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(p.limits()).isEqualTo(new EdgeProperties.Limits(1000, 50, Duration.ofSeconds(5), 10, 16_384, 20,
                2_000, Duration.ofSeconds(10)));
        assertThat(p.heartbeat()).isEqualTo(new EdgeProperties.Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(p.access()).isEqualTo(AccessRules.defaults());
        assertThat(p.access().seeAllRoles()).containsExactly("eoc");
        assertThat(p.access().conflictRoles()).containsExactly("eoc", "supervisor");
        assertThat(p.demo().tokensFile()).isNull();
        assertThat(p.allowedOrigins()).isEmpty();
        assertThat(p.replay()).isEqualTo(new EdgeProperties.Replay("incidents.history", "incidents.checkpoints", List.of("eoc", "supervisor", "analyst"),
                20, Duration.ofDays(31), Duration.ofMinutes(5), 1000, 8));
    }

    @Test
    void replayKeysBind() {
        EdgeProperties p = EdgeSettings.bind(Map.of("edge.replay.history-topic", "h", "edge.replay.roles", "eoc,auditor",
                "edge.replay.max-per-edge", "3", "edge.replay.max-window", "6h", "edge.replay.idle-timeout", "30s"));
        assertThat(p.replay()).isEqualTo(new EdgeProperties.Replay("h", "incidents.checkpoints", List.of("eoc", "auditor"), 3, Duration.ofHours(6),
                Duration.ofSeconds(30), 1000, 8));
    }

    @Test
    void everyKindOfKeyBinds() {
        EdgeProperties p = EdgeSettings.bind(Map.ofEntries(
                Map.entry("edge.kafka.bootstrap-servers", "kafka:29092"),
                Map.entry("edge.kafka.conflicts-topic", ""),
                Map.entry("edge.kafka.properties.security.protocol", "SSL"),
                Map.entry("edge.kafka.poll-timeout", "1s"),
                Map.entry("edge.auth.rs256.jwks-file", "/etc/edge/jwks.json"),
                Map.entry("edge.auth.jwks.url", "https://kc.example.org/realms/eoc/protocol/openid-connect/certs"),
                Map.entry("edge.auth.jwks.rate-limit", "1m"),
                Map.entry("edge.auth.jwks.issuer", "https://kc.example.org/realms/eoc"),
                Map.entry("edge.auth.jwks.audience", "ws-edge,incident-console"),
                Map.entry("edge.auth.claims.groups-claim", "groups"),
                Map.entry("edge.auth.claims.agency-groups[/SF Fire/Dispatch]", "sffd"),
                Map.entry("edge.auth.claims.agency-groups.oakfd-staff", "oakfd"),
                Map.entry("edge.auth.claims.roles-claim", "realm_access.roles"),
                Map.entry("edge.auth.claims.role-names.EOC-Duty", "eoc"),
                Map.entry("edge.limits.max-frame-bytes", "4096"),
                Map.entry("edge.access.jurisdictions.sffd", "sf-county,sf-bay"),
                Map.entry("edge.access.sharing[0].owner", "calfire"),
                Map.entry("edge.access.sharing[0].grantee", "sffd"),
                Map.entry("edge.access.sharing[0].incident-types", "fire,hazmat"),
                Map.entry("edge.access.sharing[1].owner", "oakfd"),
                Map.entry("edge.access.sharing[1].grantee", "sffd"),
                Map.entry("edge.access.see-all-roles", "eoc,duty-officer"),
                Map.entry("edge.demo.tokens-file", "/tmp/tokens.txt"),
                Map.entry("edge.allowed-origins", "https://console.example,https://*.example.org")));
        assertThat(p.kafka().bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(p.kafka().conflictsTopic()).isEmpty();
        assertThat(p.kafka().properties()).isEqualTo(Map.of("security.protocol", "SSL"));
        assertThat(p.kafka().pollTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.auth().rs256().jwksFile()).isEqualTo(Path.of("/etc/edge/jwks.json"));
        assertThat(p.auth().jwks().url()).hasHost("kc.example.org");
        assertThat(p.auth().jwks().rateLimit()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.auth().jwks().cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.auth().jwks().issuer()).isEqualTo("https://kc.example.org/realms/eoc");
        assertThat(p.auth().jwks().audience()).containsExactly("ws-edge", "incident-console");
        // Bracketed keys keep slashes, spaces and case; plain keys bind as written.
        assertThat(p.auth().claims().agencyGroups()).isEqualTo(Map.of("/SF Fire/Dispatch", "sffd", "oakfd-staff", "oakfd"));
        assertThat(p.auth().claims().rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(p.auth().claims().roleNames()).containsOnlyKeys("EOC-Duty");
        assertThat(p.limits().maxFrameBytes()).isEqualTo(4096);
        assertThat(p.limits().burstLimit()).isEqualTo(50);
        assertThat(p.access().jurisdictions()).isEqualTo(Map.of("sffd", List.of("sf-county", "sf-bay")));
        assertThat(p.access().sharing()).containsExactly(
                new AccessRules.SharingRule("calfire", "sffd", List.of("fire", "hazmat")),
                new AccessRules.SharingRule("oakfd", "sffd", List.of()));
        assertThat(p.access().seeAllRoles()).containsExactly("eoc", "duty-officer");
        assertThat(p.access().conflictRoles()).containsExactly("eoc", "supervisor");
        assertThat(p.demo().tokensFile()).isEqualTo(Path.of("/tmp/tokens.txt"));
        assertThat(p.allowedOrigins()).containsExactly("https://console.example", "https://*.example.org");
    }
}
