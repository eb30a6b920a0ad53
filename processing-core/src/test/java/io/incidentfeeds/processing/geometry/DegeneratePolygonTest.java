package io.incidentfeeds.processing.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Found by the end-to-end test: the field simulator's "invalid geometry", a ring whose points lie on
 * one line, passed JTS's validity check through floating-point noise and reached the consoles.
 */
class DegeneratePolygonTest {

    private final GeometryNormalizer normalizer = new GeometryNormalizer();

    @Test
    void aRingWhosePointsLieOnOneLineHasNoAreaAndIsRejected() {
        String collinear = "{\"type\":\"Polygon\",\"coordinates\":[[[-122.4194,37.7749],[-122.4184,37.7759],[-122.4174,37.7769],[-122.4194,37.7749]]]}";

        assertThatThrownBy(() -> normalizer.normalize(JsonMapper.builder().build().readTree(collinear), null))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.rejection().reason()).isEqualTo(DlqReason.INVALID_GEOMETRY))
                .hasMessageContaining("no area");
    }

    @Test
    void theSmallestTriangleOnTheGridIsKept() {
        String tiny = "{\"type\":\"Polygon\",\"coordinates\":[[[-122.419400,37.774900],[-122.419399,37.774900],[-122.419400,37.774901],[-122.419400,37.774900]]]}";

        assertThat(normalizer.normalize(JsonMapper.builder().build().readTree(tiny), null).jts().getArea()).isPositive();
    }
}
