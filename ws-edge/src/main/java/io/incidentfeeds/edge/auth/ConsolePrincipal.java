package io.incidentfeeds.edge.auth;

import io.incidentfeeds.access.Viewer;
import java.time.Instant;
import java.util.List;

/**
 * Who a console is, from its verified token.
 *
 * @param agencyId  the agency the console works for ({@code agency_id} claim)
 * @param roles     its roles ({@code roles} claim), e.g. dispatcher, supervisor, eoc
 * @param expiresAt when the token expires ({@code exp}); the session ends then
 * @param subject   the token's {@code sub}, for the audit log (may be null)
 */
public record ConsolePrincipal(String agencyId, List<String> roles, Instant expiresAt, String subject) {

    public ConsolePrincipal {
        roles = List.copyOf(roles);
    }

    /** What the access policy decides on: the agency and the roles. */
    public Viewer viewer() {
        return new Viewer(agencyId, roles);
    }
}
