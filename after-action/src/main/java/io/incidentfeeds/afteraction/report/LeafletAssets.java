package io.incidentfeeds.afteraction.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leaflet's script and style sheet from its WebJar (org.webjars.npm:leaflet, on the class path), made
 * ready to inline in a page that opens offline: the style sheet's images become {@code data:} URLs and
 * the script's source-map comment is dropped, so the page asks for nothing but itself.
 *
 * @param version the WebJar's Leaflet version
 * @param script  dist/leaflet.js
 * @param css     dist/leaflet.css, its images inlined
 */
record LeafletAssets(String version, String script, String css) {

    private static final String POM = "META-INF/maven/org.webjars.npm/leaflet/pom.properties";
    private static final Pattern IMAGE = Pattern.compile("url\\(images/([a-z0-9-]+\\.png)\\)");

    static LeafletAssets load() {
        Properties pom = new Properties();
        try (InputStream in = resource(POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        String dist = "META-INF/resources/webjars/leaflet/" + version + "/dist/";
        String script = text(dist + "leaflet.js").replaceAll("(?m)^//# sourceMappingURL=.*$", "");
        Matcher m = IMAGE.matcher(text(dist + "leaflet.css"));
        StringBuilder css = new StringBuilder();
        while (m.find()) {
            String png = Base64.getEncoder().encodeToString(bytes(dist + "images/" + m.group(1)));
            m.appendReplacement(css, Matcher.quoteReplacement("url(data:image/png;base64," + png + ")"));
        }
        m.appendTail(css);
        return new LeafletAssets(version, script, css.toString());
    }

    private static InputStream resource(String name) {
        InputStream in = LeafletAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path (the org.webjars.npm:leaflet dependency)");
        }
        return in;
    }

    private static byte[] bytes(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class-path resource as UTF-8 text. */
    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
