package io.incidentfeeds.afteraction.access;

import io.incidentfeeds.access.AccessRules;
import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The access rules from a file with ws-edge's keys ({@code edge.access.*}): a properties file, or
 * YAML ({@code .yml}/{@code .yaml}, as in ws-edge's application.yml), so that a review applies the
 * configuration the edge runs with.
 */
public final class AccessConfig {

    private static final String PREFIX = "edge.access.";
    private static final Pattern SHARING = Pattern.compile("sharing\\[(\\d+)]\\.(owner|grantee|incident-types)");

    private AccessConfig() {
    }

    /** The rules of {@code file}; null: the defaults (only the eoc role sees beyond its own agency's incidents). */
    public static AccessRules load(Path file) {
        if (file == null) {
            return AccessRules.defaults();
        }
        Map<String, String> keys;
        try {
            keys = file.toString().endsWith(".yml") || file.toString().endsWith(".yaml") ? yaml(file) : properties(file);
        } catch (IOException | RuntimeException e) {
            throw new ReviewException(ExitCode.BAD_CONFIG, "cannot read --access-config " + file + ": " + e.getMessage());
        }
        return rules(keys);
    }

    static AccessRules rules(Map<String, String> keys) {
        Map<String, List<String>> jurisdictions = new TreeMap<>();
        Map<Integer, Map<String, String>> sharing = new TreeMap<>();
        List<String> seeAll = null;
        List<String> conflict = null;
        for (var e : keys.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(PREFIX.length());
            Matcher m = SHARING.matcher(key);
            if (key.startsWith("jurisdictions.")) {
                jurisdictions.put(key.substring("jurisdictions.".length()), list(e.getValue()));
            } else if (m.matches()) {
                sharing.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
            } else if (key.equals("see-all-roles")) {
                seeAll = list(e.getValue());
            } else if (key.equals("conflict-roles")) {
                conflict = list(e.getValue());
            } else {
                throw new ReviewException(ExitCode.BAD_CONFIG, "--access-config: unknown key " + e.getKey());
            }
        }
        List<AccessRules.SharingRule> rules = new ArrayList<>();
        sharing.values().forEach(r -> rules.add(new AccessRules.SharingRule(r.get("owner"), r.get("grantee"),
                r.containsKey("incident-types") ? list(r.get("incident-types")) : List.of())));
        return new AccessRules(jurisdictions, rules, seeAll, conflict);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> keys = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> keys.put(k, p.getProperty(k).trim()));
        return keys;
    }

    /** YAML flattened to Spring's property names: nested maps joined by dots, lists of objects as [i], lists of values comma-joined. */
    private static Map<String, String> yaml(Path file) throws IOException {
        Map<String, String> keys = new TreeMap<>();
        flatten("", new YAMLMapper().readTree(file.toFile()), keys);
        return keys;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> keys) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), keys);
            }
        } else if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode item : node) {
                scalars &= item.isValueNode();
            }
            if (scalars) {
                List<String> values = new ArrayList<>();
                node.forEach(item -> values.add(item.asString()));
                keys.put(prefix, String.join(",", values));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(prefix + "[" + i + "]", node.get(i), keys);
                }
            }
        } else if (!node.isNull()) {
            keys.put(prefix, node.asString());
        }
    }
}
