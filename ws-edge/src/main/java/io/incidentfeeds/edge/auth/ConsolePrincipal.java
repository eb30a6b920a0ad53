package io.incidentfeeds.edge.auth;

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

    public boolean hasAnyRole(List<String> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
