package io.incidentfeeds.edge.basemap;

import io.incidentfeeds.edge.EdgeProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The origins the console's basemap loads tiles from (the URL template with each subdomain), and
 * the console's content security policy with exactly those origins added to {@code img-src}: no
 * wildcard, so a configured tile server does not open the page to images from anywhere else.
 */
public final class BasemapOrigins {

    private static final String IMG_SRC = "img-src 'self' data:";

    private BasemapOrigins() {
    }

    /** scheme://host[:port] of every tile URL the template can produce; empty when the basemap is off. */
    public static List<String> of(EdgeProperties.Basemap basemap) {
        List<String> origins = new ArrayList<>();
        if (!basemap.enabled()) {
            return origins;
        }
        List<String> subdomains = basemap.subdomains().isEmpty() ? List.of("") : basemap.subdomains();
        for (String s : subdomains) {
            URI uri = URI.create(basemap.urlTemplate().replace("{s}", s).replace("{z}", "0").replace("{x}", "0")
                    .replace("{y}", "0").replace("{r}", ""));
            String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            if (!origins.contains(origin)) {
                origins.add(origin);
            }
        }
        return origins;
    }

    /** {@code policy} with the basemap's origins added to its {@code img-src 'self' data:} directive. */
    public static String contentSecurityPolicy(String policy, EdgeProperties.Basemap basemap) {
        List<String> origins = of(basemap);
        if (origins.isEmpty()) {
            return policy;
        }
        if (!policy.contains(IMG_SRC)) {
            throw new IllegalStateException("the console's policy has no \"" + IMG_SRC + "\" to extend");
        }
        return policy.replace(IMG_SRC, IMG_SRC + " " + String.join(" ", origins));
    }
}
