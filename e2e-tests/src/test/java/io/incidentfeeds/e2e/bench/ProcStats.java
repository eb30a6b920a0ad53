package io.incidentfeeds.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory of processes from Linux's /proc: the child JVMs of the stack and this JVM. CPU
 * times are in clock ticks, USER_HZ, which is 100 on every Linux this runs on.
 */
final class ProcStats {

    static final double TICKS_PER_SECOND = 100;

    /** CPU ticks (user + system) and resident memory of one process at one moment. */
    record Sample(long ticks, long rssKb, long peakRssKb) {
    }

    private ProcStats() {
    }

    /**
     * The stack's component JVMs, found by their command lines among this JVM's children: name -> pids
     * (a Kafka cluster's nodes are all "kafka").
     */
    static Map<String, List<Long>> components() {
        Map<String, List<Long>> found = new LinkedHashMap<>();
        ProcessHandle.current().children().forEach(child -> {
            String cmd = commandLine(child.pid());
            String name = cmd.contains("kafka.Kafka") ? "kafka" : cmd.contains("ConnectStandalone") ? "connect"
                    : cmd.contains("stream-processor.jar") ? "processor" : cmd.contains("ws-edge.jar") ? "edge" : null;
            if (name != null) {
                found.computeIfAbsent(name, n -> new ArrayList<>()).add(child.pid());
            }
        });
        found.put("bench JVM (MQTT broker, publishers, consoles, baseline clients)", List.of(ProcessHandle.current().pid()));
        return found;
    }

    /** The sum over a group of processes. */
    static Sample sample(List<Long> pids) {
        long ticks = 0;
        long rss = 0;
        long peak = 0;
        for (long pid : pids) {
            Sample one = sample(pid);
            ticks += one.ticks();
            rss += one.rssKb();
            peak += one.peakRssKb();
        }
        return new Sample(ticks, rss, peak);
    }

    static Sample sample(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return new Sample(0, 0, 0);
        }
        // Fields after the command (which may contain spaces), counted from field 3 (state).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long rss = 0;
        long peak = 0;
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kb(line);
            }
        }
        return new Sample(ticks, rss, peak);
    }

    /** CPU ticks of this JVM's threads, grouped by thread name without its number: where the bench JVM's CPU went. */
    static Map<String, Long> threadGroups() {
        Map<String, Long> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String stat = read(task.resolve("stat"));
                if (!stat.isEmpty()) {
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                }
            });
        } catch (IOException e) {
            // not Linux: no thread breakdown
        }
        return groups;
    }

    /** Busy and total ticks of the whole machine (all cores), from /proc/stat's first line. */
    static long[] machineTicks() {
        String[] f = read(Path.of("/proc/stat")).split("\n")[0].trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total - idle, total};
    }

    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).trim().split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
    }

    private static String commandLine(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }
}
