package io.incidentfeeds.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.conflict.ConflictRecord;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules on the contract's own example records: a fire that calfire and sffd contributed to, in
 * sf-county, and their conflict over its severity. sfpd has sf-county as a jurisdiction, oakfd
 * another one; calfire shares its fires with marin, every type with napa, floods with sonoma.
 */
class AccessPolicyTest {

    private static final AccessPolicy POLICY = new AccessPolicy(new AccessRules(
            Map.of("sfpd", List.of("sf-county"), "oakfd", List.of("alameda-county")),
            List.of(new AccessRules.SharingRule("calfire", "marin", List.of("fire")),
                    new AccessRules.SharingRule("calfire", "napa", null),
                    new AccessRules.SharingRule("calfire", "sonoma", List.of("flood")),
                    new AccessRules.SharingRule(null, "nobody", null)),
            null, null));

    private static final ReconciledIncident FIRE = ReconciledIncident.fromJson(example("reconciled-incident", "update-with-conflict.json"));
    private static final ConflictRecord CONFLICT = ConflictRecord.fromJson(example("conflict", "severity.json"));

    private static byte[] example(String kind, String name) {
        try (InputStream in = AccessPolicyTest.class.getResourceAsStream("/examples/" + kind + "/valid/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AccessScope scope(String agency, String... roles) {
        return POLICY.scopeOf(new Viewer(agency, List.of(roles)));
    }

    @Test
    void anIncidentIsSeenByItsContributorsItsJurisdictionsItsSharingAndTheEoc() {
        assertThat(scope("sffd", "dispatcher").canSee(FIRE)).as("a contributor").isTrue();
        assertThat(scope("sfpd", "dispatcher").canSee(FIRE)).as("the jurisdiction's agency").isTrue();
        assertThat(scope("marin", "dispatcher").canSee(FIRE)).as("calfire's fires are shared").isTrue();
        assertThat(scope("napa", "dispatcher").canSee(FIRE)).as("calfire's every type is shared").isTrue();
        assertThat(scope("oes", "eoc").canSee(FIRE)).as("the EOC").isTrue();
        assertThat(scope("sonoma", "dispatcher").canSee(FIRE)).as("only calfire's floods are shared").isFalse();
        assertThat(scope("oakfd", "supervisor").canSee(FIRE)).as("another jurisdiction").isFalse();
        assertThat(scope("nobody", "dispatcher").canSee(FIRE)).as("a rule without owner").isFalse();
    }

    @Test
    void aViewOfTheSameFactsGetsTheSameAnswers() {
        record Facts(List<String> agencies, List<String> jurisdictions, String incidentType) implements IncidentFacts {
        }
        IncidentFacts facts = new Facts(FIRE.reconciliation().agencies(), FIRE.reconciliation().jurisdictions(),
                FIRE.property("incident_type"));
        for (String agency : List.of("sffd", "sfpd", "marin", "napa", "sonoma", "oakfd", "nobody")) {
            AccessScope scope = scope(agency, "dispatcher");
            assertThat(scope.canSee(facts)).as(agency).isEqualTo(scope.canSee(FIRE));
        }
        assertThat(scope("sonoma", "dispatcher").canSee(new Facts(List.of("calfire"), List.of(), "flood"))).isTrue();
        assertThat(scope("sonoma", "dispatcher").canSee(new Facts(List.of("calfire"), List.of(), null))).isFalse();
    }

    @Test
    void aFilterMayNameOnlyAgenciesWhoseIncidentsCouldBeShown() {
        assertThat(scope("marin", "dispatcher").agencies()).containsExactlyInAnyOrder("marin", "calfire");
        assertThat(scope("marin", "dispatcher").mayFilterBy(List.of("calfire", "marin"))).isTrue();
        assertThat(scope("marin", "dispatcher").mayFilterBy(List.of("sffd"))).isFalse();
        assertThat(scope("sffd", "dispatcher").mayFilterBy(List.of("calfire"))).isFalse();
        // An agency with jurisdictions, and the EOC, can be shown any agency's incidents.
        assertThat(scope("sfpd", "dispatcher").mayFilterBy(List.of("calfire", "oakfd"))).isTrue();
        assertThat(scope("oes", "eoc").agencies()).isNull();
    }

    @Test
    void conflictsNeedAConflictRoleAndThenFollowTheIncident() {
        assertThat(scope("sffd", "dispatcher").seesConflicts()).isFalse();
        assertThat(scope("sffd", "dispatcher").canSeeConflict(CONFLICT, FIRE)).as("no conflict role").isFalse();
        assertThat(scope("sffd", "supervisor").canSeeConflict(CONFLICT, FIRE)).isTrue();
        assertThat(scope("oakfd", "supervisor").canSeeConflict(CONFLICT, FIRE)).isFalse();
        assertThat(scope("marin", "supervisor").canSeeConflict(CONFLICT, FIRE)).as("judged on the fire").isTrue();
        assertThat(scope("oes", "eoc").canSeeConflict(CONFLICT, null)).isTrue();
    }

    @Test
    void aConflictWithoutItsIncidentIsJudgedOnTheCompetingAgencies() {
        assertThat(scope("sffd", "supervisor").canSeeConflict(CONFLICT, null)).as("a competing agency").isTrue();
        assertThat(scope("napa", "supervisor").canSeeConflict(CONFLICT, null)).as("calfire shares every type").isTrue();
        // The type of an incident not known cannot be checked against a type-restricted grant.
        assertThat(scope("marin", "supervisor").canSeeConflict(CONFLICT, null)).isFalse();
        assertThat(scope("sfpd", "supervisor").canSeeConflict(CONFLICT, null)).as("nor can its jurisdictions").isFalse();
    }

    @Test
    void unsetRulesTakeTheirDefaultsAndTheRulesAreImmutable() {
        AccessRules defaults = AccessRules.defaults();
        assertThat(defaults.seeAllRoles()).containsExactly("eoc");
        assertThat(defaults.conflictRoles()).containsExactly("eoc", "supervisor");
        assertThat(defaults.jurisdictions()).isEmpty();
        assertThat(defaults.sharing()).isEmpty();
        assertThat(new AccessRules(null, null, List.of(), null).seeAllRoles()).as("empty is not unset").isEmpty();

        List<String> roles = new ArrayList<>(List.of("duty-officer"));
        AccessRules rules = new AccessRules(null, null, roles, null);
        roles.add("dispatcher");
        assertThat(rules.seeAllRoles()).containsExactly("duty-officer");
        assertThat(new AccessPolicy(rules).scopeOf(new Viewer("sffd", List.of("dispatcher"))).seesAll()).isFalse();
        assertThat(new AccessPolicy(rules).scopeOf(new Viewer("sffd", List.of("duty-officer"))).canSee(FIRE)).isTrue();
    }
}
