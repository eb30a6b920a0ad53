package io.incidentfeeds.edge.testing;

import io.incidentfeeds.edge.EdgeApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A ws-edge started in this JVM on a free port, as a console sees it: by URL. */
public final class EdgeInstance implements AutoCloseable {

    public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes-0123456789";

    private final ConfigurableApplicationContext context;
    private final String scheme;

    private EdgeInstance(ConfigurableApplicationContext context, String scheme) {
        this.context = context;
        this.scheme = scheme;
    }

    /** Settings every test edge shares; {@code overrides} win. */
    public static Map<String, String> defaults(String bootstrap, String topic) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("edge.kafka.bootstrap-servers", bootstrap);
        p.put("edge.kafka.topic", topic);
        p.put("edge.kafka.conflicts-topic", topic + ".conflicts");
        p.put("edge.auth.hs256.secret", SECRET);
        p.put("edge.access.jurisdictions.alpha", "j-alpha");
        p.put("edge.access.jurisdictions.bravo", "j-bravo");
        p.put("edge.access.sharing[0].owner", "charlie");
        p.put("edge.access.sharing[0].grantee", "bravo");
        p.put("edge.access.sharing[0].incident-types", "fire");
        p.put("edge.allowed-origins", "https://console.example");
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        return p;
    }

    public static EdgeInstance start(Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EdgeApplication.class)
                .run(args.toArray(String[]::new));
        boolean tls = properties.containsKey("server.ssl.enabled") && Boolean.parseBoolean(properties.get("server.ssl.enabled"));
        return new EdgeInstance(context, tls ? "https" : "http");
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public URI http(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    public URI ws() {
        return URI.create(scheme.replace("http", "ws") + "://127.0.0.1:" + port() + "/ws");
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
