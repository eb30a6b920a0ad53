package io.incidentfeeds.connect.mqtt.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One entry of {@code mqtt.server.uri}: {@code tcp://host[:port]} (plain, default port 1883) or
 * {@code ssl://host[:port]} (TLS, default port 8883), the two schemes Confluent's connector accepts.
 */
public record ServerUri(String host, int port, boolean tls) {

    public static final int DEFAULT_TCP_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;

    /**
     * Parses one URI.
     *
     * @throws IllegalArgumentException with a message fit to show an operator
     */
    public static ServerUri parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an empty server URI; expected tcp://host:port or ssl://host:port");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp" -> false;
            case "ssl" -> true;
            default -> throw new IllegalArgumentException("unknown scheme '" + uri.getScheme() + "' in '" + trimmed
                    + "'; use tcp:// (plain) or ssl:// (TLS)");
        };
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("no host in '" + trimmed + "'; expected " + scheme + "://host:port");
        }
        // Credentials in the URI would end up in logs and in the Connect REST API in clear text.
        if (uri.getUserInfo() != null) {
            throw new SecretInValue("credentials in '" + scheme + "://" + uri.getHost()
                    + "...' are not allowed; use mqtt.username and mqtt.password");
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + trimmed + "' has a path, query or fragment; expected "
                    + scheme + "://host:port");
        }
        int port = uri.getPort() == -1 ? (tls ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT) : uri.getPort();
        return new ServerUri(uri.getHost(), port, tls);
    }

    /** A problem with a value that must not be echoed back in the error message (it holds a secret). */
    public static final class SecretInValue extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        SecretInValue(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }
}
