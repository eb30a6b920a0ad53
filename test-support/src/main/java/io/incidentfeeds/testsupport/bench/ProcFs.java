package io.incidentfeeds.testsupport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What benchmarks read from Linux's {@code /proc}: a process's CPU time (user and system apart)
 * and resident memory, its command line, the CPU of this JVM's threads, the whole machine's busy
 * time and the load average. CPU times are in clock ticks, USER_HZ, which is 100 on every Linux
 * this runs on. A process that has exited reads as empty.
 */
public final class ProcFs {

    public static final double TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    /** CPU a process (or thread) has used, in ticks: {@code utime} and {@code stime} of its {@code stat}. */
    public record Cpu(long userTicks, long systemTicks) {

        public static final Cpu NONE = new Cpu(0, 0);

        public long ticks() {
            return userTicks + systemTicks;
        }

        public double seconds() {
            return ticks() / TICKS_PER_SECOND;
        }

        public double userSeconds() {
            return userTicks / TICKS_PER_SECOND;
        }

        public double systemSeconds() {
            return systemTicks / TICKS_PER_SECOND;
        }

        public Cpu plus(Cpu other) {
            return new Cpu(userTicks + other.userTicks, systemTicks + other.systemTicks);
        }
    }

    /** Resident memory now and at its peak ({@code VmRSS}, {@code VmHWM}), in KiB. */
    public record Memory(long rssKb, long peakRssKb) {
    }

    /** Busy and total ticks of the whole machine, all cores: the first line of {@code /proc/stat}. */
    public record Machine(long busyTicks, long totalTicks) {
    }

    private ProcFs() {
    }

    public static Optional<Cpu> cpu(long pid) {
        return read(process(pid).resolve("stat")).map(ProcFs::cpuOf);
    }

    public static Optional<Memory> memory(long pid) {
        return read(process(pid).resolve("status")).map(status -> {
            long rss = 0;
            long peak = 0;
            for (String line : status.split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kb(line);
                }
            }
            return new Memory(rss, peak);
        });
    }

    /** The process's arguments, the program first; empty once it has exited. */
    public static List<String> commandLine(long pid) {
        return read(process(pid).resolve("cmdline")).filter(line -> !line.isEmpty())
                .map(line -> List.of(line.split("\0"))).orElse(List.of());
    }

    /** This JVM's threads by name (as the kernel has them, at most 15 characters), each with its CPU. */
    public static Map<String, Cpu> threads() {
        Map<String, Cpu> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve("self/task"))) {
            tasks.forEach(task -> read(task.resolve("stat")).ifPresent(stat ->
                    threads.merge(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpuOf(stat), Cpu::plus)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return threads;
    }

    public static Machine machine() {
        String[] f = read(PROC.resolve("stat")).orElseThrow().split("\n")[0].trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new Machine(total - idle, total);
    }

    /** The load averages over 1, 5 and 15 minutes, as the kernel writes them ("0.52 0.61 0.70"). */
    public static String loadAverages() {
        String[] f = read(PROC.resolve("loadavg")).orElseThrow().trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    public static double loadAverage1m() {
        return Double.parseDouble(loadAverages().split(" ")[0]);
    }

    private static Path process(long pid) {
        return PROC.resolve(Long.toString(pid));
    }

    /** utime and stime: fields 14 and 15, counted after the command in parentheses (which may hold spaces). */
    private static Cpu cpuOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Cpu(Long.parseLong(f[11]), Long.parseLong(f[12]));
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException gone) {
            // No such process, or it exited while its file was read.
            return Optional.empty();
        }
    }
}
