package io.incidentfeeds.edge.bench;

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
 * The fan-out benchmark's plot: one horizontal bar per server (and deflate setting), its median µs of
 * CPU per frame with user time and system time stacked, and the line of the goal (0.8x the hub's
 * total). Drawn headless with Java2D, written as a PNG.
 */
final class FanOutPlot {

    private static final int WIDTH = 900;
    private static final int BAR = 26;
    private static final int LEFT = 230;
    private static final int TOP = 56;
    private static final Color USER = new Color(0x4C78A8);
    private static final Color SYSTEM = new Color(0xF58518);

    private FanOutPlot() {
    }

    /** {@code medians}: "server | deflate" to {user, system, total} µs per frame. */
    static void write(Path file, String title, Map<String, double[]> medians) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + medians.size() * (BAR + 10) + 50;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(USER);
        g.fillRect(12, 32, 12, 12);
        g.setColor(SYSTEM);
        g.fillRect(110, 32, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("user", 28, 43);
        g.drawString("system (kernel)", 126, 43);
        double max = medians.values().stream().mapToDouble(m -> m[2]).max().orElse(1);
        double scale = (WIDTH - LEFT - 150) / max;
        int y = TOP;
        for (Map.Entry<String, double[]> e : medians.entrySet()) {
            double[] m = e.getValue();
            int user = (int) Math.round(m[0] * scale);
            int system = (int) Math.round(m[1] * scale);
            g.setColor(USER);
            g.fillRect(LEFT, y, user, BAR);
            g.setColor(SYSTEM);
            g.fillRect(LEFT + user, y, system, BAR);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey().replace(" | ", ", deflate "), 12, y + BAR - 8);
            g.drawString(String.format(Locale.ROOT, "%.1f + %.1f = %.1f", m[0], m[1], m[2]), LEFT + user + system + 6, y + BAR - 8);
            y += BAR + 10;
        }
        double[] hub = medians.get("hub | off");
        if (hub != null) {
            int x = LEFT + (int) Math.round(0.8 * hub[2] * scale);
            g.setColor(Color.RED);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(x, TOP - 6, x, y);
            g.drawString(String.format(Locale.ROOT, "goal: 0.8 x hub = %.1f µs", 0.8 * hub[2]), x - 60, y + 18);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
