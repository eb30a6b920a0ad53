package io.incidentfeeds.edge.bench;

import io.incidentfeeds.testsupport.bench.PlotCanvas;
import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fan-out benchmark's plot: one horizontal bar per server (and deflate setting), its median µs of
 * CPU per frame with user time and system time stacked, and the line of the goal (0.8x the hub's
 * total). Drawn headless with Java2D, written as a PNG: by FanOutBenchmark at the end of a run
 * ({@code --plot}), or from the rows of one or more {@code --results} files:
 *
 * <pre>
 * java -cp ... io.incidentfeeds.edge.bench.FanOutPlot plot.png "title" results.md [more-results.md ...]
 * </pre>
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

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: FanOutPlot OUT.png TITLE RESULTS.md [RESULTS.md ...]");
        }
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        Pattern cpu = Pattern.compile("([0-9.]+) \\+ ([0-9.]+) = ([0-9.]+)");
        for (int i = 2; i < args.length; i++) {
            for (String row : Files.readAllLines(Path.of(args[i]))) {
                String[] cells = row.split("\\|");
                Matcher m = cells.length > 9 ? cpu.matcher(cells[9]) : null;
                if (m == null || !m.find()) {
                    continue;
                }
                String key = cells[2].strip() + " | " + cells[3].strip().split(" ")[0];
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {
                        Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            }
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        runs.forEach((key, values) -> medians.put(key, new double[] {median(values, 0), median(values, 1), median(values, 2)}));
        write(Path.of(args[0]), args[1], medians);
    }

    private static double median(List<double[]> values, int column) {
        double[] v = values.stream().mapToDouble(x -> x[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code medians}: "server | deflate" to {user, system, total} µs per frame. */
    static void write(Path file, String title, Map<String, double[]> medians) throws IOException {
        PlotCanvas canvas = PlotCanvas.titled(WIDTH, TOP + medians.size() * (BAR + 10) + 50, title);
        Graphics2D g = canvas.graphics();
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
            canvas.goalLine(x, TOP - 6, y, String.format(Locale.ROOT, "goal: 0.8 x hub = %.1f µs", 0.8 * hub[2]), 60);
        }
        canvas.writePng(file);
    }
}
