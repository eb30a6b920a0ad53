package io.incidentfeeds.brokers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.secrets.Passwords;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The accounts' rules, the same as deploy/mosquitto/acl's, without a broker. */
class MqttAccountsTest {

    private final MqttAccounts accounts = new MqttAccounts();

    @Test
    void anAccountSignsInWithItsOwnPasswordOnly() {
        MqttCredentials sffd = accounts.credentials("sffd");
        MqttCredentials sfpd = accounts.credentials("sfpd");
        assertThat(accounts.credentials("sffd")).as("the same credentials on every call").isEqualTo(sffd);
        assertThat(accounts.authenticate("sffd", bytes(sffd.password()))).contains(MqttAccounts.Role.AGENCY);
        assertThat(accounts.authenticate("sffd", bytes(sfpd.password()))).isEmpty();
        assertThat(accounts.authenticate("sffd", null)).isEmpty();
        assertThat(accounts.authenticate(null, bytes(sffd.password()))).isEmpty();
        assertThat(accounts.authenticate("nobody", bytes(sffd.password()))).isEmpty();
        assertThat(accounts.authenticate(MqttAccounts.CONNECTOR, bytes(accounts.connectorCredentials().password())))
                .contains(MqttAccounts.Role.CONNECTOR);
    }

    @Test
    void anAccountAddedWithItsOwnPasswordKeepsOnlyItsHash() {
        String password = Passwords.newPassword();
        accounts.addAgency("oakfd", password);
        assertThat(accounts.authenticate("oakfd", bytes(password))).contains(MqttAccounts.Role.AGENCY);
        assertThatThrownBy(() -> accounts.credentials("oakfd")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not known here");
        assertThatThrownBy(() -> accounts.addAgency("oakfd/+", password)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.addAgency("", password)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.addAgency(MqttAccounts.CONNECTOR, password)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.addAgency("oakfd", "short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAgencyPublishesItsOwnTelemetryOnly() {
        accounts.credentials("sffd");
        accounts.connectorCredentials();
        assertThat(accounts.mayPublish("sffd", "incident/sffd/fire/telemetry")).isTrue();
        assertThat(accounts.mayPublish("sffd", "incident/sfpd/fire/telemetry")).isFalse();
        assertThat(accounts.mayPublish("sffd", "incident/sffd/fire/telemetry/x")).isFalse();
        assertThat(accounts.mayPublish("sffd", "incident/sffd/fire/status")).isFalse();
        assertThat(accounts.mayPublish("sffd", "other/sffd/fire/telemetry")).isFalse();
        assertThat(accounts.mayPublish(MqttAccounts.CONNECTOR, "incident/sffd/fire/telemetry")).isFalse();
        assertThat(accounts.mayPublish(MqttAccounts.CONNECTOR, "incident/ingest-connector/fire/telemetry")).isFalse();
        assertThat(accounts.mayPublish(null, "incident/sffd/fire/telemetry")).isFalse();
        assertThat(accounts.mayPublish("unknown", "incident/unknown/fire/telemetry")).isFalse();
    }

    @Test
    void theConnectorSubscribesToTelemetryAndAgenciesReadNothing() {
        accounts.credentials("sffd");
        accounts.connectorCredentials();
        String connector = MqttAccounts.CONNECTOR;
        assertThat(accounts.maySubscribe(connector, "incident/+/+/telemetry")).isTrue();
        assertThat(accounts.maySubscribe(connector, "incident/sffd/+/telemetry")).isTrue();
        assertThat(accounts.maySubscribe(connector, "$share/ingest/incident/+/+/telemetry")).isTrue();
        assertThat(accounts.maySubscribe(connector, "#")).isFalse();
        assertThat(accounts.maySubscribe(connector, "incident/#")).isFalse();
        assertThat(accounts.maySubscribe(connector, "incident/+/#")).isFalse();
        assertThat(accounts.maySubscribe(connector, "incident/+/+/+")).isFalse();
        assertThat(accounts.maySubscribe(connector, "$share/ingest")).isFalse();
        assertThat(accounts.maySubscribe(connector, "$SYS/#")).isFalse();
        assertThat(accounts.maySubscribe("sffd", "incident/sffd/+/telemetry")).isFalse();
        assertThat(accounts.maySubscribe(null, "incident/+/+/telemetry")).isFalse();
    }

    @Test
    void anAnonymousBrokerHasNoAccounts() {
        MqttAccounts anonymous = MqttAccounts.anonymous();
        assertThat(anonymous.isAnonymous()).isTrue();
        assertThatThrownBy(() -> anonymous.credentials("sffd")).isInstanceOf(IllegalStateException.class);
        assertThat(accounts.isAnonymous()).isFalse();
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
