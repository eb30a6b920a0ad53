package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.view.LiveIncident;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One page of {@code /items}: the features of a collection that the viewer may see and the query
 * selects, in id order, after the cursor and the offset, at most {@code limit} of them; how many
 * match in all; and the cursor of the next page when there is one.
 *
 * @param features   this page
 * @param matched    every feature the query selects, on all pages
 * @param nextCursor the next page's cursor; null on the last page
 */
record ItemsPage(List<LiveIncident> features, int matched, String nextCursor) {

    private static final Comparator<LiveIncident> BY_ID = Comparator.comparing(LiveIncident::id);

    /** The page's candidates, gathered in one pass over the view (under its lock); sorting happens in {@link Candidates#page()}. */
    static Candidates gather(Iterable<LiveIncident> incidents, Predicate<LiveIncident> visible, OgcCollection collection,
                             ItemsQuery query) {
        List<LiveIncident> afterCursor = new ArrayList<>();
        int matched = 0;
        for (LiveIncident incident : incidents) {
            if (collection.contains(incident) && visible.test(incident) && query.filter().matches(incident)
                    && (query.datetime() == null || query.datetime().matches(incident.eventTime()))) {
                matched++;
                if (query.after() == null || incident.id().compareTo(query.after()) > 0) {
                    afterCursor.add(incident);
                }
            }
        }
        return new Candidates(afterCursor, matched, query);
    }

    /** What the pass over the view found: every match after the cursor, not yet in order. */
    record Candidates(List<LiveIncident> afterCursor, int matched, ItemsQuery query) {

        ItemsPage page() {
            List<LiveIncident> sorted = new ArrayList<>(afterCursor);
            sorted.sort(BY_ID);
            int from = Math.min(query.offset(), sorted.size());
            int to = (int) Math.min((long) from + query.limit(), sorted.size());
            List<LiveIncident> page = List.copyOf(sorted.subList(from, to));
            String next = to < sorted.size() && !page.isEmpty() ? PageCursor.after(page.get(page.size() - 1).id()) : null;
            return new ItemsPage(page, matched, next);
        }
    }
}
