package io.incidentfeeds.processing.geometry;

import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jurisdiction boundary layer: a GeoJSON FeatureCollection of (Multi)Polygons, each with a
 * string {@code properties.id}, loaded once at start into an STRtree of prepared geometries.
 * Read-only after construction, so one instance serves every stream thread.
 */
public final class JurisdictionIndex implements Jurisdictions {

    /** The demo layer shipped in the jar (synthetic, see jurisdictions/README.md). */
    public static final String DEMO_LAYER = "classpath:jurisdictions/bay-area-demo.geojson";

    private record Boundary(String id, PreparedGeometry shape) {
    }

    private final STRtree tree = new STRtree();
    private final int size;

    private JurisdictionIndex(JsonNode collection) {
        GeometryFactory factory = new GeometryFactory();
        int n = 0;
        for (JsonNode feature : collection.path("features")) {
            String id = feature.path("properties").path("id").asString(null);
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("jurisdiction layer: feature " + n + " has no string properties.id");
            }
            Geometry shape = GeoJsonGeometries.read(feature.path("geometry"), factory);
            if (!(shape instanceof Polygonal) || !shape.isValid()) {
                throw new IllegalArgumentException("jurisdiction layer: '" + id + "' is not a valid (Multi)Polygon");
            }
            tree.insert(shape.getEnvelopeInternal(), new Boundary(id, PreparedGeometryFactory.prepare(shape)));
            n++;
        }
        tree.build();
        size = n;
    }

    /** Loads a layer from {@code classpath:...} or a file path. */
    public static JurisdictionIndex load(String location) {
        try (InputStream in = open(location)) {
            return new JurisdictionIndex(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jurisdiction layer " + location, e);
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = JurisdictionIndex.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no class path resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    public int size() {
        return size;
    }

    @Override
    public List<String> intersecting(Geometry geometry) {
        TreeSet<String> ids = new TreeSet<>();
        for (Object hit : tree.query(geometry.getEnvelopeInternal())) {
            Boundary b = (Boundary) hit;
            if (!ids.contains(b.id()) && b.shape().intersects(geometry)) {
                ids.add(b.id());
            }
        }
        return List.copyOf(ids);
    }
}
