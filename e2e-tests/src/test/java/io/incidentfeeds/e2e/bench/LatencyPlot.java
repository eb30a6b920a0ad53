package io.incidentfeeds.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Latency percentiles per rate, the pipeline's beside bare Kafka's, on a log scale, as a PNG. Also a
 * main class that redraws the plot from a benchmark's printed table (its log), e.g. after a run
 * whose last rate had to be left out.
 */
final class LatencyPlot {

    private static final double[] PERCENTILES = {50, 99, 99.9};

    /** One rate's p50, p99 and p99.9 in milliseconds for both paths; null where nothing was measured. */
    record Point(double rate, double[] pipelineMs, double[] kafkaMs) {

        static Point of(double rate, Histogram pipeline, Histogram kafka) {
            return new Point(rate, percentiles(pipeline), percentiles(kafka));
        }

        private static double[] percentiles(Histogram h) {
            if (h.getTotalCount() == 0) {
                return null;
            }
            double[] ms = new double[PERCENTILES.length];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = h.getValueAtPercentile(PERCENTILES[i]) / 1000.0;
            }
            return ms;
        }
    }

    private LatencyPlot() {
    }

    /** {@code LatencyPlot <benchmark log> <png> <subtitle>}: redraws from the last table in the log. */
    public static void main(String[] args) throws Exception {
        Map<Double, double[][]> rows = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] cells = line.split("\\|");
            if (cells.length > 7 && cells[4].trim().matches("pipeline|bare Kafka")) {
                double rate = Double.parseDouble(cells[1].trim().replace(",", ""));
                double[] ms = {ms(cells[5]), ms(cells[6]), ms(cells[7])};
                rows.computeIfAbsent(rate, r -> new double[2][])[cells[4].trim().equals("pipeline") ? 0 : 1] = ms[1] > 0 ? ms : null;
            }
        }
        List<Point> points = new ArrayList<>();
        rows.forEach((rate, paths) -> points.add(new Point(rate, paths[0], paths[1])));
        write(Path.of(args[1]), args[2], points);
    }

    private static double ms(String cell) {
        return Double.parseDouble(cell.replace("ms", "").replace(",", "").trim());
    }

    static void write(Path png, String subtitle, List<Point> points) throws Exception {
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title("End-to-end latency, MQTT publish -> WebSocket console (" + subtitle + ")")
                .xAxisTitle("published messages/s").yAxisTitle("latency (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        for (int i = 0; i < PERCENTILES.length; i++) {
            String label = PERCENTILES[i] == Math.rint(PERCENTILES[i]) ? Long.toString((long) PERCENTILES[i]) : Double.toString(PERCENTILES[i]);
            add(chart, "pipeline p" + label, points, true, i);
            add(chart, "bare Kafka p" + label, points, false, i);
        }
        double[] rates = points.stream().mapToDouble(Point::rate).toArray();
        if (rates.length > 0) {
            // Issue 28's p99 goals: 120 ms up to 500 msg/s, 250 ms at 2,000.
            XYSeries target = chart.addSeries("goal p99", rates, points.stream().mapToDouble(p -> p.rate() <= 500 ? 120 : 250).toArray());
            target.setLineStyle(SeriesLines.DOT_DOT);
            target.setMarker(SeriesMarkers.NONE);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A rate where a path measured nothing (no update arrived in time) is left out, not drawn as 0. */
    private static void add(XYChart chart, String name, List<Point> points, boolean pipeline, int percentile) {
        List<Point> measured = points.stream().filter(p -> (pipeline ? p.pipelineMs() : p.kafkaMs()) != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        // Log scale: sub-millisecond values are drawn at 0.01 ms rather than dropped.
        double[] ms = measured.stream().mapToDouble(p -> Math.max(0.01, (pipeline ? p.pipelineMs() : p.kafkaMs())[percentile])).toArray();
        XYSeries series = chart.addSeries(name, measured.stream().mapToDouble(Point::rate).toArray(), ms);
        series.setLineStyle(pipeline ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
    }
}
