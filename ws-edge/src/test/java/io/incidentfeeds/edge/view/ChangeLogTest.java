package io.incidentfeeds.edge.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static Change change(long offset) {
        return new Change("i" + offset, 0, offset, null, null, new Position(new long[] {offset + 1}));
    }

    @Test
    void keepsTheLatestChangesAndKnowsWhichPositionsItCovers() {
        ChangeLog log = new ChangeLog(3, 10);
        assertThat(log.covers(10)).isTrue();
        assertThat(log.covers(9)).isFalse();
        for (long o : new long[] {10, 12, 15, 16}) {
            log.add(o, change(o));
        }
        // 10 was evicted: a position at or before it cannot be resumed; after it can.
        assertThat(log.covers(10)).isFalse();
        assertThat(log.covers(11)).isTrue();
        assertThat(log.since(11)).extracting(Change::offset).containsExactly(12L, 15L, 16L);
        assertThat(log.since(16)).extracting(Change::offset).containsExactly(16L);
        assertThat(log.since(17)).isEmpty();
    }
}
