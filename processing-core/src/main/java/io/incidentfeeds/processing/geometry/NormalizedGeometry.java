package io.incidentfeeds.processing.geometry;

import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of {@link GeometryNormalizer}: the geometry as JTS and as RFC 7946 GeoJSON, its bbox
 * and what was changed to get there.
 */
public record NormalizedGeometry(Geometry jts, ObjectNode geoJson, List<Double> bbox, Set<NormalizationChange> changes) {
}
