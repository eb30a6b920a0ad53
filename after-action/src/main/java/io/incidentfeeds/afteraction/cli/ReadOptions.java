package io.incidentfeeds.afteraction.cli;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.afteraction.spill.Spill;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** How a command reads: threads, and the memory it may hold before spilling to disk. */
final class ReadOptions {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    @Option(names = "--threads", paramLabel = "<n>", description = "Partitions read (and processed) in parallel by this many threads (default: the cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "<size>", defaultValue = "256m",
            description = "What a command holds in memory before it spills to disk: the timeline's sort, the as-of's states (k, m, g; default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--spill-dir", paramLabel = "<dir>", description = "Where to spill (default: java.io.tmpdir).")
    Path spillDir;

    int threads() {
        if (threads < 1) {
            throw new ReviewException(ExitCode.USAGE, "--threads " + threads + ": give at least 1");
        }
        return threads;
    }

    Spill spill() {
        return new Spill(bytes(memory), spillDir != null ? spillDir : Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code 256m}, {@code 1g}, {@code 512MiB}, {@code 65536}: bytes, a suffix counting in 1024s. */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size.trim());
        if (!m.matches()) {
            throw new ReviewException(ExitCode.USAGE, "--memory " + size + ": give a size such as 256m, 1g or 65536");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n < 1 || n > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new ReviewException(ExitCode.USAGE, "--memory " + size + ": out of range");
        }
    }
}
