package io.incidentfeeds.edge;

import io.incidentfeeds.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting of ws-edge, under the prefix {@code edge}. The README lists them with their defaults;
 * environment variables bind as usual ({@code EDGE_KAFKA_BOOTSTRAP_SERVERS}, {@code EDGE_AUTH_HS256_SECRET},
 * {@code EDGE_ALLOWED_ORIGINS}, ...).
 */
@ConfigurationProperties(prefix = "edge")
public class EdgeProperties {

    private final Kafka kafka = new Kafka();
    private final Auth auth = new Auth();
    private final Limits limits = new Limits();
    private final Heartbeat heartbeat = new Heartbeat();
    private final Access access = new Access();
    private final Demo demo = new Demo();
    /** Browser origins allowed to open /ws (same-origin pages always may); empty: same origin only. */
    private List<String> allowedOrigins = new ArrayList<>();

    public Kafka getKafka() {
        return kafka;
    }

    public Auth getAuth() {
        return auth;
    }

    public Limits getLimits() {
        return limits;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public Demo getDemo() {
        return demo;
    }

    public Access getAccess() {
        return access;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** Where the live view comes from. */
    public static class Kafka {
        private String bootstrapServers = "127.0.0.1:9092";
        private String topic = Topics.RECONCILED;
        /** Conflict records for the conflicts channel; empty disables the channel's live feed. */
        private String conflictsTopic = Topics.CONFLICTS;
        /** Extra consumer properties (security.protocol, sasl.*, ssl.*), passed through as they are. */
        private Map<String, String> properties = new LinkedHashMap<>();
        /** Changes kept per partition for resume_from; older positions get RESUME_UNAVAILABLE and a snapshot. */
        private int changeLogPerPartition = 20_000;
        private Duration pollTimeout = Duration.ofMillis(200);

        public String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public String getConflictsTopic() {
            return conflictsTopic;
        }

        public void setConflictsTopic(String conflictsTopic) {
            this.conflictsTopic = conflictsTopic;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }

        public int getChangeLogPerPartition() {
            return changeLogPerPartition;
        }

        public void setChangeLogPerPartition(int changeLogPerPartition) {
            this.changeLogPerPartition = changeLogPerPartition;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }
    }

    /** How consoles prove who they are. At least one key source must be set. */
    public static class Auth {
        private final Hs256 hs256 = new Hs256();
        private final Rs256 rs256 = new Rs256();
        /** A connection that has not authenticated by then gets AUTH_REQUIRED and is closed. */
        private Duration timeout = Duration.ofSeconds(10);
        /** Tolerated clock difference when checking exp and nbf. */
        private Duration clockSkew = Duration.ofSeconds(30);

        public Hs256 getHs256() {
            return hs256;
        }

        public Rs256 getRs256() {
            return rs256;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getClockSkew() {
            return clockSkew;
        }

        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }
    }

    public static class Hs256 {
        /** Shared secret (UTF-8, at least 32 bytes); empty disables HS256. */
        private String secret = "";

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }
    }

    public static class Rs256 {
        /** PEM file with an RSA public key (-----BEGIN PUBLIC KEY-----); empty: none. */
        private Path publicKeyFile;
        /** JWKS file (RFC 7517 JSON) with RSA public keys, selected by kid; empty: none. */
        private Path jwksFile;

        public Path getPublicKeyFile() {
            return publicKeyFile;
        }

        public void setPublicKeyFile(Path publicKeyFile) {
            this.publicKeyFile = publicKeyFile;
        }

        public Path getJwksFile() {
            return jwksFile;
        }

        public void setJwksFile(Path jwksFile) {
            this.jwksFile = jwksFile;
        }
    }

    /** What one connection may cost the edge. */
    public static class Limits {
        private int messagesPerMinute = 1000;
        private int burstLimit = 50;
        private Duration burstWindow = Duration.ofSeconds(5);
        private int maxSubscriptions = 10;
        /** Larger client frames are refused with RATE_LIMIT_EXCEEDED (the session survives). */
        private int maxFrameBytes = 16_384;
        /** Refused messages within one minute after which the connection is closed as abusive. */
        private int abuseThreshold = 20;
        /** Distinct pending outbound messages per session; beyond it the session is closed as too slow. */
        private int outboundBuffer = 2_000;
        /** A frame the console's connection has not taken within this closes it as too slow. */
        private Duration sendTimeout = Duration.ofSeconds(10);

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public int getMessagesPerMinute() {
            return messagesPerMinute;
        }

        public void setMessagesPerMinute(int messagesPerMinute) {
            this.messagesPerMinute = messagesPerMinute;
        }

        public int getBurstLimit() {
            return burstLimit;
        }

        public void setBurstLimit(int burstLimit) {
            this.burstLimit = burstLimit;
        }

        public Duration getBurstWindow() {
            return burstWindow;
        }

        public void setBurstWindow(Duration burstWindow) {
            this.burstWindow = burstWindow;
        }

        public int getMaxSubscriptions() {
            return maxSubscriptions;
        }

        public void setMaxSubscriptions(int maxSubscriptions) {
            this.maxSubscriptions = maxSubscriptions;
        }

        public int getMaxFrameBytes() {
            return maxFrameBytes;
        }

        public void setMaxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
        }

        public int getAbuseThreshold() {
            return abuseThreshold;
        }

        public void setAbuseThreshold(int abuseThreshold) {
            this.abuseThreshold = abuseThreshold;
        }

        public int getOutboundBuffer() {
            return outboundBuffer;
        }

        public void setOutboundBuffer(int outboundBuffer) {
            this.outboundBuffer = outboundBuffer;
        }
    }

    /** WebSocket pings from the server. */
    public static class Heartbeat {
        private Duration interval = Duration.ofSeconds(10);
        /** No pong for this long closes the connection. */
        private Duration timeout = Duration.ofSeconds(30);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Who sees what, besides the incidents an agency contributed to. */
    public static class Access {
        /** agency id -> ids of its jurisdictions (matched against reconciliation.jurisdictions). */
        private Map<String, List<String>> jurisdictions = new LinkedHashMap<>();
        /** Mutual-aid grants. */
        private List<SharingRule> sharing = new ArrayList<>();
        /** Roles that see every incident. */
        private List<String> seeAllRoles = new ArrayList<>(List.of("eoc"));
        /** Roles that may subscribe to the conflicts channel. */
        private List<String> conflictRoles = new ArrayList<>(List.of("eoc", "supervisor"));

        public Map<String, List<String>> getJurisdictions() {
            return jurisdictions;
        }

        public void setJurisdictions(Map<String, List<String>> jurisdictions) {
            this.jurisdictions = jurisdictions;
        }

        public List<SharingRule> getSharing() {
            return sharing;
        }

        public void setSharing(List<SharingRule> sharing) {
            this.sharing = sharing;
        }

        public List<String> getSeeAllRoles() {
            return seeAllRoles;
        }

        public void setSeeAllRoles(List<String> seeAllRoles) {
            this.seeAllRoles = seeAllRoles;
        }

        public List<String> getConflictRoles() {
            return conflictRoles;
        }

        public void setConflictRoles(List<String> conflictRoles) {
            this.conflictRoles = conflictRoles;
        }
    }

    /**
     * A mutual-aid grant: agency {@code grantee} sees the incidents agency {@code owner} contributed
     * to, of the listed incident types (empty: every type).
     */
    public static class SharingRule {
        private String owner;
        private String grantee;
        private List<String> incidentTypes = new ArrayList<>();

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public String getGrantee() {
            return grantee;
        }

        public void setGrantee(String grantee) {
            this.grantee = grantee;
        }

        public List<String> getIncidentTypes() {
            return incidentTypes;
        }

        public void setIncidentTypes(List<String> incidentTypes) {
            this.incidentTypes = incidentTypes;
        }
    }

    /** Demo mode (the local stack only): offer the consoles a list of ready-made tokens. */
    public static class Demo {
        /**
         * A file of {@code label<TAB>token} lines (the local stack's tokens.txt). When set,
         * {@code GET /api/demo/tokens} offers the tokens in it that this edge accepts; unset, the
         * endpoint does not exist. Never set it where the edge is reachable by anyone but the demo's user.
         */
        private java.nio.file.Path tokensFile;

        public java.nio.file.Path getTokensFile() {
            return tokensFile;
        }

        public void setTokensFile(java.nio.file.Path tokensFile) {
            this.tokensFile = tokensFile;
        }
    }
}
