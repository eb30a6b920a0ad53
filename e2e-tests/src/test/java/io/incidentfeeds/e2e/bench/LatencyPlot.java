package io.incidentfeeds.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Latency percentiles per rate, the pipeline's beside bare Kafka's, on a log scale, as a PNG. */
final class LatencyPlot {

    /** One rate's two histograms (microseconds). */
    record Point(double rate, Histogram pipeline, Histogram kafka) {
    }

    private LatencyPlot() {
    }

    static void write(Path png, String subtitle, List<Point> points) throws Exception {
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title("End-to-end latency, MQTT publish -> WebSocket console (" + subtitle + ")")
                .xAxisTitle("published messages/s").yAxisTitle("latency (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        double[] rates = points.stream().mapToDouble(Point::rate).toArray();
        for (double percentile : new double[] {50, 99, 99.9}) {
            add(chart, "pipeline p" + label(percentile), rates, points, p -> p.pipeline().getValueAtPercentile(percentile), false);
            add(chart, "bare Kafka p" + label(percentile), rates, points, p -> p.kafka().getValueAtPercentile(percentile), true);
        }
        add(chart, "target p99 (500 ms)", rates, points, p -> 500_000, true).setMarker(SeriesMarkers.NONE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYSeries add(XYChart chart, String name, double[] rates, List<Point> points, ToDoubleFunction<Point> micros,
                                boolean dashed) {
        // Log scale: a value of 0 (sub-millisecond Kafka) is drawn at 0.01 ms rather than dropped.
        double[] ms = points.stream().mapToDouble(p -> Math.max(0.01, micros.applyAsDouble(p) / 1000.0)).toArray();
        XYSeries series = chart.addSeries(name, rates, ms);
        series.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        return series;
    }

    private static String label(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }
}
