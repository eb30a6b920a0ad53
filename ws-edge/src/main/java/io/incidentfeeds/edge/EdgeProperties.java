package io.incidentfeeds.edge;

import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.schemas.topics.Topics;
import java.net.URI;
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
 * @param ogc            the OGC API - Features service under /ogc
 * @param basemap        the console's raster tile layer under the jurisdiction outlines; off by default
 * @param replay         the replay channel: recorded windows of incidents.history played back to consoles
 */
@ConfigurationProperties(prefix = "edge")
public record EdgeProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue Auth auth,
        @DefaultValue Limits limits,
        @DefaultValue Heartbeat heartbeat,
        @DefaultValue AccessRules access,
        @DefaultValue Demo demo,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue Ogc ogc,
        @DefaultValue Basemap basemap,
        @DefaultValue Replay replay) {

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
     * refuses to start without one): a shared secret, static RSA keys, or an identity provider's
     * JWKS URL.
     *
     * @param jwks      an identity provider's published keys (Keycloak, Entra ID, Okta, the local stack's)
     * @param claims    where the agency and the roles are found in a token
     * @param timeout   a connection that has not authenticated by then gets AUTH_REQUIRED and is closed
     * @param clockSkew tolerated clock difference when checking exp and nbf
     */
    public record Auth(
            @DefaultValue Hs256 hs256,
            @DefaultValue Rs256 rs256,
            @DefaultValue Jwks jwks,
            @DefaultValue Claims claims,
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
     * An identity provider's JSON Web Key Set, fetched over HTTP(S) and cached (nimbus-jose-jwt's
     * JWKSourceBuilder). A token whose kid is not in the cached set makes the edge fetch the set
     * again, at most twice per {@code rateLimit}.
     *
     * @param url          the provider's {@code jwks_uri}; null: no identity provider
     * @param issuer       the provider's {@code iss}, the only one accepted with its keys (required with a url)
     * @param audience     accepted {@code aud} values: a token must name one (required with a url)
     * @param algorithms   signature algorithms accepted with its keys (asymmetric only; the key type must match)
     * @param cacheTtl     how long a fetched set is used before it is fetched again
     * @param refreshAhead a set this close to expiry is refreshed in the background when a token uses it
     * @param rateLimit    the window in which at most two fetches happen, however many unknown kids arrive
     * @param timeout      HTTP connect and read timeout of a fetch
     */
    public record Jwks(
            URI url,
            String issuer,
            @DefaultValue List<String> audience,
            @DefaultValue({"RS256", "ES256"}) List<String> algorithms,
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("30s") Duration refreshAhead,
            @DefaultValue("30s") Duration rateLimit,
            @DefaultValue("2s") Duration timeout) {

        public Jwks {
            audience = List.copyOf(audience);
            algorithms = List.copyOf(algorithms);
        }
    }

    /**
     * Where a token names its agency and roles. The agencies named by {@code agencyClaim} and by the
     * groups in {@code groupsClaim} (through {@code agencyGroups}) are put together: exactly one is
     * accepted. Claim names may be dotted paths into nested objects ({@code realm_access.roles}); a
     * claim whose whole name contains dots (a URL-named claim) is found first.
     *
     * @param agencyClaim  the claim holding the agency id (a string, or a list of strings); empty: none
     * @param groupsClaim  the claim holding the user's groups (a list of strings); null: groups are not read
     * @param agencyGroups group name to agency id
     * @param rolesClaim   the claim holding the roles (a list of strings, or one string)
     * @param roleNames    provider role name to edge role name; when set, only the roles it names are kept
     */
    public record Claims(
            @DefaultValue("agency_id") String agencyClaim,
            String groupsClaim,
            @DefaultValue Map<String, String> agencyGroups,
            @DefaultValue("roles") String rolesClaim,
            @DefaultValue Map<String, String> roleNames) {

        public Claims {
            agencyGroups = Map.copyOf(agencyGroups);
            roleNames = Map.copyOf(roleNames);
        }
    }

    /**
     * What one connection may cost the edge.
     *
     * @param maxFrameBytes  larger client frames are refused with RATE_LIMIT_EXCEEDED (the session survives)
     * @param abuseThreshold refused messages within one minute after which the connection is closed as abusive
     * @param outboundBuffer distinct pending outbound messages per session; beyond it the session is closed as too slow
     * @param sendTimeout    a connection that stays unwritable (its write buffer full) this long is closed as too slow
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

    /**
     * The OGC API - Features service under {@code /ogc}.
     *
     * @param baseUrl      the public URL of {@code /ogc} as GIS clients reach it (behind a proxy:
     *                     {@code https://gis.example.org/edge/ogc}); every link is absolute and starts
     *                     with it. Null: taken from each request (scheme, host, port, context path)
     * @param defaultLimit features per page when a request names no {@code limit}
     * @param maxLimit     the largest page; a larger {@code limit} is clamped to it
     */
    public record Ogc(
            URI baseUrl,
            @DefaultValue("100") int defaultLimit,
            @DefaultValue("1000") int maxLimit) {

        public Ogc {
            if (defaultLimit < 1 || maxLimit < defaultLimit || maxLimit > 10_000) {
                throw new IllegalArgumentException("edge.ogc: need 1 <= default-limit <= max-limit <= 10000, got "
                        + defaultLimit + " and " + maxLimit);
            }
            if (baseUrl != null && (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())
                    || baseUrl.getRawQuery() != null)) {
                throw new IllegalArgumentException("edge.ogc.base-url: an absolute http(s) URL without a query, got " + baseUrl);
            }
        }
    }

    /**
     * The console's basemap: a raster tile layer (an agency's own tile server or a public one) drawn
     * under the jurisdiction outlines. Off unless {@code urlTemplate} is set; the console's content
     * security policy then allows images from exactly the template's origins.
     *
     * @param urlTemplate    Leaflet's template, {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}; null: no basemap
     * @param subdomains     the values of {s}, required when the template has {s}
     * @param attribution    shown on the map (plain text; public tile servers require it)
     * @param maxZoom        the deepest zoom the server has tiles for
     * @param referrerPolicy the Referrer-Policy of tile requests (public servers ask for a referrer; the page itself sends none)
     */
    public record Basemap(
            String urlTemplate,
            @DefaultValue List<String> subdomains,
            @DefaultValue("") String attribution,
            @DefaultValue("19") int maxZoom,
            @DefaultValue("strict-origin-when-cross-origin") String referrerPolicy) {

        private static final List<String> POLICIES = List.of("no-referrer", "origin", "strict-origin",
                "strict-origin-when-cross-origin", "origin-when-cross-origin", "same-origin");

        public Basemap {
            subdomains = List.copyOf(subdomains);
            if (urlTemplate != null && !urlTemplate.isBlank()) {
                URI uri = URI.create(urlTemplate.replace("{s}", "s").replace("{z}", "0").replace("{x}", "0")
                        .replace("{y}", "0").replace("{r}", ""));
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null
                        || !urlTemplate.contains("{z}") || !urlTemplate.contains("{x}") || !urlTemplate.contains("{y}")) {
                    throw new IllegalArgumentException("edge.basemap.url-template: an http(s) URL with {z}, {x} and {y}, got " + urlTemplate);
                }
                if (urlTemplate.contains("{s}") == subdomains.isEmpty()) {
                    throw new IllegalArgumentException("edge.basemap.subdomains: needed exactly when the template has {s}");
                }
                for (String s : subdomains) {
                    if (!s.matches("[a-z0-9-]{1,32}")) {
                        throw new IllegalArgumentException("edge.basemap.subdomains: '" + s + "' is not a host label");
                    }
                }
            }
            if (maxZoom < 0 || maxZoom > 24) {
                throw new IllegalArgumentException("edge.basemap.max-zoom: 0 to 24, got " + maxZoom);
            }
            if (!POLICIES.contains(referrerPolicy)) {
                throw new IllegalArgumentException("edge.basemap.referrer-policy: one of " + POLICIES + ", got " + referrerPolicy);
            }
        }

        public boolean enabled() {
            return urlTemplate != null && !urlTemplate.isBlank();
        }
    }

    /**
     * The replay channel (ws-edge/REPLAY.md).
     *
     * @param historyTopic every version, in append order (the processor's incidents.history)
     * @param checkpointsTopic the processor's checkpoints, where a picture starts from; empty: none (from the history's start)
     * @param roles        roles that may replay; the replay shows what the token's agency may see
     * @param maxPerEdge   replays this edge plays at once; one more gets REPLAY_LIMIT
     * @param maxWindow    the longest window one replay may ask for
     * @param idleTimeout  a paused or ended replay closes after this
     * @param readAhead    versions a replay reads ahead of its clock
     * @param inFlight     replay frames on their way to a console's socket at once; beyond it the replay waits
     */
    public record Replay(
            @DefaultValue(Topics.HISTORY) String historyTopic,
            @DefaultValue(Topics.CHECKPOINTS) String checkpointsTopic,
            @DefaultValue({"eoc", "supervisor", "analyst"}) List<String> roles,
            @DefaultValue("20") int maxPerEdge,
            @DefaultValue("31d") Duration maxWindow,
            @DefaultValue("5m") Duration idleTimeout,
            @DefaultValue("1000") int readAhead,
            @DefaultValue("8") int inFlight) {

        public Replay {
            roles = List.copyOf(roles);
            if (maxPerEdge < 0 || readAhead < 2 || inFlight < 1) {
                throw new IllegalArgumentException("edge.replay: need max-per-edge >= 0, read-ahead >= 2, in-flight >= 1");
            }
        }
    }
}
