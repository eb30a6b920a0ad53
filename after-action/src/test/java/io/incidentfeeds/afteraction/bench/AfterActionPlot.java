package io.incidentfeeds.afteraction.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

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
        System.setProperty("java.awt.headless", "true");
        int height = TOP + bars.size() * (BAR + 12) + 44;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
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
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(x, TOP - 6, x, y);
        g.drawString(String.format(Locale.ROOT, "goal: half the processor's, %.1f µs", reference / 2), x - 80, y + 18);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
