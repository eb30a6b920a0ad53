/**
 * Geometry normalization ({@link io.incidentfeeds.processing.geometry.GeometryNormalizer}: CRS,
 * ranges, repair, rounding, winding, antimeridian split, bbox) and jurisdiction layers ({@link
 * io.incidentfeeds.processing.geometry.JurisdictionIndex}). Pure functions over JTS geometries.
 */
package io.incidentfeeds.processing.geometry;
