package io.incidentfeeds.brokers.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's {@code keytool}, as an operator would, with every password read from an
 * owner-only file ({@code -storepass:file <file>}): a password given as {@code -storepass <password>}
 * would be on keytool's command line, which every user of the machine sees ({@code ps}), and is
 * refused here.
 */
public final class Keytool {

    /** keytool's password options; each must carry its {@code :file} (or {@code :env}) modifier. */
    private static final Set<String> PASSWORD_OPTIONS = Set.of("-storepass", "-keypass", "-srcstorepass", "-deststorepass",
            "-srckeypass", "-destkeypass", "-new");

    private Keytool() {
    }

    /** {@code keytool args}; fails with keytool's own output unless it exits with 0 within a minute. */
    public static void run(String... args) throws IOException {
        for (String arg : args) {
            if (PASSWORD_OPTIONS.contains(arg)) {
                throw new IllegalArgumentException("keytool " + arg + " would put a password on the command line; use "
                        + arg + ":file <owner-only file>");
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        // Its output goes to a file, not a pipe, so that a keytool that hangs cannot hold the caller past the timeout.
        Path output = Files.createTempFile("keytool", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(output).strip());
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running keytool " + args[0], e);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
