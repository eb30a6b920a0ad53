package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.view.LiveIncident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Pages over a live set that changes between requests: keyset paging neither repeats nor skips. */
class ItemsPageTest {

    private static final EdgeProperties.Ogc SETTINGS = new EdgeProperties.Ogc(null, 10, 100);

    static LiveIncident incident(String id, String agency, String severity, Instant eventTime) {
        return new LiveIncident(id, "{\"type\":\"Feature\",\"id\":\"" + id + "\"}", List.of(agency), List.of(), "fire", "active",
                severity, new double[] {1, 1, 1, 1}, false, false, 1, 0, 0, 0, eventTime);
    }

    private static ItemsPage page(Map<String, LiveIncident> live, Predicate<LiveIncident> visible, OgcCollection c,
                                  String... params) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], List.of(params[i + 1]));
        }
        return ItemsPage.gather(live.values(), visible, c, ItemsQuery.parse(p, SETTINGS)).page();
    }

    private static List<String> ids(ItemsPage page) {
        return page.features().stream().map(LiveIncident::id).toList();
    }

    @Test
    void pagesInIdOrderWithACursorUntilTheLast() {
        Map<String, LiveIncident> live = new TreeMap<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("I-%02d", i);
            live.put(id, incident(id, "a", "minor", null));
        }
        List<String> seen = new ArrayList<>();
        ItemsPage page = page(live, i -> true, OgcCollection.INCIDENTS, "limit", "10");
        seen.addAll(ids(page));
        assertThat(page.matched()).isEqualTo(25);
        while (page.nextCursor() != null) {
            page = page(live, i -> true, OgcCollection.INCIDENTS, "limit", "10", "cursor", page.nextCursor());
            assertThat(page.matched()).isEqualTo(25);
            seen.addAll(ids(page));
        }
        assertThat(seen).isEqualTo(new ArrayList<>(live.keySet()));
        assertThat(ids(page)).hasSize(5);
    }

    /** What limit/offset gets wrong over live data: a deletion before the page skips one, an insertion repeats one. */
    @Test
    void changesBetweenPagesNeitherRepeatNorSkipWhatStayed() {
        Map<String, LiveIncident> live = new TreeMap<>();
        for (String id : List.of("B", "D", "F", "H", "J", "L")) {
            live.put(id, incident(id, "a", "minor", null));
        }
        ItemsPage first = page(live, i -> true, OgcCollection.INCIDENTS, "limit", "3");
        assertThat(ids(first)).containsExactly("B", "D", "F");
        live.remove("B");
        live.put("A", incident("A", "a", "minor", null));
        live.put("C", incident("C", "a", "minor", null));
        live.put("K", incident("K", "a", "minor", null));
        live.remove("J");
        ItemsPage second = page(live, i -> true, OgcCollection.INCIDENTS, "limit", "3", "cursor", first.nextCursor());
        assertThat(ids(second)).containsExactly("H", "K", "L");
        assertThat(second.nextCursor()).isNull();
        // offset=3 over the changed set, as limit/offset paging would ask, repeats F.
        assertThat(ids(page(live, i -> true, OgcCollection.INCIDENTS, "limit", "3", "offset", "3"))).containsExactly("F", "H", "K");
    }

    @Test
    void offsetCountsAfterTheCursor() {
        Map<String, LiveIncident> live = new TreeMap<>();
        for (String id : List.of("A", "B", "C", "D", "E")) {
            live.put(id, incident(id, "a", "minor", null));
        }
        assertThat(ids(page(live, i -> true, OgcCollection.INCIDENTS, "offset", "2", "cursor", PageCursor.after("A"))))
                .containsExactly("D", "E");
        ItemsPage beyond = page(live, i -> true, OgcCollection.INCIDENTS, "offset", "9");
        assertThat(beyond.features()).isEmpty();
        assertThat(beyond.matched()).isEqualTo(5);
        assertThat(beyond.nextCursor()).isNull();
    }

    @Test
    void onlyWhatTheViewerMaySeeInTheCollectionAndTheQueryMatches() {
        Instant t = Instant.parse("2026-11-22T19:00:00Z");
        Map<String, LiveIncident> live = new TreeMap<>();
        live.put("A", incident("A", "a", "severe", t));
        live.put("B", incident("B", "b", "critical", t));
        live.put("C", incident("C", "a", "minor", t));
        live.put("D", incident("D", "a", "critical", t.plusSeconds(3600)));
        live.put("E", incident("E", "a", "critical", null));
        Predicate<LiveIncident> agencyA = i -> i.agencies().contains("a");
        ItemsPage alerts = page(live, agencyA, OgcCollection.ALERTS);
        assertThat(ids(alerts)).containsExactly("A", "D", "E");
        assertThat(alerts.matched()).isEqualTo(3);
        assertThat(ids(page(live, agencyA, OgcCollection.INCIDENTS, "datetime", "../2026-11-22T19:30:00Z"))).containsExactly("A", "C");
        assertThat(ids(page(live, agencyA, OgcCollection.ALERTS, "severity", "critical"))).containsExactly("D", "E");
    }
}
