package io.incidentfeeds.edge.view;

/**
 * One record applied to the live view.
 *
 * @param incidentId the record key
 * @param partition  the record's partition
 * @param offset     the record's offset
 * @param before     the incident's live state before the record, null when it was not live
 * @param after      the record's state, null for a tombstone; {@code after.deleted()} for a delete
 * @param position   the view's position just after the record
 */
public record Change(String incidentId, int partition, long offset, LiveIncident before, LiveIncident after, Position position) {

    /** The incident is live after this change. */
    public boolean liveAfter() {
        return after != null && !after.deleted();
    }

    /** The state to show for the incident after the change: itself when live, else null. */
    public LiveIncident liveState() {
        return liveAfter() ? after : null;
    }
}
