package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.edge.http.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bbox parameter, with the inputs other servers answered with 500 or 200 instead of 400. */
class BboxParameterTest {

    @Test
    void fourOrSixNumbersGiveTheTwoDimensionalBox() {
        assertThat(BboxParameter.parse("-122.52,37.70,-122.35,37.83", null)).containsExactly(-122.52, 37.70, -122.35, 37.83);
        // stac-fastapi #235 answered six numbers with 501.
        assertThat(BboxParameter.parse("-122.52, 37.70, -10, -122.35, 37.83, 500", BboxParameter.CRS84H))
                .containsExactly(-122.52, 37.70, -122.35, 37.83);
        assertThat(BboxParameter.parse("170,-20,-170,-10", BboxParameter.CRS84)).containsExactly(170, -20, -170, -10);
    }

    /** stac-server #176 and stac-fastapi #163: wrong counts were 500, minLat above maxLat 200; OGC ogcapi-features #163: latitude 160 is an error. */
    @Test
    void badBoxesAre400WithTheReason() {
        for (String bad : List.of("0", "0,0", "0,0,0", "0,0,0,1,1", "0,0,0,1,1,1,1", "100.0,1.0,105.0,0.0",
                "70,-20,70,160", "-181,0,0,1", "0,0,181,1", "a,b,c,d", "NaN,0,1,1", "0,0,Infinity,1", "0,0,1,1,", ",0,0,1,1",
                "0,0,10,1,1,5", "1".repeat(201))) {
            assertThatThrownBy(() -> BboxParameter.parse(bad, null)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("bbox: ");
                    });
        }
    }

    /** GeoServer GEOS-10884: a bbox-crs it could not read was a 500. */
    @Test
    void anotherCrsIs400() {
        assertThatThrownBy(() -> BboxParameter.parse("0,0,1,1", "http://www.opengis.net/def/crs/EPSG/0/3857"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).startsWith("bbox-crs: "));
        assertThatThrownBy(() -> BboxParameter.parse("0,0,1,1", "nonsense")).isInstanceOf(ApiException.class);
    }
}
