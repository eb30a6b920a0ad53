package io.incidentfeeds.edge.view;

import java.util.List;

/** Told about every batch of changes the live view applies. */
public interface ViewListener {

    /** Called with the view's lock held, so that no subscription can start half-way through a batch. */
    void onChanges(List<Change> changes);

    /** Called after the lock is released: the place for anything that may take time. */
    void afterChanges();
}
