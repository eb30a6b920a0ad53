package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.json.ContractJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report as one self-contained HTML page: Leaflet's script and style inlined from its WebJar, the
 * versions as JSON in the page, the chart as inline SVG, the tables written here. A content security
 * policy lets only the page's own two scripts run (by their SHA-256) and loads nothing from anywhere,
 * and every text an agency sent is escaped ({@link Text}), so the page opens offline and an incident's
 * properties cannot become markup.
 */
final class ReportHtml {

    private ReportHtml() {
    }

    static String page(ReportContent report, LeafletAssets leaflet, MapPng.Frame frame) {
        String script = LeafletAssets.text("report/report.js");
        String css = leaflet.css() + "\n" + LeafletAssets.text("report/report.css");
        StringBuilder h = new StringBuilder(leaflet.script().length() + 64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ")
                .append(hash(leaflet.script())).append(' ').append(hash(script))
                .append("; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>After-action report: ").append(Text.html(report.scope())).append("</title>\n")
                .append("<style>\n").append(css).append("\n</style>\n</head>\n<body>\n");
        header(h, report);
        map(h, report, frame);
        chart(h, report);
        incidents(h, report);
        agencies(h, report);
        conflicts(h, report);
        deadLetters(h, report);
        learnedLate(h, report);
        h.append("<script type=\"application/json\" id=\"report-data\">").append(Text.scriptJson(data(report))).append("</script>\n")
                .append("<script>").append(leaflet.script()).append("</script>\n")
                .append("<script>").append(script).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ReportContent r) {
        Instant[] span = r.span();
        h.append("<h1>After-action report: ").append(Text.html(r.scope())).append("</h1>\n<p class=\"meta\" id=\"window\">Window: ")
                .append(r.from() == null ? "the topics' start" : Text.time(r.from())).append(" to ").append(Text.time(r.to()))
                .append(" (events from ").append(Text.time(span[0])).append(" to ").append(Text.time(span[1])).append("); made ")
                .append(Text.time(r.generatedAt())).append(" by <code>bin/after-action report</code>. ")
                .append(r.incidents().size()).append(" incidents, ").append(r.steps().size()).append(" versions, ")
                .append(r.firstByAgency().size()).append(" agencies, ").append(r.conflicts().size()).append(" conflicts, ")
                .append(r.deadLetters().size()).append(" dead letters. Also: <a href=\"map.png\">map.png</a>, <a href=\"report.md\">report.md</a>.</p>\n");
    }

    private static void map(StringBuilder h, ReportContent r, MapPng.Frame frame) {
        h.append("<h2 id=\"map-heading\">The geometry over time</h2>\n<div id=\"map\"></div>\n<div class=\"stepper\">")
                .append("<button type=\"button\" id=\"prev\">&larr;</button><input type=\"range\" id=\"step\" min=\"0\" max=\"0\" value=\"0\" ")
                .append("aria-label=\"version\"><button type=\"button\" id=\"next\">&rarr;</button></div>\n<p id=\"step-label\"></p>\n")
                .append("<ul id=\"versions\"></ul>\n<p class=\"meta\">Every version is a layer; at a step each incident shows its latest ")
                .append("version up to it, the step's own outlined. No base map: a plain background. map.png draws the same in Java ")
                .append("(JTS ShapeWriter, Java2D, headless; Web Mercator, extent ").append(frame.describe()).append(").</p>\n");
    }

    private static void chart(StringBuilder h, ReportContent r) {
        h.append("<h2>Status and severity</h2>\n<p class=\"legend\">");
        StatusChart.STATUS_COLOURS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                h.append("<span style=\"background:").append(e.getValue()).append("\">").append(e.getKey()).append("</span>"));
        h.append(" severity beneath: ");
        List.of("minor", "moderate", "severe", "critical").forEach(s ->
                h.append("<span style=\"background:").append(StatusChart.SEVERITY_COLOURS.get(s)).append("\">").append(s).append("</span>"));
        h.append(" &#9670; conflict &#10005; dead letter (UTC)</p>\n").append(StatusChart.svg(r)).append('\n');
    }

    private static void incidents(StringBuilder h, ReportContent r) {
        h.append("<h2>Incidents</h2>\n");
        table(h, "incidents", List.of("incident", "type", "versions", "first version", "last version", "status", "severity", "other properties", "edits (refused)"),
                r.incidents().values().stream().map(i -> {
                    ReportContent.Version last = i.last();
                    return List.of(i.id(), nz(i.type()), Integer.toString(i.versions().size()),
                            i.versions().isEmpty() ? "" : Text.time(i.versions().get(0).appendedAt()), last == null ? "" : Text.time(last.appendedAt()),
                            last == null ? "" : nz(last.status()), last == null ? "" : nz(last.severity()), i.otherProperties(), i.edits() + " (" + i.refused() + ")");
                }).toList());
    }

    private static void agencies(StringBuilder h, ReportContent r) {
        h.append("<h2>Agencies and their first reports</h2>\n");
        table(h, "agencies", List.of("agency", "first report (appended)", "its own timestamp", "incident"),
                r.firstByAgency().values().stream().map(f -> List.of(nz(f.agency()), Text.time(f.appendedAt()), nz(f.timestamp()), f.incidentId())).toList());
        h.append("<p class=\"meta\">By incident:</p>\n");
        table(h, "first-reports", List.of("incident", "agency", "first report (appended)", "its own timestamp", "edits", "refused"),
                r.firstReports().stream().map(f -> List.of(f.incidentId(), nz(f.agency()), Text.time(f.appendedAt()), nz(f.timestamp()),
                        Integer.toString(f.edits()), Integer.toString(f.refused()))).toList());
    }

    private static void conflicts(StringBuilder h, ReportContent r) {
        h.append("<h2>Conflicts and how they were decided</h2>\n");
        table(h, "conflicts", List.of("appended", "incident", "field", "version", "competing writes", "decision"),
                r.conflicts().stream().map(e -> {
                    var c = e.conflict();
                    List<CompetingValue> competing = c.competing() == null ? List.of() : c.competing();
                    return List.of(Text.time(Instant.ofEpochMilli(e.appendTime())), c.incidentId(), c.field(), Long.toString(c.version()),
                            String.join("; ", competing.stream().map(Decisions::competing).toList()), Decisions.explain(c));
                }).toList());
    }

    private static void deadLetters(StringBuilder h, ReportContent r) {
        h.append("<h2>Dead-lettered submissions</h2>\n");
        table(h, "dead-letters", List.of("appended", "incident", "agency", "MQTT topic", "reason", "detail"),
                r.deadLetters().stream().map(e -> List.of(Text.time(Instant.ofEpochMilli(e.appendTime())), nz(e.incidentId()), nz(e.agency()),
                        nz(e.mqttTopic()), nz(e.reason()), nz(e.detail()))).toList());
    }

    private static void learnedLate(StringBuilder h, ReportContent r) {
        h.append("<h2>What was learned late</h2>\n");
        ReportContent.LearnedLateAt late = r.learnedLate();
        if (late == null) {
            h.append("<p class=\"none\">Not asked (--learned-late none).</p>\n");
            return;
        }
        h.append("<p class=\"meta\" id=\"learned-late-at\">Known at ").append(Text.time(late.at()))
                .append(" against what had been done by then (edits received by ").append(Text.time(late.horizon()))
                .append("): each field whose value differed, and the edit that gave it and how late it came (as-of --learned-late).</p>\n");
        table(h, "learned-late", List.of("incident", "change", "field", "known then", "done by then", "edit", "late by (s)", "after the instant (s)"),
                LearnedLateRows.of(late));
    }

    /** A table whose cells are text (escaped here); an empty one says so. */
    private static void table(StringBuilder h, String id, List<String> columns, List<List<String>> rows) {
        if (rows.isEmpty()) {
            h.append("<p class=\"none\" id=\"").append(id).append("\">None.</p>\n");
            return;
        }
        h.append("<table id=\"").append(id).append("\">\n<thead><tr>");
        columns.forEach(c -> h.append("<th>").append(Text.html(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(cell -> h.append("<td>").append(Text.html(cell)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    /** What the page's script reads: the steps in order, with their geometries, and the colours. */
    private static String data(ReportContent r) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode steps = root.putArray("steps");
        for (ReportContent.Version v : r.steps()) {
            ObjectNode s = steps.addObject();
            s.put("t", Text.time(v.appendedAt()));
            s.put("incident", v.incident().id());
            s.put("version", v.number());
            s.put("diff_type", v.incident().reconciliation().diffType().wire());
            s.put("status", v.status());
            s.put("severity", v.severity());
            JsonNode geometry = v.incident().geometry();
            s.set("geometry", geometry == null ? JsonNodeFactory.instance.nullNode() : geometry);
        }
        ObjectNode colours = root.putObject("status_colours");
        new TreeMap<>(StatusChart.STATUS_COLOURS).forEach(colours::put);
        return ContractJson.mapper().writeValueAsString(root);
    }

    /** The CSP source of an inline script: {@code 'sha256-<base64>'} of its exact text. */
    private static String hash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
