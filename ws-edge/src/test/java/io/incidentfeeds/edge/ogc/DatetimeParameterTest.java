package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.edge.http.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The datetime parameter, with the forms other servers got wrong (each named where it was reported). */
class DatetimeParameterTest {

    private static final Instant T = Instant.parse("2026-11-22T19:05:12.250Z");

    private static boolean matches(String datetime, Instant eventTime) {
        return DatetimeParameter.parse(datetime).matches(eventTime);
    }

    @Test
    void anInstantMatchesThatInstantInAnyOffset() {
        assertThat(matches("2026-11-22T19:05:12.250Z", T)).isTrue();
        assertThat(matches("2026-11-22T20:05:12.250+01:00", T)).isTrue();
        assertThat(matches("2026-11-22t19:05:12.250z", T)).isTrue();
        assertThat(matches("2026-11-22T19:05:12Z", T)).isFalse();
    }

    @Test
    void aDateIsTheWholeUtcDay() {
        assertThat(matches("2026-11-22", T)).isTrue();
        assertThat(matches("2026-11-22", Instant.parse("2026-11-22T23:59:59.999Z"))).isTrue();
        assertThat(matches("2026-11-23", T)).isFalse();
        assertThat(matches("2026-11-01/2026-11-22", T)).isTrue();
        assertThat(matches("2026-11-23/2026-11-30", T)).isFalse();
    }

    @Test
    void intervalsAreClosed() {
        assertThat(matches("2026-11-22T19:05:12.250Z/2026-11-22T20:00:00Z", T)).isTrue();
        assertThat(matches("2026-11-22T18:00:00Z/2026-11-22T19:05:12.250Z", T)).isTrue();
        assertThat(matches("2026-11-22T19:05:12.251Z/2026-11-22T20:00:00Z", T)).isFalse();
    }

    /** stac-server #137 ("start/.." was a 404), stac-fastapi #293 and stac-fastapi-pgstac #26 (empty ends were 400). */
    @Test
    void openEndsAsDotsOrEmpty() {
        for (String open : List.of("2026-11-22T00:00:00Z/..", "2026-11-22T00:00:00Z/", "../2026-11-23T00:00:00Z",
                "/2026-11-23T00:00:00Z", "../..", "/")) {
            assertThat(matches(open, T)).as(open).isTrue();
        }
        assertThat(matches("2026-11-23T00:00:00Z/..", T)).isFalse();
        assertThat(matches("/2026-11-22T00:00:00Z", T)).isFalse();
    }

    /** QGIS 3.22 sends open ends as these stand-ins. */
    @Test
    void qgisStandInsForOpenEnds() {
        assertThat(matches("0000-01-01T00:00:00Z/9999-12-31T00:00:00Z", T)).isTrue();
        assertThat(matches("2026-11-22T00:00:00Z/9999-12-31T00:00:00Z", T)).isTrue();
        assertThat(matches("0000-01-01T00:00:00Z/2026-11-22T00:00:00Z", T)).isFalse();
    }

    /** pygeoapi #666: an interval wider than the collection's temporal extent was refused with 400. */
    @Test
    void anIntervalWiderThanTheDataIsNoError() {
        assertThat(matches("1900-01-01T00:00:00Z/2999-01-01T00:00:00Z", T)).isTrue();
    }

    @Test
    void withoutAnEventTimeOnlyAnIntervalOpenAtBothEndsMatches() {
        assertThat(matches("../..", null)).isTrue();
        assertThat(matches("2026-11-22T00:00:00Z/..", null)).isFalse();
        assertThat(matches("2026-11-22", null)).isFalse();
    }

    @Test
    void badValuesAre400WithTheReason() {
        for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "2026-11-22T19:05:12", "..", "",
                "2026-11-22T00:00:00Z/2026-11-21T00:00:00Z", "a/b/c", "2026-11-22T00:00:00Z/now", "x".repeat(101))) {
            assertThatThrownBy(() -> DatetimeParameter.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("datetime: ");
                    });
        }
    }
}
