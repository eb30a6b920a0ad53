package io.incidentfeeds.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.ContractSchema;
import io.incidentfeeds.schemas.json.ContractValidator;
import io.incidentfeeds.schemas.reconciled.Dot;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttTopic;
import io.incidentfeeds.simulator.scenario.ScenarioConfig;
import io.incidentfeeds.simulator.scenario.ScenarioGenerator;
import io.incidentfeeds.simulator.scenario.SimulatedMessage;
import io.incidentfeeds.simulator.scenario.SimulationLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class ScenarioGeneratorTest {

    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    static List<SimulatedMessage> generate(long seed, int n) {
        ScenarioGenerator generator = new ScenarioGenerator(ScenarioConfig.defaults(seed, START, 100));
        List<SimulatedMessage> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(generator.next());
        }
        return messages;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() {
        List<SimulatedMessage> a = generate(7, 3000);
        List<SimulatedMessage> b = generate(7, 3000);
        List<SimulatedMessage> c = generate(8, 3000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).topic()).isEqualTo(b.get(i).topic());
            assertThat(a.get(i).payload()).isEqualTo(b.get(i).payload());
        }
        assertThat(c.get(10).payload()).isNotEqualTo(a.get(10).payload());
    }

    @Test
    void runsWithDifferentSeedsNeverShareAnIncident() {
        Set<String> first = new HashSet<>();
        generate(7, 2000).forEach(m -> first.add(m.incidentId()));
        Set<String> second = new HashSet<>();
        generate(8, 2000).forEach(m -> second.add(m.incidentId()));

        second.retainAll(first);
        assertThat(second).isEmpty();
    }

    @Test
    void everyEditAndDuplicateKeepsTheContract() {
        for (SimulatedMessage m : generate(42, 5000)) {
            if (m.kind() == SimulatedMessage.Kind.BAD) {
                continue;
            }
            JsonNode feature = ContractJson.mapper().readTree(m.payload());
            assertThat(ContractValidator.shared().validate(ContractSchema.TELEMETRY, feature)).as(new String(m.payload())).isEmpty();
            Telemetry edit = TelemetryCodec.read(feature);
            MqttTopic topic = MqttTopic.parse(m.topic()).orElseThrow();
            assertThat(edit.agencyId()).isEqualTo(topic.agencyId());
            assertThat(edit.incidentType()).isEqualTo(topic.incidentType());
            assertThat(edit.clock().get(edit.agencyId())).isEqualTo(edit.sequenceNumber());
            assertThat(edit.incidentId()).isEqualTo(m.incidentId());
            if (edit.agencyId().equals("sfpw")) {
                assertThat(edit.crs()).as("the legacy sender publishes Web Mercator").isEqualTo("EPSG:3857");
            }
        }
    }

    @Test
    void everyDotIsPublishedOnceAsAnEditAndDuplicatesRepeatAnEarlierMessage() {
        Set<Dot> dots = new HashSet<>();
        Set<String> payloads = new HashSet<>();
        for (SimulatedMessage m : generate(42, 5000)) {
            String payload = new String(m.payload());
            switch (m.kind()) {
                case EDIT -> {
                    Telemetry edit = TelemetryCodec.read(ContractJson.mapper().readTree(m.payload()));
                    assertThat(m.dot()).isEqualTo(new Dot(edit.agencyId(), edit.sequenceNumber()));
                    assertThat(dots.add(new Dot(edit.incidentId() + "/" + edit.agencyId(), edit.sequenceNumber())))
                            .as("dot of %s published once", payload).isTrue();
                    payloads.add(payload);
                }
                case DUPLICATE -> assertThat(payloads).contains(payload);
                case BAD -> assertThat(m.incidentId()).startsWith("BAD-");
            }
        }
    }

    @Test
    void badRecordsCoverEveryReasonAndBreakOnlyTheirOwnRule() {
        Set<DlqReason> seen = EnumSet.noneOf(DlqReason.class);
        for (SimulatedMessage m : generate(42, 5000)) {
            if (m.kind() != SimulatedMessage.Kind.BAD) {
                continue;
            }
            seen.add(m.expectedReason());
            switch (m.expectedReason()) {
                case PAYLOAD_TOO_LARGE -> assertThat(m.payload().length).isGreaterThan(262_144);
                case MALFORMED_JSON -> {
                    boolean parsed;
                    try {
                        ContractJson.mapper().readTree(m.payload());
                        parsed = true;
                    } catch (JacksonException expected) {
                        parsed = false;
                    }
                    assertThat(parsed).isFalse();
                }
                case SCHEMA_VIOLATION -> assertThat(validate(m)).isNotEmpty();
                default -> assertThat(validate(m)).as("%s must pass the schema", m.expectedReason()).isEmpty();
            }
        }
        assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(DlqReason.INTERNAL_ERROR)));
    }

    @Test
    void twoAgenciesEditTheSameIncidentConcurrently() {
        Map<String, List<Telemetry>> byIncident = new HashMap<>();
        for (SimulatedMessage m : generate(42, 5000)) {
            if (m.kind() == SimulatedMessage.Kind.EDIT) {
                Telemetry edit = TelemetryCodec.read(ContractJson.mapper().readTree(m.payload()));
                byIncident.computeIfAbsent(edit.incidentId(), k -> new ArrayList<>()).add(edit);
            }
        }
        long concurrentPairs = 0;
        for (List<Telemetry> edits : byIncident.values()) {
            for (int i = 0; i < edits.size(); i++) {
                for (int j = i + 1; j < edits.size(); j++) {
                    Telemetry a = edits.get(i);
                    Telemetry b = edits.get(j);
                    if (!a.agencyId().equals(b.agencyId()) && !follows(a, b) && !follows(b, a)) {
                        concurrentPairs++;
                    }
                }
            }
        }
        assertThat(concurrentPairs).isPositive();
    }

    @Test
    void incidentsLiveThroughTheirLifecycleAndSomeAreRetracted() {
        SimulationLedger ledger = new SimulationLedger();
        Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
        int deletes = 0;
        for (SimulatedMessage m : generate(42, 20_000)) {
            ledger.record(m);
            if (m.kind() == SimulatedMessage.Kind.EDIT) {
                Telemetry edit = TelemetryCodec.read(ContractJson.mapper().readTree(m.payload()));
                statuses.add(edit.status());
                deletes += edit.isDelete() ? 1 : 0;
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(IncidentStatus.values());
        assertThat(deletes).isPositive();
        assertThat(ledger.published()).isEqualTo(20_000);
        assertThat(ledger.duplicates()).isPositive();
        assertThat(ledger.incidentIds().size()).isGreaterThan(40);
        assertThat(ledger.editIds()).hasSize((int) ledger.edits());
    }

    /** b causally follows a: b's clock covers a's dot. */
    static boolean follows(Telemetry b, Telemetry a) {
        return b.clock().getOrDefault(a.agencyId(), 0L) >= a.sequenceNumber();
    }

    static List<?> validate(SimulatedMessage m) {
        return ContractValidator.shared().validate(ContractSchema.TELEMETRY, ContractJson.mapper().readTree(m.payload()));
    }
}
