package io.incidentfeeds.schemas.topics;

import java.util.Optional;

/**
 * The MQTT topic an agency publishes on: {@code incident/{agency_id}/{incident_type}/telemetry}.
 * The topic is the authority on who sent a message: the payload must agree with it.
 */
public record MqttTopic(String agencyId, String incidentType) {

    /** The default subscription filter of the connector. */
    public static final String FILTER = "incident/+/+/telemetry";

    public MqttTopic {
        if (!isAgencyId(agencyId)) {
            throw new IllegalArgumentException("agency_id must be 2-32 of [a-z0-9_-]: " + agencyId);
        }
        if (!isIncidentType(incidentType)) {
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
        if (!isAgencyId(levels[1]) || !isIncidentType(levels[2])) {
            return Optional.empty();
        }
        return Optional.of(new MqttTopic(levels[1], levels[2]));
    }

    /** {@code [a-z0-9_-]{2,32}}. A loop, not a regex: the processor parses the topic of every record. */
    private static boolean isAgencyId(String s) {
        return isName(s, 2);
    }

    /** {@code [a-z0-9_-]{1,32}}. */
    private static boolean isIncidentType(String s) {
        return isName(s, 1);
    }

    private static boolean isName(String s, int minLength) {
        if (s == null || s.length() < minLength || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public String topicName() {
        return "incident/" + agencyId + "/" + incidentType + "/telemetry";
    }

    @Override
    public String toString() {
        return topicName();
    }
}
