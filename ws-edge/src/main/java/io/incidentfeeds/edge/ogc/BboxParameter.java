package io.incidentfeeds.edge.ogc;

/**
 * The {@code bbox} query parameter: four numbers (minLon,minLat,maxLon,maxLat) or six
 * (minLon,minLat,minHeight,maxLon,maxLat,maxHeight), in CRS84, the only {@code bbox-crs} served.
 * minLon greater than maxLon crosses the antimeridian; anything else out of order or out of range
 * is refused. The result is the 2D box [west, south, east, north] the live view's filter takes
 * (incidents carry no heights to compare).
 */
final class BboxParameter {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String CRS84H = "http://www.opengis.net/def/crs/OGC/0/CRS84h";
    private static final int MAX_LENGTH = 200;

    private BboxParameter() {
    }

    static double[] parse(String text, String crs) {
        if (crs != null && !crs.equals(CRS84) && !crs.equals(CRS84H)) {
            throw OgcErrors.invalid("bbox-crs: only " + CRS84 + " is served");
        }
        if (text.length() > MAX_LENGTH) {
            throw OgcErrors.invalid("bbox: longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw OgcErrors.invalid("bbox: 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with heights), got " + parts.length);
        }
        double[] n = new double[parts.length];
        for (int i = 0; i < n.length; i++) {
            try {
                n[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw OgcErrors.invalid("bbox: '" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(n[i])) {
                throw OgcErrors.invalid("bbox: '" + parts[i] + "' is not a finite number");
            }
        }
        int dims = n.length / 2;
        double west = n[0];
        double south = n[1];
        double east = n[dims];
        double north = n[dims + 1];
        if (dims == 3 && n[2] > n[5]) {
            throw OgcErrors.invalid("bbox: minimum height above maximum height");
        }
        checkRange("longitude", west, 180);
        checkRange("longitude", east, 180);
        checkRange("latitude", south, 90);
        checkRange("latitude", north, 90);
        if (south > north) {
            throw OgcErrors.invalid("bbox: minLat " + south + " above maxLat " + north);
        }
        return new double[] {west, south, east, north};
    }

    private static void checkRange(String what, double value, double limit) {
        if (value < -limit || value > limit) {
            throw OgcErrors.invalid("bbox: " + what + " " + value + " outside [-" + (int) limit + ", " + (int) limit + "]");
        }
    }
}
