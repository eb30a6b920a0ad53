package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.afteraction.timeline.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status and severity timeline as inline SVG: one lane per incident, its status as a band from each
 * version to the next (coloured by status), its severity as a thinner band beneath, conflicts as
 * diamonds and dead letters as crosses at their times; every mark has a {@code <title>} tooltip.
 */
final class StatusChart {

    static final Map<String, String> STATUS_COLOURS = Map.of("active", "#d7301f", "contained", "#f08c3c", "resolved", "#1a9850",
            "deleted", "#9e9e9e");
    static final Map<String, String> SEVERITY_COLOURS = Map.of("minor", "#fdd9b5", "moderate", "#fdae6b", "severe", "#e6550d",
            "critical", "#7f2704");
    private static final String NONE = "#e0e0e0";
    private static final int WIDTH = 960;
    private static final int LABEL = 170;
    private static final int LANE = 34;
    private static final int TOP = 24;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StatusChart() {
    }

    static String svg(ReportContent report) {
        Instant[] span = report.span();
        double t0 = span[0].toEpochMilli();
        double t1 = span[1].toEpochMilli();
        int plot = WIDTH - LABEL - 40; // room for the last time label
        java.util.function.DoubleUnaryOperator x = t -> LABEL + (t - t0) / (t1 - t0) * plot;
        List<ReportContent.Incident> incidents = List.copyOf(report.incidents().values());
        int height = TOP + incidents.size() * LANE + 40;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"status-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">")
                .append("<title>Status and severity of each incident over time (UTC)</title>");
        for (int i = 0; i <= 4; i++) { // time axis
            double t = t0 + (t1 - t0) * i / 4;
            double px = x.applyAsDouble(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>", px, TOP - 4, px,
                    TOP + incidents.size() * LANE));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", px,
                    TOP + incidents.size() * LANE + 14, CLOCK.format(Instant.ofEpochMilli((long) t))));
        }
        int lane = 0;
        for (ReportContent.Incident incident : incidents) {
            int y = TOP + lane++ * LANE;
            s.append("<g class=\"lane\" data-incident=\"").append(Text.html(incident.id())).append("\">");
            s.append("<text x=\"4\" y=\"").append(y + 15).append("\" font-size=\"12\">").append(Text.html(incident.id())).append("</text>");
            List<ReportContent.Version> versions = incident.versions();
            for (int i = 0; i < versions.size(); i++) {
                ReportContent.Version v = versions.get(i);
                double from = x.applyAsDouble(v.appendedAt().toEpochMilli());
                double to = i + 1 < versions.size() ? x.applyAsDouble(versions.get(i + 1).appendedAt().toEpochMilli()) : LABEL + plot;
                double w = Math.max(2, to - from);
                String tip = "v" + v.number() + " " + v.status() + (v.severity() == null ? "" : ", " + v.severity()) + " from "
                        + Text.time(v.appendedAt());
                s.append(String.format(Locale.ROOT, "<rect class=\"status\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\">", from, y,
                        w, STATUS_COLOURS.getOrDefault(v.status(), NONE)));
                s.append("<title>").append(Text.html(tip)).append("</title></rect>");
                s.append(String.format(Locale.ROOT, "<rect class=\"severity\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"7\" fill=\"%s\">", from,
                        y + 18, w, v.severity() == null ? NONE : SEVERITY_COLOURS.getOrDefault(v.severity(), NONE)));
                s.append("<title>").append(Text.html(tip)).append("</title></rect>");
                if (w > 60) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#fff\">", from + 3, y + 12))
                            .append(Text.html(v.status())).append("</text>");
                }
            }
            for (Event c : report.conflicts()) {
                if (incident.id().equals(c.incidentId())) {
                    double px = x.applyAsDouble(c.appendTime());
                    s.append(String.format(Locale.ROOT, "<path class=\"conflict-mark\" d=\"M%.1f %d l5 5 l-5 5 l-5 -5 z\" fill=\"#5e3c99\">", px, y + 3))
                            .append("<title>").append(Text.html("conflict on " + c.conflict().field() + " at " + Text.time(Instant.ofEpochMilli(c.appendTime()))))
                            .append("</title></path>");
                }
            }
            for (Event d : report.deadLetters()) {
                if (incident.id().equals(d.incidentId())) {
                    double px = x.applyAsDouble(d.appendTime());
                    s.append(String.format(Locale.ROOT, "<path class=\"dead-letter-mark\" d=\"M%.1f %d l8 8 m0 -8 l-8 8\" stroke=\"#000\" stroke-width=\"2\">",
                            px - 4, y + 4)).append("<title>").append(Text.html("dead letter " + d.reason() + " at "
                            + Text.time(Instant.ofEpochMilli(d.appendTime())))).append("</title></path>");
                }
            }
            s.append("</g>");
        }
        s.append("</svg>");
        return s.toString();
    }
}
