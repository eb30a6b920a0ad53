package io.incidentfeeds.access;

import java.util.List;

/**
 * Who asks to see incidents, as far as the rules care: an agency and the roles its user holds
 * (in ws-edge, a verified token's {@code agency_id} and {@code roles} claims).
 */
public record Viewer(String agencyId, List<String> roles) {

    public Viewer {
        roles = List.copyOf(roles);
    }

    public boolean hasAnyRole(List<String> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
