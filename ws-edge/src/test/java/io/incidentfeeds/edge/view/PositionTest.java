package io.incidentfeeds.edge.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionTest {

    @Test
    void encodesAsTheContractExampleAndDecodesBack() {
        Position p = new Position(new long[] {43, 17});
        assertThat(p.encode()).isEqualTo("v1.0-43.1-17");
        assertThat(Position.decode("v1.0-43.1-17")).contains(p);
    }

    @Test
    void anythingElseIsNotAPosition() {
        for (String bad : new String[] {"", "v1", "v2.0-1", "v1.1-5", "v1.0-x", "v1.0-1.0-2", "v1.0--1", "v1.0-1-2", "v1.0-1."}) {
            assertThat(Position.decode(bad)).as(bad).isEmpty();
        }
        assertThat(Position.decode(null)).isEmpty();
    }
}
