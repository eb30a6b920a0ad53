package io.incidentfeeds.processing.validation;

import io.incidentfeeds.schemas.telemetry.Telemetry;
import io.incidentfeeds.schemas.topics.MqttTopic;

/**
 * An edit that passed every check up to the timestamp window: well-formed, on contract, sent by the
 * agency its topic names. Geometry and clock are checked later, in the contract's order.
 */
public record ValidatedTelemetry(Telemetry telemetry, MqttTopic topic) {
}
