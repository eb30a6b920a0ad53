package io.incidentfeeds.connect.mqtt.testkit;

import io.incidentfeeds.brokers.KafkaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Mosquitto running the docker-compose deployment's broker: {@code deploy/mosquitto}'s
 * configuration and ACL, with the secrets {@code deploy/make-secrets.sh} makes for the given
 * agencies. Only what differs between a container and this machine is changed: the paths under
 * {@code /mosquitto/} point into a temporary directory, and each listener binds a free loopback port.
 * The broker's files are copied there as the compose service's command copies them, owned by the
 * {@code mosquitto} user when the tests run as root (Mosquitto drops to that user before reading them).
 */
public final class ComposeMosquitto implements AutoCloseable {

    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Pattern LISTENER = Pattern.compile("^listener (\\d+)$", Pattern.MULTILINE);
    private static final List<String> BROKER_FILES =
            List.of("mqtt-passwords", "mqtt-server.crt", "mqtt-server.key", "mqtt-ca.crt", "mqtt-ca.crl");

    private final Path dir;
    private final Path secrets;
    private final Map<Integer, Integer> ports;
    private final Process process;

    private ComposeMosquitto(Path dir, Path secrets, Map<Integer, Integer> ports, Process process) {
        this.dir = dir;
        this.secrets = secrets;
        this.ports = ports;
        this.process = process;
    }

    /** Makes the secrets for {@code agencies} in {@code dir} and starts the broker on them. */
    public static ComposeMosquitto start(Path dir, List<String> agencies) throws IOException, InterruptedException {
        return start(dir, agencies, UnaryOperator.identity());
    }

    /** The same, with one change to the deployment's configuration (to show why it is as it is). */
    public static ComposeMosquitto start(Path dir, List<String> agencies, UnaryOperator<String> change)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is missing: apt-get install mosquitto mosquitto-clients (listed in .ci/apt-packages)");
        }
        Path secrets = dir.resolve("secrets");
        Path agenciesFile = dir.resolve("agencies");
        Files.writeString(agenciesFile, String.join("\n", agencies) + "\n");
        makeSecrets(secrets, agenciesFile);

        Path broker = Files.createDirectories(dir.resolve("broker"));
        Files.createDirectories(broker.resolve("data"));
        for (String file : BROKER_FILES) {
            Files.copy(secrets.resolve(file), broker.resolve(file));
        }
        Files.copy(DEPLOY.resolve("mosquitto/acl"), broker.resolve("acl"));
        Map<Integer, Integer> ports = new HashMap<>();
        String config = change.apply(Files.readString(DEPLOY.resolve("mosquitto/mosquitto.conf")))
                .replace("/mosquitto/secrets/", broker + "/")
                .replace("/mosquitto/config/acl", broker.resolve("acl").toString())
                .replace("/mosquitto/data/", broker.resolve("data") + "/");
        if (Pattern.compile("^[^#]*\\s/mosquitto/", Pattern.MULTILINE).matcher(config).find()) {
            throw new IllegalStateException("deploy/mosquitto/mosquitto.conf names a path this test does not map");
        }
        Matcher listener = LISTENER.matcher(config);
        StringBuilder local = new StringBuilder();
        while (listener.find()) {
            int port = KafkaProcess.freePort();
            ports.put(Integer.parseInt(listener.group(1)), port);
            listener.appendReplacement(local, "listener " + port + " 127.0.0.1");
        }
        listener.appendTail(local);
        Path conf = broker.resolve("mosquitto.conf");
        Files.writeString(conf, local);
        ownByTheBrokersUser(broker);

        // -v: a verbose log, where the tests read what the broker did with a publish it refused.
        Process process = new ProcessBuilder(MOSQUITTO.toString(), "-v", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        ComposeMosquitto mosquitto = new ComposeMosquitto(dir, secrets, ports, process);
        mosquitto.awaitListening();
        return mosquitto;
    }

    /** Runs deploy/make-secrets.sh into {@code secrets}, with {@code args} (such as --rotate sffd). */
    public static void makeSecrets(Path secrets, Path agenciesFile, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", DEPLOY.resolve("make-secrets.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SECRETS_DIR", secrets.toString());
        builder.environment().put("AGENCIES_FILE", agenciesFile.toString());
        Process script = builder.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!script.waitFor(120, TimeUnit.SECONDS) || script.exitValue() != 0) {
            throw new IllegalStateException("make-secrets.sh failed:\n" + output);
        }
    }

    /**
     * Rotates a name's password and certificate with make-secrets.sh, copies the broker's files
     * again and has Mosquitto reread them (SIGHUP), as the deployment's documented rotation does.
     */
    public void rotate(String name) throws IOException, InterruptedException {
        makeSecrets(secrets, dir.resolve("agencies"), "--rotate", name);
        Path broker = dir.resolve("broker");
        for (String file : BROKER_FILES) {
            Files.copy(secrets.resolve(file), broker.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ownByTheBrokersUser(broker);
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        if (!hup.waitFor(10, TimeUnit.SECONDS) || hup.exitValue() != 0) {
            throw new IllegalStateException("cannot signal mosquitto");
        }
        Thread.sleep(500); // Mosquitto rereads its files in its main loop, after the signal
    }

    /** The local port of the compose listener on {@code composePort} (1883, 8883, 8884). */
    public int port(int composePort) {
        return ports.get(composePort);
    }

    public Path secrets() {
        return secrets;
    }

    public Path caFile() {
        return secrets.resolve("mqtt-ca.crt");
    }

    public String password(String agency) throws IOException {
        return Files.readString(secrets.resolve("mqtt-agencies/" + agency + ".password")).trim();
    }

    public Path certificate(String agency) {
        return secrets.resolve("mqtt-agencies/" + agency + ".crt");
    }

    public Path key(String agency) {
        return secrets.resolve("mqtt-agencies/" + agency + ".key");
    }

    /** mqtt-connector.properties: the connector's {@code password} and {@code trust.store.password}. */
    public Properties connectorCredentials() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(secrets.resolve("mqtt-connector.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    public Path trustStore() {
        return secrets.resolve("mqtt-ca.p12");
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int port : ports.values()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited:\n" + log());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("mosquitto does not listen on " + port + ":\n" + log());
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static void ownByTheBrokersUser(Path broker) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return; // not root: Mosquitto keeps the user it was started as
        }
        UserPrincipal mosquitto = broker.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto");
        // Temporary directories are private to their owner (0700): let the broker's user pass through.
        for (Path parent = broker.getParent(); parent != null; parent = parent.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(parent, permissions);
            }
        }
        try (Stream<Path> files = Files.walk(broker)) {
            files.forEach(file -> {
                try {
                    Files.setOwner(file, mosquitto);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
