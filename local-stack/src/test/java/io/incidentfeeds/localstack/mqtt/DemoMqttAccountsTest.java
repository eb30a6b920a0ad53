package io.incidentfeeds.localstack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentfeeds.brokers.mqtt.MqttAccounts;
import io.incidentfeeds.brokers.mqtt.MqttCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMqttAccountsTest {

    @TempDir
    Path data;

    @Test
    void passwordsAreMadeOnceOwnerOnlyAndTheBrokerChecksThem() throws Exception {
        DemoMqttAccounts first = DemoMqttAccounts.loadOrCreate(data, List.of("sffd", "sfpd"));
        MqttCredentials sffd = first.credentials("sffd");
        MqttCredentials connector = first.connectorCredentials();
        assertThat(sffd.password()).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(first.credentials("sfpd").password());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.agenciesDir()))).isEqualTo("rwx------");
        for (Path file : List.of(first.agenciesDir().resolve("sffd.password"), first.connectorFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file).isEqualTo("rw-------");
        }

        // A second run keeps the passwords and adds an agency's.
        DemoMqttAccounts second = DemoMqttAccounts.loadOrCreate(data, List.of("sffd", "sfpd", "oakfd"));
        assertThat(second.credentials("sffd")).isEqualTo(sffd);
        assertThat(second.connectorCredentials()).isEqualTo(connector);
        MqttAccounts accounts = second.accounts();
        assertThat(accounts.authenticate("sffd", bytes(sffd.password()))).contains(MqttAccounts.Role.AGENCY);
        assertThat(accounts.authenticate("oakfd", bytes(second.credentials("oakfd").password()))).contains(MqttAccounts.Role.AGENCY);
        assertThat(accounts.authenticate("sfpd", bytes(sffd.password()))).isEmpty();
        assertThat(accounts.authenticate(MqttAccounts.CONNECTOR, bytes(connector.password()))).contains(MqttAccounts.Role.CONNECTOR);
        assertThatThrownBy(() -> accounts.credentials("sffd")).as("the broker keeps hashes only").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> second.credentials("nopd")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
