package io.incidentfeeds.edge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.schemas.protocol.Filters;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentFilterTest {

    private static LiveIncident incident(double[] bbox) {
        return new LiveIncident("I", "{}", List.of("sffd", "calfire"), List.of("sf"), "fire", "active", "severe",
                bbox, false, false, 1, 0, 0, 0, null);
    }

    private static IncidentFilter bbox(double... box) {
        return new IncidentFilter(new Filters(null, null, null, null, box));
    }

    @Test
    void emptyFiltersSelectEverything() {
        assertThat(new IncidentFilter(Filters.ALL).matches(incident(null))).isTrue();
    }

    @Test
    void eachDimensionRestricts() {
        LiveIncident i = incident(new double[] {1, 1, 2, 2});
        assertThat(new IncidentFilter(new Filters(List.of("calfire"), null, null, null, null)).matches(i)).isTrue();
        assertThat(new IncidentFilter(new Filters(List.of("oakfd"), null, null, null, null)).matches(i)).isFalse();
        assertThat(new IncidentFilter(new Filters(null, List.of("flood"), null, null, null)).matches(i)).isFalse();
        assertThat(new IncidentFilter(new Filters(null, null, List.of(IncidentStatus.ACTIVE), null, null)).matches(i)).isTrue();
        assertThat(new IncidentFilter(new Filters(null, null, List.of(IncidentStatus.RESOLVED), null, null)).matches(i)).isFalse();
        assertThat(new IncidentFilter(new Filters(null, null, null, List.of(Severity.SEVERE, Severity.CRITICAL), null)).matches(i)).isTrue();
        assertThat(new IncidentFilter(new Filters(null, null, null, List.of(Severity.MINOR), null)).matches(i)).isFalse();
    }

    /** Found by ClientFramesFuzzTest: the contract's create.json has no severity, and a severity filter threw. */
    @Test
    void anIncidentWithoutTheFilteredPropertyDoesNotMatch() {
        LiveIncident unrated = new LiveIncident("I", "{}", List.of("sffd"), List.of(), null, null, null,
                null, false, false, 1, 0, 0, 0, null);
        assertThat(new IncidentFilter(new Filters(null, List.of("fire"), null, null, null)).matches(unrated)).isFalse();
        assertThat(new IncidentFilter(new Filters(null, null, List.of(IncidentStatus.ACTIVE), null, null)).matches(unrated)).isFalse();
        assertThat(new IncidentFilter(new Filters(null, null, null, List.of(Severity.SEVERE), null)).matches(unrated)).isFalse();
        assertThat(new IncidentFilter(Filters.ALL).matches(unrated)).isTrue();
    }

    @Test
    void bboxesIntersectIncludingAcrossTheAntimeridian() {
        LiveIncident sf = incident(new double[] {-122.45, 37.76, -122.43, 37.78});
        assertThat(bbox(-122.52, 37.70, -122.35, 37.83).matches(sf)).isTrue();
        assertThat(bbox(-122.42, 37.70, -122.35, 37.83).matches(sf)).isFalse();
        assertThat(bbox(-122.52, 37.79, -122.35, 37.83).matches(sf)).isFalse();
        LiveIncident fiji = incident(new double[] {179.5, -17.2, -179.5, -16.8});
        assertThat(bbox(179.8, -18, 180, -16).matches(fiji)).isTrue();
        assertThat(bbox(-180, -18, -179.9, -16).matches(fiji)).isTrue();
        assertThat(bbox(170, -18, 179, -16).matches(fiji)).isFalse();
        // A filter that crosses the antimeridian, against incidents on either side and in between.
        IncidentFilter pacific = bbox(170, -20, -170, 20);
        assertThat(pacific.matches(incident(new double[] {175, 0, 176, 1}))).isTrue();
        assertThat(pacific.matches(incident(new double[] {-175, 0, -174, 1}))).isTrue();
        assertThat(pacific.matches(incident(new double[] {0, 0, 1, 1}))).isFalse();
        assertThat(pacific.matches(fiji)).isTrue();
        // No geometry: never in a bbox.
        assertThat(bbox(-180, -90, 180, 90).matches(incident(null))).isFalse();
    }
}
