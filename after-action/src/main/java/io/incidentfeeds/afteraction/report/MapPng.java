package io.incidentfeeds.afteraction.report;

import io.incidentfeeds.schemas.geojson.GeoJsonGeometries;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.locationtech.jts.awt.PointShapeFactory;
import org.locationtech.jts.awt.ShapeWriter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * The report's map as a PNG, drawn in Java without a browser or a display: each version's geometry read
 * into JTS ({@code GeoJsonGeometries}), turned into a Java2D shape by JTS's {@link ShapeWriter} through a
 * Web Mercator projection (the one the page's Leaflet map uses), and drawn on a headless
 * {@link BufferedImage}: every earlier version as a thin outline, each incident's last version filled in
 * its status colour, points as circles, the incident id beside it; a plain background with a graticule
 * (no tiles: nothing is fetched). {@link Frame} says where a longitude and latitude land.
 */
final class MapPng {

    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    static final int HEADER = 40;
    private static final Color BACKGROUND = new Color(0xF4, 0xF1, 0xEA);
    private static final GeometryFactory GEOMETRIES = new GeometryFactory();

    private MapPng() {
    }

    /**
     * What the image shows: the extent [west, south, east, north] in degrees, drawn in Web Mercator to
     * the {@code WIDTH x (HEIGHT - HEADER)} area below the header, centred, the same scale on both axes.
     */
    record Frame(double west, double south, double east, double north) {

        /** The pixel where a longitude and latitude land. */
        Point2D pixel(double lon, double lat) {
            double sx = (WIDTH) / (mx(east) - mx(west));
            double sy = (HEIGHT - HEADER) / (my(north) - my(south));
            double scale = Math.min(sx, sy);
            double cx = (mx(west) + mx(east)) / 2;
            double cy = (my(south) + my(north)) / 2;
            return new Point2D.Double(WIDTH / 2.0 + (mx(lon) - cx) * scale, HEADER + (HEIGHT - HEADER) / 2.0 - (my(lat) - cy) * scale);
        }

        String describe() {
            return String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f", west, south, east, north);
        }

        /** The extent of {@code geometries}, padded by a fifth on each side and at least 0.01 degrees across. */
        static Frame around(List<Geometry> geometries) {
            Envelope e = new Envelope();
            geometries.forEach(g -> e.expandToInclude(g.getEnvelopeInternal()));
            if (e.isNull()) {
                e.expandToInclude(0, 0);
            }
            double padX = Math.max(e.getWidth() * 0.2, 0.005);
            double padY = Math.max(e.getHeight() * 0.2, 0.005);
            return new Frame(Math.max(-180, e.getMinX() - padX), Math.max(-85, e.getMinY() - padY), Math.min(180, e.getMaxX() + padX),
                    Math.min(85, e.getMaxY() + padY));
        }

        private static double mx(double lon) {
            return Math.toRadians(lon);
        }

        private static double my(double lat) {
            return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2));
        }
    }

    /** Draws the report's geometries into {@code file}; the frame it drew. */
    static Frame write(ReportContent report, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<List<Geometry>> byIncident = report.incidents().values().stream()
                .map(i -> i.versions().stream().filter(v -> v.incident().geometry() != null)
                        .map(v -> GeoJsonGeometries.read(v.incident().geometry(), GEOMETRIES)).toList())
                .toList();
        Frame frame = Frame.around(byIncident.stream().flatMap(List::stream).toList());
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            graticule(g, frame);
            ShapeWriter shapes = new ShapeWriter((src, dest) -> dest.setLocation(frame.pixel(src.x, src.y)),
                    new PointShapeFactory.Circle(14));
            int i = 0;
            for (ReportContent.Incident incident : report.incidents().values()) {
                List<Geometry> geometries = byIncident.get(i++);
                if (geometries.isEmpty()) {
                    continue;
                }
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
                g.setColor(new Color(0x55, 0x55, 0x55, 0x90));
                for (Geometry earlier : geometries.subList(0, geometries.size() - 1)) {
                    g.draw(shapes.toShape(earlier));
                }
                Geometry last = geometries.get(geometries.size() - 1);
                Color status = Color.decode(StatusChart.STATUS_COLOURS.getOrDefault(incident.last().status(), "#9e9e9e"));
                Shape shape = shapes.toShape(last);
                if (last.getDimension() != 1) {
                    g.setColor(new Color(status.getRed(), status.getGreen(), status.getBlue(), last instanceof Point ? 0xD0 : 0x60));
                    g.fill(shape);
                }
                g.setColor(status.darker());
                g.setStroke(new BasicStroke(2.5f));
                g.draw(shape);
                Coordinate label = last.getEnvelopeInternal().centre();
                Point2D at = frame.pixel(label.x, label.y);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                g.setColor(Color.BLACK);
                g.drawString(incident.id() + " (" + incident.last().status() + ")", (float) at.getX() + 10, (float) at.getY() - 10);
            }
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEADER);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString("After-action map: " + report.scope() + " | Web Mercator, extent " + frame.describe() + " | dashed: earlier versions",
                    10, 25);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
        return frame;
    }

    private static void graticule(Graphics2D g, Frame frame) {
        double span = Math.max(frame.east() - frame.west(), frame.north() - frame.south());
        double step = Math.pow(10, Math.floor(Math.log10(span / 2)));
        Color line = new Color(0xD8, 0xD2, 0xC4);
        Color label = new Color(0x80, 0x78, 0x66);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double lon = Math.ceil(frame.west() / step) * step; lon <= frame.east(); lon += step) {
            Point2D bottom = frame.pixel(lon, frame.south());
            g.setColor(line);
            g.drawLine((int) bottom.getX(), 0, (int) bottom.getX(), HEIGHT);
            g.setColor(label);
            g.drawString(String.format(Locale.ROOT, "%.4f", lon), (int) bottom.getX() + 2, HEIGHT - 4);
        }
        for (double lat = Math.ceil(frame.south() / step) * step; lat <= frame.north(); lat += step) {
            Point2D left = frame.pixel(frame.west(), lat);
            g.setColor(line);
            g.drawLine(0, (int) left.getY(), WIDTH, (int) left.getY());
            g.setColor(label);
            g.drawString(String.format(Locale.ROOT, "%.4f", lat), 2, (int) left.getY() - 2);
        }
    }
}
