package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.schemas.conflict.CompetingValue;
import io.incidentfeeds.schemas.conflict.ConflictRecord;
import java.time.Instant;
import java.util.List;

/**
 * The report as a Markdown summary to paste into a written after-action report: the scope, the
 * incidents, the agencies and their first reports, the status changes, the conflicts and their
 * decisions, the dead letters, what was learned late, and the map image. Agency text is escaped
 * ({@link Text#markdown}).
 */
final class ReportMarkdown {

    /** The section headings, in order (the tests look for them). */
    static final List<String> SECTIONS = List.of("Summary", "Incidents", "Agencies and first reports", "Status changes",
            "Conflicts", "Dead-lettered submissions", "What was learned late", "Map");

    private ReportMarkdown() {
    }

    static String summary(ReportContent r, MapPng.Frame frame) {
        StringBuilder m = new StringBuilder();
        Instant[] span = r.span();
        m.append("# After-action report: ").append(Text.markdown(r.scope())).append("\n\n## ").append(SECTIONS.get(0)).append("\n\n")
                .append("- Window: ").append(r.from() == null ? "the topics' start" : Text.time(r.from())).append(" to ").append(Text.time(r.to()))
                .append(" (events from ").append(Text.time(span[0])).append(" to ").append(Text.time(span[1])).append(")\n")
                .append("- ").append(r.incidents().size()).append(" incidents, ").append(r.steps().size()).append(" versions, ")
                .append(r.firstByAgency().size()).append(" agencies, ").append(r.conflicts().size()).append(" conflicts, ")
                .append(r.deadLetters().size()).append(" dead-lettered submissions\n")
                .append("- Made ").append(Text.time(r.generatedAt())).append(" by `bin/after-action report` (the page: report.html)\n\n");

        m.append("## ").append(SECTIONS.get(1)).append("\n\n");
        table(m, List.of("incident", "type", "versions", "last status", "severity", "other properties", "edits (refused)"), r.incidents().values().stream()
                .map(i -> List.of(i.id(), nz(i.type()), Integer.toString(i.versions().size()), i.last() == null ? "" : nz(i.last().status()),
                        i.last() == null ? "" : nz(i.last().severity()), i.otherProperties(), i.edits() + " (" + i.refused() + ")")).toList());

        m.append("## ").append(SECTIONS.get(2)).append("\n\n");
        table(m, List.of("incident", "agency", "first report (appended)", "its own timestamp", "edits"), r.firstReports().stream()
                .map(f -> List.of(f.incidentId(), nz(f.agency()), Text.time(f.appendedAt()), nz(f.timestamp()), Integer.toString(f.edits()))).toList());

        m.append("## ").append(SECTIONS.get(3)).append("\n\n");
        table(m, List.of("appended", "incident", "version", "status", "severity", "agencies"), r.steps().stream()
                .map(v -> List.of(Text.time(v.appendedAt()), v.incident().id(), Long.toString(v.number()), nz(v.status()), nz(v.severity()),
                        String.join(" ", v.incident().reconciliation().agencies() == null ? List.of() : v.incident().reconciliation().agencies())))
                .toList());

        m.append("## ").append(SECTIONS.get(4)).append("\n\n");
        table(m, List.of("appended", "incident", "field", "competing writes", "decision"), r.conflicts().stream().map(e -> {
            ConflictRecord c = e.conflict(); // decoded from its record at each call: once per row
            List<CompetingValue> competing = c.competing() == null ? List.of() : c.competing();
            return List.of(Text.time(Instant.ofEpochMilli(e.appendTime())), c.incidentId(), c.field(),
                    String.join("; ", competing.stream().map(Decisions::competing).toList()), Decisions.explain(c));
        }).toList());

        m.append("## ").append(SECTIONS.get(5)).append("\n\n");
        table(m, List.of("appended", "incident", "agency", "reason", "detail"), r.deadLetters().stream()
                .map(e -> List.of(Text.time(Instant.ofEpochMilli(e.appendTime())), nz(e.incidentId()), nz(e.agency()), nz(e.reason()), nz(e.detail())))
                .toList());

        m.append("## ").append(SECTIONS.get(6)).append("\n\n");
        if (r.learnedLate() == null) {
            m.append("Not asked.\n\n");
        } else {
            m.append("Known at ").append(Text.time(r.learnedLate().at())).append(" against what had been done by then (edits received by ")
                    .append(Text.time(r.learnedLate().horizon())).append("):\n\n");
            table(m, List.of("incident", "change", "field", "known then", "done by then", "edit", "late by (s)", "after the instant (s)"),
                    LearnedLateRows.of(r.learnedLate()));
        }

        m.append("## ").append(SECTIONS.get(7)).append("\n\n![The incidents' geometries](map.png)\n\n")
                .append("map.png: ").append(MapPng.WIDTH).append(" x ").append(MapPng.HEIGHT).append(" pixels, Web Mercator, extent (west,south,east,north) ")
                .append(frame.describe()).append("; drawn in Java (JTS ShapeWriter, Java2D, headless); each incident's last version ")
                .append("filled in its status colour, earlier versions dashed.\n");
        return m.toString();
    }

    private static void table(StringBuilder m, List<String> columns, List<List<String>> rows) {
        if (rows.isEmpty()) {
            m.append("None.\n\n");
            return;
        }
        m.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> m.append("---|"));
        m.append('\n');
        for (List<String> row : rows) {
            m.append("| ").append(String.join(" | ", row.stream().map(Text::markdown).toList())).append(" |\n");
        }
        m.append('\n');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
