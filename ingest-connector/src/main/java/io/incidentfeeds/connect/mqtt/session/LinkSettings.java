package io.incidentfeeds.connect.mqtt.session;

import io.incidentfeeds.connect.mqtt.config.MqttSourceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** What every connection of one task uses; read once from the configuration. */
public record LinkSettings(String clientId, boolean mqtt5, boolean cleanSession, long sessionExpirySeconds,
                           int keepAliveSeconds, Duration connectTimeout, int receiveMaximum,
                           String username, byte[] password, List<String> filters, List<String> staleFilters,
                           int qos, int maxPayloadBytes) {

    public static LinkSettings from(MqttSourceConfig config) {
        String password = config.password() == null ? "" : config.password().value();
        return new LinkSettings(config.clientId(), config.mqtt5(), config.cleanSession(), config.sessionExpirySeconds(),
                config.keepAliveSeconds(), config.connectTimeout(), config.maxInFlight(),
                config.username(), password.getBytes(StandardCharsets.UTF_8),
                config.subscriptionFilters(), config.staleFilters(), config.qos(), config.maxPayloadBytes());
    }

    /** The same settings with another receive maximum (see {@code SessionSupervisor}). */
    public LinkSettings withReceiveMaximum(int value) {
        return new LinkSettings(clientId, mqtt5, cleanSession, sessionExpirySeconds, keepAliveSeconds, connectTimeout,
                value, username, password, filters, staleFilters, qos, maxPayloadBytes);
    }

    public boolean hasUsername() {
        return username != null && !username.isBlank();
    }

    public boolean hasPassword() {
        return password != null && password.length > 0;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LinkSettings[clientId=" + clientId + ", mqtt5=" + mqtt5 + ", cleanSession=" + cleanSession
                + ", filters=" + filters + ", qos=" + qos + "]";
    }
}
