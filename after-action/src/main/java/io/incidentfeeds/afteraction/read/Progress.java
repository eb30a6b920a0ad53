package io.incidentfeeds.afteraction.read;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress line on stderr of every command (reads, and a reprocess run's committed offsets): records read of those to read (the end offsets captured
 * when each read starts, added as each topic's read starts), records/s and the time left at that rate.
 * Silent for the first {@link #DELAY_SECONDS} seconds, so a short read prints nothing; redrawn in
 * place every second; its last state left on its own line at the end. Counting is safe from the
 * reading threads; the line is drawn by a daemon thread of its own.
 */
public final class Progress implements AutoCloseable {

    /** No line before a read has lasted this long. */
    public static final int DELAY_SECONDS = 3;

    /** Whether to draw the line: when stderr is a terminal, always, or never. */
    public enum Mode { AUTO, ALWAYS, NEVER }

    /** Draws nothing; counts nothing worth reading. */
    public static final Progress NONE = new Progress(null, 0);

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final ScheduledExecutorService drawer;
    private volatile String label = "";
    private boolean drawn;
    private boolean closed;

    private Progress(PrintWriter err, int periodMillis) {
        this.err = err;
        if (err == null) {
            drawer = null;
            return;
        }
        drawer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "after-action-progress");
            t.setDaemon(true);
            return t;
        });
        drawer.scheduleAtFixedRate(this::draw, TimeUnit.SECONDS.toMillis(DELAY_SECONDS), periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A progress line on {@code err} if {@code mode} says so ({@link Mode#AUTO}: when the process's stderr is a terminal). */
    public static Progress on(PrintWriter err, Mode mode) {
        boolean show = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> stderrIsTerminal();
        };
        return show ? new Progress(err, 1000) : NONE;
    }

    /** A read of {@code records} more records of {@code topic} begins. */
    public void reading(String topic, long records) {
        label = topic;
        total.addAndGet(records);
    }

    /** {@code records} more records read. */
    public void read(long records) {
        done.addAndGet(records);
    }

    /** Records read so far, all told: for a count kept elsewhere (a reprocess run's committed offsets). */
    public void readTo(long records) {
        done.set(records);
    }

    private synchronized void draw() {
        if (closed && !drawn) {
            return;
        }
        long n = done.get();
        long of = total.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = n / Math.max(seconds, 1e-3);
        String eta = rate > 0 && of > n ? duration((long) ((of - n) / rate)) : "--:--";
        err.print(String.format(Locale.ROOT, "\r%s: %,d / %,d records, %,.0f records/s, %s left   ", label, n, of, rate, eta));
        err.flush();
        drawn = true;
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Stops drawing; a line drawn is finished with the final count. Once: later calls do nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (drawer == null || closed) {
                return;
            }
            closed = true;
        }
        drawer.shutdownNow();
        try {
            drawer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawn) {
                draw();
                err.println();
                err.flush();
            }
        }
    }

    /**
     * Whether file descriptor 2 is a terminal: Java has no isatty, so on Linux its link in /proc is
     * read (a tty or pty device); elsewhere, whether the JVM has a console (stdin and stdout are one).
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
