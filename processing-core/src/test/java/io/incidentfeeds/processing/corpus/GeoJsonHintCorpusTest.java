package io.incidentfeeds.processing.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.processing.geometry.JurisdictionIndex;
import io.incidentfeeds.processing.normalize.EditNormalizer;
import io.incidentfeeds.processing.rejection.RejectedException;
import io.incidentfeeds.processing.validation.ClockCheck;
import io.incidentfeeds.processing.validation.RawTelemetry;
import io.incidentfeeds.processing.validation.TelemetryValidator;
import io.incidentfeeds.processing.validation.TimestampWindow;
import io.incidentfeeds.processing.validation.ValidatedTelemetry;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validator and normalizer against a GeoJSON test corpus this project did not write: the good
 * and bad fixtures of the linter {@code @mapbox/geojsonhint} 3.3.0 (ISC licence; source, licence and
 * every disagreement explained in {@code src/test/resources/geojsonhint/README.md}).
 *
 * <p>The corpus's verdict on a file is what geojsonhint printed for it ({@code bad/*.result}; the
 * good files print nothing): <b>valid</b> with no message, <b>warning</b> when every message is of
 * level "message" (advice such as the right-hand rule), else <b>invalid</b>. Ours: each GeoJSON
 * object becomes telemetry messages as an agency would send them (a Feature gets the required
 * properties added, a FeatureCollection gives one message per feature, a bare geometry is the
 * seed's geometry; bytes that are not one JSON object go as they are), and the file is
 * <b>rejected</b> if any message is dead-lettered, <b>fixed</b> if normalization changed one, else
 * <b>accepted</b>. We agree when valid meets accepted or fixed, invalid meets rejected, and warning
 * meets fixed (normalization removes what the linter warns about).
 */
class GeoJsonHintCorpusTest {

    /** Measured: 55 of 62 files (see README). A regression below it fails the build. */
    private static final int AGREEMENT_FLOOR = 55;

    private static final Instant SEED_TIME = Instant.parse("2026-11-22T10:30:00Z");

    private final TelemetryValidator validator = new TelemetryValidator(TimestampWindow.DEFAULT);
    private final EditNormalizer normalizer = new EditNormalizer(JurisdictionIndex.load(JurisdictionIndex.DEMO_LAYER));

    enum Corpus { VALID, WARNING, INVALID }

    enum Ours { ACCEPTED, FIXED, REJECTED }

    record Judgement(String file, Corpus corpus, Ours ours, String why) {
        boolean agree() {
            return switch (corpus) {
                case VALID -> ours != Ours.REJECTED;
                case WARNING -> ours == Ours.FIXED;
                case INVALID -> ours == Ours.REJECTED;
            };
        }
    }

    @Test
    void weJudgeTheLintersFixturesAsTheLinterDoesExceptWhereTheReadmeExplainsWhy() throws Exception {
        List<Judgement> judgements = new ArrayList<>();
        for (Path file : fixtures()) {
            judgements.add(judge(file));
        }
        List<Judgement> disagreements = judgements.stream().filter(j -> !j.agree()).toList();
        int agreed = judgements.size() - disagreements.size();

        System.out.printf(Locale.ROOT, "geojsonhint corpus: we agree on %d of %d files (%.0f%%)%n", agreed, judgements.size(),
                100.0 * agreed / judgements.size());
        judgements.forEach(j -> System.out.printf(Locale.ROOT, "  %-5s %-45s corpus %-7s ours %-8s %s%n",
                j.agree() ? "agree" : "DIFF", j.file(), j.corpus(), j.ours(), j.why()));

        assertThat(judgements).hasSize(62);
        assertThat(agreed).isGreaterThanOrEqualTo(AGREEMENT_FLOOR);
        String readme = Files.readString(root().resolve("README.md"));
        assertThat(disagreements).allSatisfy(d -> assertThat(readme).as("README explains %s", d.file()).contains("`" + d.file() + "`"));
    }

    private Judgement judge(Path file) throws IOException {
        String name = root().relativize(file).toString();
        Corpus corpus = corpusVerdict(file);
        List<byte[]> messages = asTelemetryMessages(Files.readAllBytes(file));
        boolean changed = false;
        List<String> why = new ArrayList<>();
        for (byte[] message : messages) {
            try {
                ValidatedTelemetry validated = validator.validate(new RawTelemetry(Payloads.SFFD_FIRE, message, null, SEED_TIME));
                EditNormalizer.Result result = normalizer.normalize(validated, new SourcePosition("geojsonhint", 0, 0));
                ClockCheck.check(result.edit().edit());
                if (!result.changes().isEmpty()) {
                    changed = true;
                    why.add(result.changes().toString());
                }
            } catch (RejectedException e) {
                String detail = e.rejection().detail();
                return new Judgement(name, corpus, Ours.REJECTED, e.rejection().reason() + ": "
                        + (detail.length() > 90 ? detail.substring(0, 90) + "..." : detail));
            }
        }
        return new Judgement(name, corpus, changed ? Ours.FIXED : Ours.ACCEPTED, String.join(" ", new TreeSet<>(why)));
    }

    /** What geojsonhint printed for the file: nothing (good/), or the messages in bad/NAME.result. */
    private static Corpus corpusVerdict(Path file) throws IOException {
        Path result = file.resolveSibling(file.getFileName().toString().replace(".geojson", ".result"));
        if (!Files.exists(result)) {
            return Corpus.VALID;
        }
        JsonNode messages = ContractJson.mapper().readTree(Files.readAllBytes(result));
        if (messages.isEmpty()) {
            return Corpus.VALID;
        }
        for (JsonNode m : messages) {
            if (!"message".equals(m.path("level").asString(""))) {
                return Corpus.INVALID;
            }
        }
        return Corpus.WARNING;
    }

    /** The file as the telemetry messages an agency would send for it. */
    private static List<byte[]> asTelemetryMessages(byte[] file) {
        JsonNode document;
        try {
            document = ContractJson.mapper().reader()
                    .with(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(file);
        } catch (JacksonException e) {
            return List.of(file); // not one strict JSON document: the validator judges the bytes as sent
        }
        if (!document.isObject()) {
            return List.of(file); // not a GeoJSON object at all: sent as it is
        }
        String type = document.path("type").asString("");
        if (type.equals("FeatureCollection") && document.path("features").isArray()) {
            List<byte[]> messages = new ArrayList<>();
            document.path("features").forEach(f -> messages.add(Payloads.bytes(asTelemetry(f))));
            return messages;
        }
        if (type.equals("Feature")) {
            return List.of(Payloads.bytes(asTelemetry(document)));
        }
        ObjectNode seed = Payloads.seed();
        seed.set("geometry", document);
        return List.of(Payloads.bytes(seed));
    }

    /** A Feature with the seed's telemetry properties added to its own; anything else as it is. */
    private static JsonNode asTelemetry(JsonNode feature) {
        JsonNode properties = feature.path("properties");
        if (!feature.isObject() || !(properties.isObject() || properties.isNull())) {
            return feature;
        }
        ObjectNode telemetry = ((ObjectNode) feature).deepCopy();
        ObjectNode merged = properties.isObject() ? ((ObjectNode) properties).deepCopy() : telemetry.objectNode();
        merged.setAll(Payloads.properties(Payloads.seed()));
        telemetry.set("properties", merged);
        return telemetry;
    }

    private static List<Path> fixtures() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".geojson")).sorted().toList();
        }
    }

    private static Path root() {
        try {
            return Path.of(GeoJsonHintCorpusTest.class.getClassLoader().getResource("geojsonhint").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
