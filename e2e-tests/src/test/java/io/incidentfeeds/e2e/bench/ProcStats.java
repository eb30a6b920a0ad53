package io.incidentfeeds.e2e.bench;

import io.incidentfeeds.testsupport.bench.ProcFs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory of the stack's child JVMs and this JVM, grouped by component, read from Linux's
 * /proc by test-support's {@link ProcFs}. CPU times are in its clock ticks.
 */
final class ProcStats {

    static final double TICKS_PER_SECOND = ProcFs.TICKS_PER_SECOND;

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
            String cmd = String.join(" ", ProcFs.commandLine(child.pid()));
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

    /** One process; zeros once it has exited. */
    static Sample sample(long pid) {
        ProcFs.Memory memory = ProcFs.memory(pid).orElse(new ProcFs.Memory(0, 0));
        return new Sample(ProcFs.cpu(pid).orElse(ProcFs.Cpu.NONE).ticks(), memory.rssKb(), memory.peakRssKb());
    }

    /** CPU ticks of this JVM's threads, grouped by thread name without its number: where the bench JVM's CPU went. */
    static Map<String, Long> threadGroups() {
        Map<String, Long> groups = new TreeMap<>();
        ProcFs.threads().forEach((name, cpu) -> groups.merge(name.replaceAll("[-#]?\\d+", "#"), cpu.ticks(), Long::sum));
        return groups;
    }

    /** Busy and total ticks of the whole machine (all cores). */
    static long[] machineTicks() {
        ProcFs.Machine machine = ProcFs.machine();
        return new long[] {machine.busyTicks(), machine.totalTicks()};
    }

    static String loadAverage() {
        return ProcFs.loadAverages();
    }
}
