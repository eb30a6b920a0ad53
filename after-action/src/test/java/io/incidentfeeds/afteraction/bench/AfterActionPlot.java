package io.incidentfeeds.afteraction.bench;

import io.incidentfeeds.testsupport.bench.PlotCanvas;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's plot: a horizontal bar per process (its median µs of CPU per raw record) and the
 * goal's line at half the live processor's. Drawn headless with Java2D, written as a PNG by
 * {@link AfterActionBenchmark} ({@code --plot}).
 */
final class AfterActionPlot {

    private static final int WIDTH = 860;
    private static final int BAR = 28;
    private static final int LEFT = 250;
    private static final int TOP = 40;

    private AfterActionPlot() {
    }

    /** {@code bars}: name to median µs of CPU per raw record, the live processor's first. */
    static void write(Path file, String title, Map<String, Double> bars) throws IOException {
        PlotCanvas canvas = PlotCanvas.titled(WIDTH, TOP + bars.size() * (BAR + 12) + 44, title);
        Graphics2D g = canvas.graphics();
        double max = bars.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double scale = (WIDTH - LEFT - 120) / max;
        int y = TOP;
        double reference = bars.values().iterator().next();
        for (Map.Entry<String, Double> bar : bars.entrySet()) {
            g.setColor(y == TOP ? new Color(0x9D755D) : new Color(0x4C78A8));
            g.fillRect(LEFT, y, (int) Math.round(bar.getValue() * scale), BAR);
            g.setColor(Color.BLACK);
            g.drawString(bar.getKey(), 12, y + BAR - 9);
            g.drawString(String.format(Locale.ROOT, "%.1f µs (%.2f)", bar.getValue(), bar.getValue() / reference),
                    LEFT + (int) Math.round(bar.getValue() * scale) + 6, y + BAR - 9);
            y += BAR + 12;
        }
        int x = LEFT + (int) Math.round(reference / 2 * scale);
        canvas.goalLine(x, TOP - 6, y, String.format(Locale.ROOT, "goal: half the processor's, %.1f µs", reference / 2), 80);
        canvas.writePng(file);
    }
}
