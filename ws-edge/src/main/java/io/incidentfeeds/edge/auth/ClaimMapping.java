package io.incidentfeeds.edge.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentfeeds.edge.EdgeProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a verified token's claims into a {@link ConsolePrincipal}, by configuration
 * ({@code edge.auth.claims.*}): the agency from a claim and/or a group-to-agency table, the roles
 * from a claim with an optional renaming. The defaults read the contract's own claims
 * ({@code agency_id}, {@code roles}), so a token minted by {@code DemoTokens} maps to itself. A user
 * the claims put in two agencies is refused: a console speaks for one agency.
 */
final class ClaimMapping {

    /** The contract's agency id ({@code telemetry.schema.json}). */
    private static final Pattern AGENCY_ID = Pattern.compile("[a-z0-9_-]{2,32}");

    private final String agencyClaim;
    private final String groupsClaim;
    private final Map<String, String> agencyGroups;
    private final String rolesClaim;
    private final Map<String, String> roleNames;

    ClaimMapping(EdgeProperties.Claims config) {
        this.agencyClaim = blankToNull(config.agencyClaim());
        this.groupsClaim = blankToNull(config.groupsClaim());
        this.agencyGroups = config.agencyGroups();
        this.rolesClaim = config.rolesClaim();
        this.roleNames = config.roleNames();
        if (agencyClaim == null && groupsClaim == null) {
            throw new IllegalStateException("edge.auth.claims: set agency-claim or groups-claim");
        }
        if (groupsClaim != null && agencyGroups.isEmpty()) {
            throw new IllegalStateException("edge.auth.claims.groups-claim needs edge.auth.claims.agency-groups");
        }
        agencyGroups.forEach((group, agency) -> {
            if (!AGENCY_ID.matcher(agency).matches()) {
                throw new IllegalStateException("edge.auth.claims.agency-groups: '" + agency + "' (group " + group
                        + ") is not an agency id (" + AGENCY_ID + ")");
            }
        });
    }

    ConsolePrincipal principal(JWTClaimsSet claims) throws TokenRejectedException {
        Set<String> agencies = new TreeSet<>();
        if (agencyClaim != null) {
            List<String> named = strings(claims, agencyClaim);
            if (named != null) {
                agencies.addAll(named);
            }
        }
        if (groupsClaim != null) {
            List<String> groups = strings(claims, groupsClaim);
            for (String group : groups == null ? List.<String>of() : groups) {
                String agency = agencyGroups.get(group);
                if (agency != null) {
                    agencies.add(agency);
                }
            }
        }
        if (agencies.isEmpty()) {
            throw new TokenRejectedException("the token names no agency (" + describeAgencySources() + ")");
        }
        if (agencies.size() > 1) {
            throw new TokenRejectedException("the user belongs to more than one agency " + agencies
                    + ": a console works for one agency, ask the identity provider's administrator");
        }
        String agency = agencies.iterator().next();
        if (!AGENCY_ID.matcher(agency).matches()) {
            throw new TokenRejectedException(agencyClaim + " is not an agency id");
        }
        List<String> roles = strings(claims, rolesClaim);
        if (roles == null) {
            throw new TokenRejectedException(rolesClaim + " must be a list of strings");
        }
        Instant expiresAt = claims.getExpirationTime().toInstant();
        return new ConsolePrincipal(agency, rename(roles), expiresAt, claims.getSubject());
    }

    private List<String> rename(List<String> roles) {
        if (roleNames.isEmpty()) {
            return roles;
        }
        Set<String> renamed = new LinkedHashSet<>();
        for (String role : roles) {
            String name = roleNames.get(role);
            if (name != null) {
                renamed.add(name);
            }
        }
        return List.copyOf(renamed);
    }

    private String describeAgencySources() {
        List<String> sources = new ArrayList<>();
        if (agencyClaim != null) {
            sources.add("claim " + agencyClaim);
        }
        if (groupsClaim != null) {
            sources.add("no group in " + groupsClaim + " maps to an agency");
        }
        return String.join("; ", sources);
    }

    /**
     * The strings of a claim: a string is one, a list must hold only strings; null when the claim
     * is absent. A name is looked up whole first (claims named by URLs contain dots), then as a
     * dotted path into nested objects.
     */
    private static List<String> strings(JWTClaimsSet claims, String name) throws TokenRejectedException {
        Object value = claims.getClaim(name);
        if (value == null && name.indexOf('.') > 0) {
            value = claims.getClaims();
            for (String step : name.split("\\.")) {
                value = value instanceof Map<?, ?> object ? object.get(step) : null;
            }
        }
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new TokenRejectedException(name + " must be a string or a list of strings");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
