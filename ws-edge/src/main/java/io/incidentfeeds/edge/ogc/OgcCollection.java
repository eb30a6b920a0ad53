package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.edge.view.LiveIncident;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The collections the OGC API serves, the WebSocket's incident channels as feature collections:
 * {@code incidents} (every live incident the viewer may see) and {@code alerts} (those that are
 * severe or critical). The contract's third channel, {@code conflicts}, carries conflict records,
 * which have no geometry of their own: it stays on the WebSocket and the HTTP API.
 */
public enum OgcCollection {

    INCIDENTS("incidents", "Live incidents",
            "Every live incident of the reconciled picture that your agency may see, as on the WebSocket's incidents channel.",
            incident -> true),
    ALERTS("alerts", "Alerts",
            "Live incidents that are severe or critical, as on the WebSocket's alerts channel.",
            LiveIncident::isAlert);

    private final String id;
    private final String title;
    private final String description;
    private final Predicate<LiveIncident> member;

    OgcCollection(String id, String title, String description, Predicate<LiveIncident> member) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.member = member;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public boolean contains(LiveIncident incident) {
        return member.test(incident);
    }

    public static Optional<OgcCollection> byId(String id) {
        for (OgcCollection c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
