package io.incidentfeeds.history;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * The live picture known at an instant: each incident's last version by then (deleted incidents
 * included, as their {@code delete} version), and the checkpoints it started from.
 *
 * @param versions     incident id -> its last version's bytes
 * @param checkpoints  task -> the checkpoint used (a task without one was read from the history's start)
 * @param versionsRead history records read after the checkpoints
 */
public record PictureAt(Instant knownAt, SortedMap<String, byte[]> versions, Map<Integer, TaskCheckpoint> checkpoints, long versionsRead) {
}
