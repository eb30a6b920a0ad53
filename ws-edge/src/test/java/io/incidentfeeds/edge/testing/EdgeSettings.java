package io.incidentfeeds.edge.testing;

import io.incidentfeeds.edge.EdgeProperties;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link EdgeProperties} bound from {@code edge.*} keys by Spring Boot's own binder, as the
 * application binds them, for tests that build one component without starting an edge.
 */
public final class EdgeSettings {

    private EdgeSettings() {
    }

    public static EdgeProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("edge", EdgeProperties.class);
    }
}
