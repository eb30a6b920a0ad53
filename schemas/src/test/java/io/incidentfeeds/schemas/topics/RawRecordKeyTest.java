package io.incidentfeeds.schemas.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawRecordKeyTest {

    private static final String TOPIC = "incident/sffd/fire/telemetry";

    private static String keyOf(String payload) {
        return RawRecordKey.of(TOPIC, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFeatureIsKeyedByItsIncident() {
        assertEquals("INC-2026-0001", keyOf("""
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},
                 "properties":{"agency_id":"sffd","incident_id":"INC-2026-0001","status":"active"}}"""));
    }

    @Test
    void propertiesBeforeTheGeometryAndNestedLookalikesDoNotConfuseIt() {
        assertEquals("INC-7", keyOf("""
                {"properties":{"units":[{"incident_id":"NOT-THIS"}],"note":{"incident_id":"NOR-THIS"},
                 "incident_id":"INC-7"},"geometry":null,"type":"Feature"}"""));
        assertEquals(TOPIC, keyOf("""
                {"type":"Feature","incident_id":"TOP-LEVEL","properties":{"status":"active"}}"""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                                        // empty: the connector's oversize marker
            "not json",
            "[{\"properties\":{\"incident_id\":\"INC-1\"}}]",          // not an object
            "{\"properties\":{\"incident_id\":\"INC-1",                // truncated inside the id
            "{\"properties\":[\"incident_id\",\"INC-1\"]}",
            "{\"properties\":{\"incident_id\":42}}",
            "{\"properties\":{\"incident_id\":\"\"}}",
            "{\"properties\":{\"incident_id\":null}}",
            "{\"properties\":{\"status\":\"active\"}}",
            "{\"type\":\"Feature\",\"geometry\":{\"coordinates\":[1e99999999999999999999999999999999999999999999999999999999999999999]}}",
    })
    void anythingWithoutAUsableIdIsKeyedByItsMqttTopic(String payload) {
        assertEquals(TOPIC, keyOf(payload));
    }

    @Test
    void anOverlongIdIsNotAKey() {
        assertEquals(TOPIC, keyOf("{\"properties\":{\"incident_id\":\"" + "x".repeat(65) + "\"}}"));
        assertEquals("x".repeat(64), keyOf("{\"properties\":{\"incident_id\":\"" + "x".repeat(64) + "\"}}"));
    }

    @Test
    void hostileNestingIsRefusedByTheContractsLimitsNotTheStack() {
        assertEquals(TOPIC, keyOf("{\"geometry\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"properties\":{\"incident_id\":\"X\"}}"));
        assertEquals(TOPIC, RawRecordKey.of(TOPIC, null));
    }
}
