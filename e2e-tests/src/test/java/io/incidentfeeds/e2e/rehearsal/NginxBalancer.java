package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.brokers.KafkaProcess;
import io.incidentfeeds.localstack.component.Probes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx in front of the edges, configured from the deployment's own
 * {@code deploy/nginx/nginx.conf}: the same upstream (round robin, {@code max_fails=1
 * fail_timeout=5s}), WebSocket upgrade and timeouts, rendered with the edges' addresses instead of
 * Docker's DNS name, a free port on 127.0.0.1, and its files under a directory of its own. One
 * worker process, so that consoles connecting one after another alternate between the edges.
 */
final class NginxBalancer implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));
    private static final String UPSTREAM_SERVER = "server ws-edge:8080 max_fails=1 fail_timeout=5s;";
    private static final String LISTEN = "listen 8080;";

    private final Path dir;
    private final int port;
    private Process process;

    NginxBalancer(Path dir) {
        this.dir = dir;
        this.port = KafkaProcess.freePort();
    }

    /** The nginx binary, or a failure that says it is missing and how to install it. */
    static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "nginx is not installed, and the rehearsal puts the edges behind it as the deployment does:"
                        + " apt-get install nginx (Debian's package, listed in .ci/apt-packages; bin/test installs it)"));
    }

    /** Renders {@code template} for {@code edges} (host:port each) and starts nginx in the foreground. */
    void start(Path template, List<String> edges) throws Exception {
        Path nginx = binary();
        Files.createDirectories(dir.resolve("temp"));
        Path config = Files.writeString(dir.resolve("nginx.conf"), render(Files.readString(template), edges));
        process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", config.toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
                .start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                if (Probes.listening("127.0.0.1", port).isReady()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("nginx did not start; see " + dir.resolve("error.log") + " and " + dir.resolve("nginx.out"));
            }
            Thread.sleep(100);
        }
    }

    String render(String template, List<String> edges) {
        if (!template.contains(UPSTREAM_SERVER) || !template.contains(LISTEN)) {
            throw new IllegalStateException("deploy/nginx/nginx.conf no longer has '" + UPSTREAM_SERVER + "' and '" + LISTEN
                    + "': update " + NginxBalancer.class.getSimpleName() + " with it");
        }
        String servers = edges.stream().map(edge -> "server " + edge + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n    "));
        String files = "access_log off;\n  client_body_temp_path temp/body;\n  proxy_temp_path temp/proxy;\n"
                + "  fastcgi_temp_path temp/fastcgi;\n  uwsgi_temp_path temp/uwsgi;\n  scgi_temp_path temp/scgi;\n  ";
        return "worker_processes 1;\n" + template
                .replace(UPSTREAM_SERVER, servers)
                .replace(LISTEN, "listen 127.0.0.1:" + port + ";")
                .replaceFirst("http \\{\n", "http {\n  " + files);
    }

    /** What consoles connect to: {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
