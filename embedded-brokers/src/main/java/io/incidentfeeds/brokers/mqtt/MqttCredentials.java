package io.incidentfeeds.brokers.mqtt;

/** An MQTT account's user name and password, as a client signs in with them. */
public record MqttCredentials(String username, String password) {

    @Override
    public String toString() {
        return "MqttCredentials[" + username + "]"; // never the password
    }
}
