package io.incidentfeeds.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    @TempDir
    Path project;

    @Test
    void firstRunWritesTheDocumentedDefaultsWithANewSecretAndTheSecondRunKeepsIt() throws Exception {
        Path file = project.resolve("local-stack.properties");

        StackSettings first = StackSettings.load(project, file, Map.of());
        StackSettings second = StackSettings.load(project, file, Map.of());

        assertThat(Files.readString(file)).contains("# The local stack's settings").contains("edge.jwt.secret=" + first.jwtSecret());
        assertThat(first.jwtSecret()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(second.jwtSecret()).isEqualTo(first.jwtSecret());
        assertThat(first.port("edge.port")).isEqualTo(8080);
        assertThat(first.port("kafka.port")).isEqualTo(9092);
        assertThat(first.port("mqtt.port")).isEqualTo(1883);
        assertThat(first.get("kafka.heap")).isEqualTo("512m");
        assertThat(first.dataDir()).isEqualTo(project.resolve(".local-stack"));
    }

    @Test
    void twoStacksNeverShareASecret() {
        Path a = project.resolve("a.properties");
        Path b = project.resolve("b.properties");
        assertThat(StackSettings.load(project, a, Map.of()).jwtSecret())
                .isNotEqualTo(StackSettings.load(project, b, Map.of()).jwtSecret());
    }

    @Test
    void aFileWithoutASecretGetsOneAppended() throws Exception {
        Path file = project.resolve("mine.properties");
        Files.writeString(file, "edge.port=9090\n");

        StackSettings settings = StackSettings.load(project, file, Map.of());

        assertThat(settings.port("edge.port")).isEqualTo(9090);
        assertThat(Files.readString(file)).contains("edge.jwt.secret=" + settings.jwtSecret());
    }

    @Test
    void overridesWinOverTheFile() {
        StackSettings settings = StackSettings.load(project, project.resolve("s.properties"), Map.of("simulator.rate", "250"));
        assertThat(settings.number("simulator.rate")).isEqualTo(250.0);
    }

    @Test
    void aMistypedKeyIsRefusedWithItsName() throws Exception {
        Path file = project.resolve("typo.properties");
        Files.writeString(file, "edge.prot=9090\n");

        assertThatThrownBy(() -> StackSettings.load(project, file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge.prot");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        StackSettings settings = StackSettings.of(project, Map.of("edge.port", "70000"));
        assertThatThrownBy(() -> settings.port("edge.port")).hasMessageContaining("edge.port");
    }
}
