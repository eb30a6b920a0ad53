package io.incidentfeeds.edge;

import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of ws-edge, under the prefix {@code edge}, bound once at start and immutable. The
 * README lists them with their defaults; environment variables bind as usual
 * ({@code EDGE_KAFKA_BOOTSTRAP_SERVERS}, {@code EDGE_AUTH_HS256_SECRET}, {@code EDGE_ALLOWED_ORIGINS}, ...).
 *
 * @param kafka          where the live view comes from
 * @param auth           how consoles prove who they are
 * @param limits         what one connection may cost the edge
 * @param heartbeat      WebSocket pings from the server
 * @param access         who sees what ({@code edge.access.*}, the access-policy module's rules)
 * @param demo           demo mode (the local stack only)
 * @param allowedOrigins browser origins allowed to open /ws (same-origin pages always may); empty: same origin only
 */
@ConfigurationProperties(prefix = "edge")
public record EdgeProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue Auth auth,
        @DefaultValue Limits limits,
        @DefaultValue Heartbeat heartbeat,
        @DefaultValue AccessRules access,
        @DefaultValue Demo demo,
        @DefaultValue List<String> allowedOrigins) {

    public EdgeProperties {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Where the live view comes from.
     *
     * @param conflictsTopic        conflict records for the conflicts channel; empty disables the channel's live feed
     * @param properties            extra consumer properties (security.protocol, sasl.*, ssl.*), passed through as they are
     * @param changeLogPerPartition changes kept per partition for resume_from; older positions get RESUME_UNAVAILABLE and a snapshot
     */
    public record Kafka(
            @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            @DefaultValue(Topics.RECONCILED) String topic,
            @DefaultValue(Topics.CONFLICTS) String conflictsTopic,
            @DefaultValue Map<String, String> properties,
            @DefaultValue("20000") int changeLogPerPartition,
            @DefaultValue("200ms") Duration pollTimeout) {

        public Kafka {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * How consoles prove who they are. At least one key source must be set (the token verifier
     * refuses to start without one).
     *
     * @param timeout   a connection that has not authenticated by then gets AUTH_REQUIRED and is closed
     * @param clockSkew tolerated clock difference when checking exp and nbf
     */
    public record Auth(
            @DefaultValue Hs256 hs256,
            @DefaultValue Rs256 rs256,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("30s") Duration clockSkew) {
    }

    /** @param secret shared secret (UTF-8, at least 32 bytes); null or empty: no HS256 */
    public record Hs256(String secret) {
    }

    /**
     * @param publicKeyFile PEM file with an RSA public key (-----BEGIN PUBLIC KEY-----); null: none
     * @param jwksFile      JWKS file (RFC 7517 JSON) with RSA public keys, selected by kid; null: none
     */
    public record Rs256(Path publicKeyFile, Path jwksFile) {
    }

    /**
     * What one connection may cost the edge.
     *
     * @param maxFrameBytes  larger client frames are refused with RATE_LIMIT_EXCEEDED (the session survives)
     * @param abuseThreshold refused messages within one minute after which the connection is closed as abusive
     * @param outboundBuffer distinct pending outbound messages per session; beyond it the session is closed as too slow
     * @param sendTimeout    a frame the console's connection has not taken within this closes it as too slow
     */
    public record Limits(
            @DefaultValue("1000") int messagesPerMinute,
            @DefaultValue("50") int burstLimit,
            @DefaultValue("5s") Duration burstWindow,
            @DefaultValue("10") int maxSubscriptions,
            @DefaultValue("16384") int maxFrameBytes,
            @DefaultValue("20") int abuseThreshold,
            @DefaultValue("2000") int outboundBuffer,
            @DefaultValue("10s") Duration sendTimeout) {
    }

    /**
     * WebSocket pings from the server.
     *
     * @param timeout no pong for this long closes the connection
     */
    public record Heartbeat(
            @DefaultValue("10s") Duration interval,
            @DefaultValue("30s") Duration timeout) {
    }

    /**
     * Demo mode (the local stack only): offer the consoles a list of ready-made tokens.
     *
     * @param tokensFile a file of {@code label<TAB>token} lines (the local stack's tokens.txt). When
     *                   set, {@code GET /api/demo/tokens} offers the tokens in it that this edge
     *                   accepts; unset, the endpoint does not exist. Never set it where the edge is
     *                   reachable by anyone but the demo's user.
     */
    public record Demo(Path tokensFile) {
    }
}
