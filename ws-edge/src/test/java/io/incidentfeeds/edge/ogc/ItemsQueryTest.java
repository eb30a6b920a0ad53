package io.incidentfeeds.edge.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.http.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The items parameters: limit's default, maximum and clamp, offset, cursor, filters, and what is refused. */
class ItemsQueryTest {

    private static final EdgeProperties.Ogc SETTINGS = new EdgeProperties.Ogc(null, 10, 50);

    private static ItemsQuery parse(String... nameValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return ItemsQuery.parse(params, SETTINGS);
    }

    private static void refused(String reason, String... nameValues) {
        assertThatThrownBy(() -> parse(nameValues)).as(String.join("=", nameValues))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    /** stac-api-validator #163 and pygeoapi #2067: a limit above the maximum is clamped, not refused (nor a 500). */
    @Test
    void limitHasADefaultAndAMaximumItIsClampedTo() {
        assertThat(parse().limit()).isEqualTo(10);
        assertThat(parse("limit", "7").limit()).isEqualTo(7);
        assertThat(parse("limit", "50").limit()).isEqualTo(50);
        assertThat(parse("limit", "51").limit()).isEqualTo(50);
        assertThat(parse("limit", "999999999999999999").limit()).isEqualTo(50);
        refused("limit: at least 1", "limit", "0");
        for (String bad : List.of("-1", "ten", "1.5", "", "9999999999999999999")) {
            refused("limit: a whole number from 1 to 50", "limit", bad);
        }
    }

    @Test
    void offsetAndCursor() {
        assertThat(parse("offset", "20").offset()).isEqualTo(20);
        assertThat(parse().offset()).isZero();
        refused("offset:", "offset", "-1");
        refused("offset:", "offset", "1000001");
        assertThat(parse("cursor", PageCursor.after("INC-7")).after()).isEqualTo("INC-7");
        for (String bad : List.of("INC-7", "!!!", PageCursor.after("INC-7").substring(1), "x".repeat(401))) {
            refused("cursor: not one this server made", "cursor", bad);
        }
    }

    @Test
    void theLiveViewsFiltersAndBbox() {
        ItemsQuery q = parse("agencies", "sffd,oakfd", "incident_types", "fire", "status", "active", "severity", "severe",
                "bbox", "-123,37,-122,38");
        assertThat(q.filter().filters().agencies()).containsExactly("sffd", "oakfd");
        assertThat(q.filter().filters().bbox()).containsExactly(-123, 37, -122, 38);
        refused("status: unknown value 'burning'", "status", "burning");
        refused("bbox-crs without bbox", "bbox-crs", BboxParameter.CRS84);
    }

    /** The standard: an unknown parameter is a 400, so a typo never silently returns everything. */
    @Test
    void unknownOrRepeatedParametersAreRefused() {
        refused("unknown query parameter 'bboxx'", "bboxx", "0,0,1,1");
        refused("limit: given more than once", "limit", "1", "limit", "2");
        refused("f: only json", "f", "html");
        assertThat(parse("f", "json").limit()).isEqualTo(10);
    }

    @Test
    void aNextLinkCarriesEverythingButThePaging() {
        ItemsQuery q = parse("bbox", "0,0,1,1", "limit", "5", "offset", "3", "datetime", "../..", "agencies", "aa", "agencies", "bb");
        assertThat(q.carried()).containsOnlyKeys("bbox", "datetime", "agencies");
        assertThat(q.carried().get("agencies")).containsExactly("aa", "bb");
    }
}
