package io.incidentfeeds.processing.validation;

import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.schemas.deadletter.DlqReason;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.json.SchemaViolation;
import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.telemetry.TelemetryCodec;
import io.incidentfeeds.schemas.topics.MqttTopic;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The first checks of a raw record, in the contract's order: size, UTF-8 + JSON, JSON Schema
 * ({@link TelemetrySchema}), agency, incident type, timestamp window. Pure and thread-safe; the
 * first failure wins.
 *
 * <p>Parsing goes through {@link ContractJson#mapper()}, whose stream limits (nesting, string,
 * number and name length) refuse hostile documents before they cost memory or CPU; duplicate keys
 * are refused too, because which value "wins" would be the parser's choice, not the sender's.
 */
public final class TelemetryValidator {

    private static final ObjectReader READER = ContractJson.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final TimestampWindow window;
    private final TelemetrySchema schema = new TelemetrySchema();

    public TelemetryValidator(TimestampWindow window) {
        this.window = window;
    }

    /** The validated edit, or throws {@link RejectedException} with the first failure's reason. */
    public ValidatedTelemetry validate(RawTelemetry raw) {
        checkSize(raw);
        JsonNode document = parse(raw.payload());
        List<SchemaViolation> violations = schema.validate(document);
        if (!violations.isEmpty()) {
            throw new RejectedException(DlqReason.SCHEMA_VIOLATION, describe(violations));
        }
        Telemetry telemetry;
        try {
            telemetry = TelemetryCodec.read(document);
        } catch (RuntimeException e) { // e.g. an RFC 3339 form java.time cannot read (leap second)
            throw new RejectedException(DlqReason.SCHEMA_VIOLATION, "/properties: " + e.getMessage());
        }
        MqttTopic topic = topicOf(raw, telemetry);
        if (telemetry.incidentType() != null && !telemetry.incidentType().equals(topic.incidentType())) {
            throw new RejectedException(DlqReason.TYPE_MISMATCH, "properties.incident_type '" + telemetry.incidentType()
                    + "' differs from the MQTT topic's type '" + topic.incidentType() + "' (" + topic + ")");
        }
        String late = window.check(telemetry.timestamp(), raw.ingestTime());
        if (late != null) {
            throw new RejectedException(DlqReason.TIMESTAMP_OUT_OF_RANGE, late);
        }
        return new ValidatedTelemetry(telemetry, topic);
    }

    private static void checkSize(RawTelemetry raw) {
        if (raw.oversizeBytes() != null) {
            throw new RejectedException(DlqReason.PAYLOAD_TOO_LARGE, "payload of " + raw.oversizeBytes()
                    + " bytes was dropped by the connector (header mqtt.payload.oversize.bytes); limit "
                    + ContractJson.MAX_PAYLOAD_BYTES);
        }
        if (raw.payload() == null || raw.payload().length == 0) {
            throw new RejectedException(DlqReason.PAYLOAD_TOO_LARGE, "payload is empty");
        }
        if (raw.payload().length > ContractJson.MAX_PAYLOAD_BYTES) {
            throw new RejectedException(DlqReason.PAYLOAD_TOO_LARGE, "payload is " + raw.payload().length
                    + " bytes; limit " + ContractJson.MAX_PAYLOAD_BYTES);
        }
    }

    private static JsonNode parse(byte[] payload) {
        if (!isAscii(payload)) { // ASCII, the usual case, is UTF-8: no need to decode it
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload));
            } catch (CharacterCodingException e) {
                throw new RejectedException(DlqReason.MALFORMED_JSON, "payload is not UTF-8: " + e.getMessage());
            }
        }
        try {
            JsonNode node = READER.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new RejectedException(DlqReason.MALFORMED_JSON, "payload holds no JSON value");
            }
            return node;
        } catch (JacksonException e) {
            throw new RejectedException(DlqReason.MALFORMED_JSON, "payload is not JSON within limits: " + e.getOriginalMessage());
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static MqttTopic topicOf(RawTelemetry raw, Telemetry telemetry) {
        Optional<MqttTopic> topic = MqttTopic.parse(raw.mqttTopic());
        if (topic.isEmpty()) {
            // Without a well-formed topic nobody vouches for the sender: refuse as an agency problem.
            throw new RejectedException(DlqReason.AGENCY_MISMATCH, "MQTT topic '" + raw.mqttTopic()
                    + "' is not incident/{agency_id}/{incident_type}/telemetry, so properties.agency_id '"
                    + telemetry.agencyId() + "' cannot be checked");
        }
        if (!telemetry.agencyId().equals(topic.get().agencyId())) {
            throw new RejectedException(DlqReason.AGENCY_MISMATCH, "properties.agency_id '" + telemetry.agencyId()
                    + "' differs from the MQTT topic's agency '" + topic.get().agencyId() + "' (" + topic.get() + ")");
        }
        return topic.get();
    }

    private static String describe(List<SchemaViolation> violations) {
        StringBuilder detail = new StringBuilder(violations.get(0).toString());
        if (violations.size() > 1) {
            detail.append(" (and ").append(violations.size() - 1).append(" more: ");
            for (int i = 1; i < Math.min(violations.size(), 4); i++) {
                detail.append(i > 1 ? "; " : "").append(violations.get(i));
            }
            detail.append(violations.size() > 4 ? "; ...)" : ")");
        }
        return detail.toString();
    }
}
