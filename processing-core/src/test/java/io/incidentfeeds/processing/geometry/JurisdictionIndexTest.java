package io.incidentfeeds.processing.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Which jurisdictions an incident is in, from the demo boundary layer or an operator's own file. */
class JurisdictionIndexTest {

    private static final JurisdictionIndex BAY_AREA = JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER);

    @Test
    void theDemoLayerHasTheSixBayAreaCounties() {
        assertThat(BAY_AREA.size()).isEqualTo(6);
    }

    @Test
    void aFireAtSanFranciscoCityHallIsInSfCountyOnly() {
        assertThat(BAY_AREA.intersecting(geometry("{\"type\":\"Point\",\"coordinates\":[-122.4192,37.7793]}")))
                .containsExactly("sf-county");
    }

    @Test
    void aClosureAlongTheCountyLineAtDalyCityIsInBothCountiesSorted() {
        assertThat(BAY_AREA.intersecting(geometry("{\"type\":\"LineString\",\"coordinates\":[[-122.47,37.72],[-122.47,37.68]]}")))
                .containsExactly("san-mateo-county", "sf-county");
    }

    @Test
    void aVesselFarOutInThePacificIsInNoJurisdiction() {
        assertThat(BAY_AREA.intersecting(geometry("{\"type\":\"Point\",\"coordinates\":[-140.0,30.0]}"))).isEmpty();
    }

    @Test
    void anOperatorsOwnLayerIsReadFromAFile(@TempDir Path dir) throws IOException {
        Path layer = layerOfOne(dir, "{\"id\":\"district-7\"}", UNIT_SQUARE);

        JurisdictionIndex districts = JurisdictionIndex.load(layer.toString());

        assertThat(districts.intersecting(geometry("{\"type\":\"Point\",\"coordinates\":[0.5,0.5]}"))).containsExactly("district-7");
    }

    @Test
    void aBoundaryWithoutAnIdIsRefusedAtStart(@TempDir Path dir) throws IOException {
        Path layer = layerOfOne(dir, "{\"name\":\"nameless\"}", UNIT_SQUARE);

        assertThatThrownBy(() -> JurisdictionIndex.load(layer.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no string properties.id");
    }

    @Test
    void aBowTieBoundaryIsRefusedAtStart(@TempDir Path dir) throws IOException {
        Path layer = layerOfOne(dir, "{\"id\":\"twisted\"}", "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]");

        assertThatThrownBy(() -> JurisdictionIndex.load(layer.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'twisted' is not a valid");
    }

    private static final String UNIT_SQUARE = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

    /** An operator's layer file with one polygon boundary. */
    private static Path layerOfOne(Path dir, String properties, String polygonCoordinates) throws IOException {
        return Files.writeString(dir.resolve("layer.geojson"), "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":" + properties + ","
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + polygonCoordinates + "}}]}");
    }

    private static Geometry geometry(String json) {
        return GeoJsonGeometries.read(Payloads.json(json), new GeometryFactory());
    }
}
