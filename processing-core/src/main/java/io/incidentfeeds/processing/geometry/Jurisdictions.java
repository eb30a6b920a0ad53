package io.incidentfeeds.processing.geometry;

import java.util.List;
import org.locationtech.jts.geom.Geometry;

/** Which jurisdictions a normalized geometry touches: their ids, sorted. */
@FunctionalInterface
public interface Jurisdictions {

    List<String> intersecting(Geometry geometry);

    /** No boundary layer: every geometry is in no jurisdiction. */
    Jurisdictions NONE = g -> List.of();
}
