package io.incidentfeeds.edge.testing;

import io.incidentfeeds.schemas.auth.DemoTokens;
import java.time.Duration;
import java.util.List;

/** Console tokens signed with the test edges' secret. */
public final class Tokens {

    private static final DemoTokens TOKENS = new DemoTokens(EdgeInstance.SECRET);

    private Tokens() {
    }

    public static String of(String agency, String... roles) {
        return TOKENS.mint(agency, List.of(roles), Duration.ofHours(1));
    }

    public static String dispatcher(String agency) {
        return of(agency, "dispatcher");
    }
}
