package io.incidentfeeds.edge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentfeeds.edge.fanout.IncidentFilter;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.schemas.json.WireEnum;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.ClientMessage;
import io.incidentfeeds.schemas.protocol.ProtocolCodec;
import io.incidentfeeds.schemas.CpuBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer over what the /ws handler does with a console's bytes before any state changes: the frame
 * assembler joining the container's parts, and the decoding of a complete frame into a message, its
 * channel, filters and resume position. Nothing may throw, nor decoding take a second of CPU; the assembler hands over exactly the
 * frame it was given, or its exact size in UTF-8 when over the limit. Regression inputs:
 * {@code ClientFramesFuzzTestInputs/} (docs/fuzzing.md).
 */
class ClientFramesFuzzTest {

    private static final List<LiveIncident> INCIDENTS = List.of(incident("create.json"), incident("antimeridian-split.json"));

    static {
        ProtocolCodec.decode("{}"); // loads the schemas once, outside any input's budget
    }

    @FuzzTest(maxDuration = "10m")
    void assemble(FuzzedDataProvider data) {
        int maxBytes = data.consumeInt(0, 1 << 15);
        FrameAssembler assembler = new FrameAssembler(maxBytes);
        for (int frames = data.consumeInt(1, 4); frames > 0; frames--) {
            String text = data.consumeString(1 << 12);
            List<String> parts = split(text, data);
            FrameAssembler.Frame frame = null;
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1;
                frame = assembler.add(parts.get(i), last); // stateful, so libFuzzer's -timeout bounds it, not CpuBudget
                if (!last) {
                    assertNull(frame);
                }
            }
            long bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (!wellFormed(text)) {
                continue; // a container decodes UTF-8 into whole code points: no lone surrogates arrive
            }
            assertEquals(bytes, frame.bytes(), "UTF-8 size of a frame in " + parts.size() + " parts");
            assertEquals(bytes > maxBytes, frame.oversized());
            if (!frame.oversized()) {
                assertEquals(text, frame.text());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] frameBytes) {
        String frame = new String(frameBytes, StandardCharsets.UTF_8);
        CpuBudget.within(() -> {
            handle(frame);
            return null;
        });
    }

    /** The handler's reading of a complete frame, up to the point where it would act on it. */
    private static void handle(String frame) {
        ProtocolCodec.Decoded decoded = ProtocolCodec.decode(frame);
        if (decoded instanceof ProtocolCodec.Decoded.Invalid invalid) {
            assertFalse(invalid.reason().isBlank());
            return;
        }
        ClientMessage message = ((ProtocolCodec.Decoded.Ok) decoded).message();
        if (message instanceof ClientMessage.Subscribe subscribe) {
            WireEnum.fromWire(Channel.class, subscribe.channel());
            IncidentFilter filter = new IncidentFilter(subscribe.filters());
            assertTrue(filter.sameAs(new IncidentFilter(subscribe.filters())));
            INCIDENTS.forEach(filter::matches);
            if (subscribe.resumeFrom() != null) {
                Position.decode(subscribe.resumeFrom());
            }
        } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
            WireEnum.fromWire(Channel.class, unsubscribe.channel());
        }
    }

    /** The parts a container might deliver: cut anywhere, even between the halves of a surrogate pair. */
    private static List<String> split(String text, FuzzedDataProvider data) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (from < text.length() && data.remainingBytes() > 0) {
            int to = data.consumeInt(from, text.length());
            parts.add(text.substring(from, to));
            from = to;
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static LiveIncident incident(String example) {
        try (InputStream in = ClientFramesFuzzTest.class.getResourceAsStream("/examples/reconciled-incident/valid/" + example)) {
            return LiveIncident.fromRecord(in.readAllBytes(), 0, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
