package io.incidentfeeds.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link AccessScope#visibilityKey()} against {@link AccessScope#canSee}: for random scopes (any
 * agency, roles, see-all, jurisdictions, grants of any or some types, filter agencies, conflict role)
 * drawn from a small world, so that many share a key while differing elsewhere, and random incidents
 * (contributors, jurisdictions, a type or none), every two scopes with equal keys answer
 * {@code canSee} alike for every incident. A field {@code canSee} starts to read that the key leaves
 * out makes two such scopes disagree.
 */
class VisibilityKeyTest {

    private static final List<String> AGENCIES = List.of("a", "b", "c");
    private static final List<String> JURISDICTIONS = List.of("j1", "j2");
    private static final List<String> TYPES = List.of("fire", "flood");
    private static final List<String> ROLES = List.of("dispatcher", "supervisor", "eoc", "analyst");

    record Facts(List<String> agencies, List<String> jurisdictions, String incidentType) implements IncidentFacts {
    }

    @Property(tries = 500)
    void scopesWithEqualKeysSeeTheSameIncidents(@ForAll("scopes") List<AccessScope> scopes,
                                                @ForAll("incidents") List<Facts> incidents) {
        boolean sharedWhileDiffering = false;
        boolean sharedBySomeWhoDoNotSeeAll = false;
        for (AccessScope s : scopes) {
            for (AccessScope t : scopes) {
                if (s == t || !s.visibilityKey().equals(t.visibilityKey())) {
                    continue;
                }
                sharedWhileDiffering |= !s.equals(t);
                sharedBySomeWhoDoNotSeeAll |= !s.equals(t) && !s.seesAll();
                for (Facts incident : incidents) {
                    assertThat(t.canSee(incident)).as("%s and %s (equal keys) on %s", s, t, incident)
                            .isEqualTo(s.canSee(incident));
                }
            }
        }
        Statistics.label("two scopes that differ share a key").collect(sharedWhileDiffering);
        Statistics.label("two that differ and do not see all share a key").collect(sharedBySomeWhoDoNotSeeAll);
        Statistics.label("two scopes that differ share a key").coverage(c -> c.check(true).percentage(p -> p >= 40));
        Statistics.label("two that differ and do not see all share a key").coverage(c -> c.check(true).percentage(p -> p >= 20));
    }

    @Property(tries = 100)
    void everyScopeThatSeesAllSharesOneKey(@ForAll("scopes") List<AccessScope> scopes) {
        List<AccessScope> all = scopes.stream().filter(AccessScope::seesAll).toList();
        assertThat(all.stream().map(AccessScope::visibilityKey).distinct()).hasSizeLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<List<AccessScope>> scopes() {
        Arbitrary<AccessScope> scope = Combinators.combine(
                Arbitraries.of(AGENCIES),
                Arbitraries.of(ROLES).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(3, false)),
                Arbitraries.of(JURISDICTIONS).set().ofMaxSize(1),
                grants(),
                Arbitraries.of(AGENCIES).set().ofMaxSize(2).injectNull(0.5),
                Arbitraries.of(true, false))
                .as((agency, roles, seesAll, jurisdictions, grants, agencies, conflicts) -> new AccessScope(
                        new Viewer(agency, roles), seesAll, jurisdictions, grants, agencies, conflicts));
        return scope.list().ofMinSize(2).ofMaxSize(12);
    }

    /** Mostly none; otherwise one owner sharing every type (an empty set) or its fires. */
    private static Arbitrary<Map<String, Set<String>>> grants() {
        Arbitrary<Map<String, Set<String>>> one = Arbitraries.maps(Arbitraries.of("b", "c"),
                Arbitraries.of(Set.<String>of(), Set.of("fire"))).ofSize(1);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Map.<String, Set<String>>of())), Tuple.of(2, one));
    }

    @Provide
    Arbitrary<List<Facts>> incidents() {
        return Combinators.combine(
                Arbitraries.of(AGENCIES).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(JURISDICTIONS).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(TYPES).injectNull(0.2))
                .as(Facts::new).list().ofMinSize(1).ofMaxSize(20);
    }
}
