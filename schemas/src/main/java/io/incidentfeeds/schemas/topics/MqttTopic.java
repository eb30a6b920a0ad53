package io.incidentfeeds.schemas.topics;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topic an agency publishes on: {@code incident/{agency_id}/{incident_type}/telemetry}.
 * The topic is the authority on who sent a message: the payload must agree with it.
 */
public record MqttTopic(String agencyId, String incidentType) {

    /** The default subscription filter of the connector. */
    public static final String FILTER = "incident/+/+/telemetry";

    private static final Pattern AGENCY = Pattern.compile("[a-z0-9_-]{2,32}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]{1,32}");

    public MqttTopic {
        if (agencyId == null || !AGENCY.matcher(agencyId).matches()) {
            throw new IllegalArgumentException("agency_id must be 2-32 of [a-z0-9_-]: " + agencyId);
        }
        if (incidentType == null || !TYPE.matcher(incidentType).matches()) {
            throw new IllegalArgumentException("incident_type must be 1-32 of [a-z0-9_-]: " + incidentType);
        }
    }

    /** Parses a topic name; empty when it is not of the contract's form. */
    public static Optional<MqttTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] levels = topic.split("/", -1);
        if (levels.length != 4 || !levels[0].equals("incident") || !levels[3].equals("telemetry")) {
            return Optional.empty();
        }
        if (!AGENCY.matcher(levels[1]).matches() || !TYPE.matcher(levels[2]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new MqttTopic(levels[1], levels[2]));
    }

    public String topicName() {
        return "incident/" + agencyId + "/" + incidentType + "/telemetry";
    }

    @Override
    public String toString() {
        return topicName();
    }
}
