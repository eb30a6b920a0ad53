package io.incidentfeeds.processing;

import io.incidentfeeds.schemas.json.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telemetry payloads for tests, starting from the contract's own examples
 * ({@code schemas/src/main/resources/examples/telemetry/}) and changing one thing at a time.
 */
public final class Payloads {

    /** The MQTT topic the seed example belongs on. */
    public static final String SFFD_FIRE = "incident/sffd/fire/telemetry";

    private Payloads() {
    }

    /** {@code examples/telemetry/valid/<name>.json}, as a fresh mutable tree. */
    public static ObjectNode valid(String name) {
        return (ObjectNode) read("examples/telemetry/valid/" + name + ".json");
    }

    /** {@code examples/telemetry/invalid/<name>.json}. */
    public static JsonNode invalid(String name) {
        return read("examples/telemetry/invalid/" + name + ".json");
    }

    /** The seed example: sffd's point at San Francisco City Hall's neighbourhood, 2026-11-22T10:30:00Z. */
    public static ObjectNode seed() {
        return valid("seed");
    }

    public static ObjectNode properties(ObjectNode feature) {
        return (ObjectNode) feature.get("properties");
    }

    /** The seed with {@code geometry} replaced by the given GeoJSON text. */
    public static ObjectNode seedWithGeometry(String geometryJson) {
        ObjectNode feature = seed();
        feature.set("geometry", json(geometryJson));
        return feature;
    }

    public static JsonNode json(String text) {
        return ContractJson.mapper().readTree(text);
    }

    public static byte[] bytes(JsonNode document) {
        return ContractJson.mapper().writeValueAsBytes(document);
    }

    /**
     * Every {@code .json} document under the class path folder {@code dir} (in the schemas jar or
     * its classes folder), by path relative to it, in name order.
     */
    public static SortedMap<String, JsonNode> documentsUnder(String dir) {
        try {
            URI uri = Payloads.class.getClassLoader().getResource(dir).toURI();
            if (!uri.getScheme().equals("jar")) {
                return documentsUnder(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return documentsUnder(jar.provider().getPath(uri));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SortedMap<String, JsonNode> documentsUnder(Path root) throws IOException {
        SortedMap<String, JsonNode> documents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                documents.put(root.relativize(file).toString(), ContractJson.mapper().readTree(Files.readAllBytes(file)));
            }
        }
        return documents;
    }

    public static JsonNode read(String resource) {
        try (InputStream in = Payloads.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
