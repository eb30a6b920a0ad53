package io.incidentfeeds.edge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The map a console would draw: incidents by id, built by applying what the edge sends (snapshot,
 * create, update, delete) exactly as a console must. Every incident document received, in any
 * message, is kept for checks over everything the console was ever shown.
 */
public final class ConsoleView {

    private final TestConsole console;
    private final Map<String, JsonNode> incidents = new TreeMap<>();
    private final List<JsonNode> everything = new ArrayList<>();
    private final List<JsonNode> updates = new ArrayList<>();
    private String position;

    public ConsoleView(TestConsole console) {
        this.console = console;
    }

    /** Applies what has arrived, without waiting. */
    public ConsoleView poll() {
        for (JsonNode m : console.drain()) {
            apply(m);
        }
        return this;
    }

    public void apply(JsonNode m) {
        switch (m.path("type").asString()) {
            case "snapshot" -> {
                m.path("data").path("features").forEach(f -> {
                    incidents.put(f.path("id").asString(), f);
                    everything.add(f);
                });
                position = m.path("position").asString();
            }
            case "update" -> {
                JsonNode data = m.path("data");
                everything.add(data);
                updates.add(m);
                String id = data.path("id").asString();
                if ("delete".equals(m.path("diff_type").asString())) {
                    incidents.remove(id);
                } else {
                    incidents.put(id, data);
                }
                position = m.path("position").asString();
            }
            default -> {
            }
        }
    }

    /** Waits until the ids with {@code prefix} are exactly {@code expected}. */
    public void awaitIds(String prefix, Set<String> expected) {
        await(() -> ids(prefix).equals(expected), () -> "ids " + ids(prefix) + ", expected " + expected);
    }

    public void await(BooleanSupplier condition, java.util.function.Supplier<String> describe) {
        long deadline = System.nanoTime() + TestConsole.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + describe.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            poll();
        }
    }

    /** Applies everything that arrives within {@code quiet}. */
    public void settle(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        poll();
    }

    public Set<String> ids(String prefix) {
        Set<String> out = new TreeSet<>();
        incidents.keySet().stream().filter(id -> id.startsWith(prefix)).forEach(out::add);
        return out;
    }

    public JsonNode get(String id) {
        return incidents.get(id);
    }

    public Map<String, JsonNode> incidents() {
        return incidents;
    }

    /** Every incident document this console was shown, in snapshots and updates. */
    public List<JsonNode> everything() {
        return everything;
    }

    /** The update messages received, in order. */
    public List<JsonNode> updates() {
        return updates;
    }

    /** The position of the last snapshot or update. */
    public String position() {
        assertThat(position).as("a position received").isNotNull();
        return position;
    }
}
