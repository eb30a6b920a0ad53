package io.incidentfeeds.processing.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.reconcile.Histories.Generated;
import io.incidentfeeds.processing.reconcile.Histories.Step;
import io.incidentfeeds.processing.reconcile.SpecificationModel.View;
import io.incidentfeeds.processing.state.IncidentStateSerde;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.ConflictSummary;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * Convergence: for any causally consistent history of one incident by up to five agencies (random
 * clocks, random fields, deletes, duplicates), every delivery order ends in the same state and the
 * same conflicts, and that state is the specification's ({@link SpecificationModel}, computed over
 * the whole history at once). Along the way, in every order: versions run 1, 2, 3...; every record
 * emitted passes the contract's schema; duplicates change nothing; the state survives its serde.
 */
class ConvergencePropertiesTest {

    private static final int ORDERS = 6;

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(Step::new);
        return step.list().ofMinSize(6).ofMaxSize(30);
    }

    @Property(tries = 200)
    void everyDeliveryOrderEndsInTheSpecificationsState(@ForAll("histories") List<Step> steps,
                                                        @ForAll @IntRange(min = 1, max = 5) int agencies,
                                                        @ForAll long deliverySeed) {
        List<Generated> history = withinTheBounds(Histories.build(steps, agencies));
        if (history.isEmpty()) {
            return;
        }
        View expected = SpecificationModel.view(history.stream().map(Generated::spec).toList());
        Statistics.label("edits").collect(history.size() < 5 ? "1-4" : history.size() < 10 ? "5-9" : "10+");
        Statistics.label("final state").collect(expected.deleted() ? "deleted"
                : expected.conflicts().isEmpty() ? "live, no conflict" : "live, in conflict");
        Statistics.label("agencies that edited").collect(expected.agencies().size());

        Random random = new Random(deliverySeed);
        for (int order = 0; order < ORDERS; order++) {
            List<Generated> delivery = deliveryOrder(history, order, random);
            Run run = deliver(delivery);
            assertThat(run.judgedWithoutPast).as("every past arrives in a complete history, within the bounds: %s", dots(delivery))
                    .isZero();

            assertThat(run.view.values()).as("field values, order %d: %s", order, dots(delivery)).isEqualTo(expected.values());
            assertThat(conflicts(run.view.conflicts())).as("conflicts, order %d: %s", order, dots(delivery))
                    .isEqualTo(expected.conflicts());
            assertThat(run.view.clock()).as("clock").isEqualTo(expected.clock());
            assertThat(run.view.agencies()).as("agencies").containsExactlyElementsOf(expected.agencies());
            assertLastEmittedShows(expected, run.lastEmitted);
        }
    }

    /**
     * The specification holds within the state's bounds (README, "Bounds"). The one a complete
     * history can reach is the pending bound: delivered newest first, all but the last edit to
     * arrive wait for their past, so a history of more than {@code PENDING_KEPT + 1} edits can have
     * its oldest waiting edit judged without its past. Its first edits in generation order are a
     * causally complete history of their own.
     */
    private static List<Generated> withinTheBounds(List<Generated> history) {
        return history.subList(0, Math.min(history.size(), CarriedField.PENDING_KEPT + 1));
    }

    @Property(tries = 20)
    void pastThePendingBoundTheOldestWaitingEditIsJudgedWithoutItsPastAndCounted(
            @ForAll @IntRange(min = 1, max = 4) int beyond, @ForAll long seed) {
        List<Step> oneAgencysChain = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < CarriedField.PENDING_KEPT + 1 + beyond; i++) {
            oneAgencysChain.add(new Step(0, 50, 0, random.nextInt(Integer.MAX_VALUE))); // kind 50: an edit
        }
        List<Generated> history = Histories.build(oneAgencysChain, 1);
        List<Generated> newestFirst = new ArrayList<>(history);
        Collections.reverse(newestFirst);
        assertThat(deliver(newestFirst).judgedWithoutPast).as("each carried field judges %d edits early", beyond)
                .isEqualTo(2 * beyond);
        List<Generated> atTheBound = new ArrayList<>(withinTheBounds(history));
        Collections.reverse(atTheBound);
        assertThat(deliver(atTheBound).judgedWithoutPast).as("at the bound, nothing is judged early").isZero();
    }

    /** In generation order, in reverse, then shuffled with a fifth of the edits delivered twice. */
    private static List<Generated> deliveryOrder(List<Generated> history, int order, Random random) {
        List<Generated> delivery = new ArrayList<>(history);
        if (order == 1) {
            Collections.reverse(delivery);
        } else if (order > 1) {
            for (Generated g : history) {
                if (random.nextInt(5) == 0) {
                    delivery.add(g);
                }
            }
            Collections.shuffle(delivery, random);
        }
        return delivery;
    }

    /** The result of one delivery order, and how many carried values were judged without their whole past. */
    private record Run(MergedView view, ReconciledIncident lastEmitted, int judgedWithoutPast) {
    }

    private static Run deliver(List<Generated> delivery) {
        Reconciler reconciler = new Reconciler();
        byte[] stored = null;
        long version = 0;
        ReconciledIncident last = null;
        int judgedWithoutPast = 0;
        Set<String> applied = new HashSet<>();
        for (Generated g : delivery) {
            IncidentState state = stored == null ? new IncidentState() : IncidentStateSerde.fromBytes(stored);
            Reconciler.Applied outcome = reconciler.apply(state, Edit.of(g.normalized()));

            boolean duplicate = !applied.add(g.spec().dot());
            assertThat(outcome.kind() == Reconciler.Kind.DUPLICATE).as("duplicate of %s", g.spec().dot()).isEqualTo(duplicate);
            if (duplicate) {
                assertThat(outcome.reconciled()).isNull();
                assertThat(outcome.conflicts()).isEmpty();
                assertThat(IncidentStateSerde.toBytes(state)).as("a duplicate leaves the state as it was").isEqualTo(stored);
                continue;
            }
            judgedWithoutPast += outcome.judgedWithoutPast();
            stored = IncidentStateSerde.toBytes(state);
            assertThat(IncidentStateSerde.toBytes(IncidentStateSerde.fromBytes(stored))).as("serde round trip").isEqualTo(stored);
            if (outcome.reconciled() != null) {
                ReconciledIncident incident = valid(ContractSchema.RECONCILED_INCIDENT, outcome.reconciled(), ReconciledIncident::fromJson);
                assertThat(incident.reconciliation().version()).as("versions without gaps").isEqualTo(++version);
                last = incident;
            }
            for (byte[] conflict : outcome.conflicts()) {
                valid(ContractSchema.CONFLICT, conflict, bytes -> bytes);
            }
        }
        return new Run(MergedView.of(IncidentStateSerde.fromBytes(stored)), last, judgedWithoutPast);
    }

    /** The last version emitted shows the final state: deleted, or its fields, geometry and conflicts. */
    private static void assertLastEmittedShows(View expected, ReconciledIncident last) {
        assertThat(last).as("the first edit always emits").isNotNull();
        if (expected.deleted()) {
            assertThat(last.reconciliation().diffType()).isEqualTo(DiffType.DELETE);
            return;
        }
        assertThat(last.reconciliation().diffType()).isNotEqualTo(DiffType.DELETE);
        SortedMap<String, String> shown = new TreeMap<>();
        last.properties().forEach((name, value) -> shown.put(name, ContractJson.mapper().writeValueAsString(value)));
        shown.remove("incident_id");
        if (last.geometry() != null && !last.geometry().isNull()) {
            shown.put("geometry", ContractJson.mapper().writeValueAsString(last.geometry()));
        }
        SortedMap<String, String> visible = new TreeMap<>(expected.values());
        visible.remove("deleted");
        visible.values().removeIf("null"::equals);
        assertThat(shown).as("the last version's properties and geometry").isEqualTo(visible);
        assertThat(conflicts(last.reconciliation().conflicts())).as("the last version's conflicts").isEqualTo(expected.conflicts());
    }

    private static <T> T valid(ContractSchema schema, byte[] json, java.util.function.Function<byte[], T> parse) {
        JsonNode tree = ContractJson.mapper().readTree(json);
        assertThat(ContractValidator.shared().validate(schema, tree)).as("%s against the contract: %s", schema, tree).isEmpty();
        return parse.apply(json);
    }

    private static SortedSet<String> conflicts(List<ConflictSummary> summaries) {
        SortedSet<String> out = new TreeSet<>();
        summaries.forEach(c -> out.add(c.field() + " " + c.kept() + ">" + c.discarded()));
        return out;
    }

    private static List<String> dots(List<Generated> delivery) {
        return delivery.stream().map(g -> g.spec().dot() + (g.spec().delete() ? "(delete)" : "") + g.spec().clock()).toList();
    }

}
