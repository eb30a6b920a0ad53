package io.incidentfeeds.processor.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class CanonicalJsonTest {

    @Test
    void aStringIsWrittenAsTheMapperWritesIt() {
        for (String text : new String[] {"", "fire", "hazmat-2 (north)", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak",
                "\u0000\u001f\u007f", "caf\u00e9", "\u706b\u707d", "\ud83d\udd25", "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}"}) {
            assertThat(new String(CanonicalJson.string(text), StandardCharsets.UTF_8)).as(text)
                    .isEqualTo(CanonicalJson.MAPPER.writeValueAsString(JsonNodeFactory.instance.stringNode(text)));
            assertThat(CanonicalJson.bytes(JsonNodeFactory.instance.stringNode(text))).isEqualTo(CanonicalJson.string(text));
        }
    }
}
