package io.incidentfeeds.processing.geometry;

/** What normalization changed in an edit's geometry (the {@code change} tag of the metric). */
public enum NormalizationChange {
    /** Reprojected from a legacy {@code crs} to EPSG:4326 (and the member dropped). */
    REPROJECTED,
    /** A polygon ring the sender left open was closed (its first position repeated at the end). */
    CLOSED_RING,
    /** Repaired by JTS's GeometryFixer (self-intersection, bow-tie, overlapping parts...). */
    REPAIRED,
    /** Coordinates rounded to 6 decimals, or repeated points removed. */
    ROUNDED,
    /** Rings turned to RFC 7946 orientation (exterior counter-clockwise, holes clockwise). */
    REORIENTED,
    /** Split where it crosses the antimeridian. */
    SPLIT_AT_ANTIMERIDIAN
}
