package io.incidentfeeds.brokers.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only files and directories, and keytool refusing a password on its command line. */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreWrittenAndLeftOwnerOnly() throws Exception {
        Path file = dir.resolve("new/admin.password");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFile.write(file, "secret\n");

        assertThat(file).hasContent("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(OwnerOnlyFile.read(file)).as("a secret left readable by an earlier version").isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Path secrets = OwnerOnlyFile.directory(dir.resolve("a/b/tls"));
        assertThat(secrets).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");

        Path earlier = Files.createDirectories(dir.resolve("mqtt/tls"));
        Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFile.directory(earlier);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(earlier)))
                .as("a secrets directory left open by an earlier version").isEqualTo("rwx------");
    }

    @Test
    void keytoolTakesPasswordsFromFilesOnly() {
        assertThatThrownBy(() -> Keytool.run("-list", "-keystore", dir.resolve("x.p12").toString(), "-storepass", "visible"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-storepass:file");
    }

    @Test
    void passwordsAreRandomAndUrlSafe() {
        String one = Passwords.newPassword();
        assertThat(one).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(Passwords.newPassword());
    }
}
