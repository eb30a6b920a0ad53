package io.incidentfeeds.testsupport.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The page a benchmark's bar plot is drawn on, headless with Java2D: white, antialiased, its title
 * at the top left, then the plain font and black ink the bars start with; a dashed goal line; the
 * PNG written at the end. The benchmarks draw their own bars on {@link #graphics()}.
 */
public record PlotCanvas(BufferedImage image, Graphics2D graphics) {

    public static PlotCanvas titled(int width, int height, String title) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return new PlotCanvas(image, g);
    }

    /** A red dashed vertical line at {@code x} from {@code top} to {@code bottom}, {@code label} under it, shifted left by {@code labelShift}. */
    public void goalLine(int x, int top, int bottom, String label, int labelShift) {
        graphics.setColor(Color.RED);
        graphics.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        graphics.drawLine(x, top, x, bottom);
        graphics.drawString(label, x - labelShift, bottom + 18);
    }

    public void writePng(Path file) throws IOException {
        graphics.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
