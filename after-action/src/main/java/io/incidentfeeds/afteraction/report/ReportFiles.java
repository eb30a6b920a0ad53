package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report into a directory: {@code report.html} (the page, self-contained), {@code map.png} (the
 * map drawn in Java) and {@code report.md} (the summary, which shows map.png). Files of those names are
 * replaced; nothing else in the directory is touched.
 */
public final class ReportFiles {

    public static final String HTML = "report.html";
    public static final String PNG = "map.png";
    public static final String MARKDOWN = "report.md";

    private ReportFiles() {
    }

    /** The three files written, in that order. */
    public static List<Path> write(ReportContent report, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ReviewException(ExitCode.USAGE, "--out " + dir + ": cannot make that directory (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new ReviewException(ExitCode.USAGE, "--out " + dir + ": that directory is not writable");
        }
        Path html = dir.resolve(HTML);
        Path png = dir.resolve(PNG);
        Path markdown = dir.resolve(MARKDOWN);
        try {
            MapPng.Frame frame = MapPng.write(report, png);
            Files.writeString(html, ReportHtml.page(report, LeafletAssets.load(), frame), StandardCharsets.UTF_8);
            Files.writeString(markdown, ReportMarkdown.summary(report, frame), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReviewException(ExitCode.USAGE, "--out " + dir + ": cannot write the report (" + e.getMessage() + ")");
        }
        return List.of(html, png, markdown);
    }
}
