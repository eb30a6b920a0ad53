package io.incidentfeeds.edge.bench.floor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The update frame every floor and the bare hub send: a real {@code update} of a reconciled
 * incident, with the placeholder {@value #PLACEHOLDER} where its {@code event_time} goes. Rendered
 * once per update with the send time, so the consoles measure latency as they do against the edge
 * (whose records carry their write time there).
 */
public final class FrameTemplate {

    public static final String PLACEHOLDER = "__EVENT_TIME__";

    private final String head;
    private final String tail;

    private FrameTemplate(String frame) {
        int at = frame.indexOf(PLACEHOLDER);
        if (at < 0) {
            throw new IllegalArgumentException("the frame has no " + PLACEHOLDER);
        }
        this.head = frame.substring(0, at);
        this.tail = frame.substring(at + PLACEHOLDER.length());
    }

    public static FrameTemplate read(Path file) throws IOException {
        return new FrameTemplate(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /** The frame as sent now (millisecond time, as the Node hub writes it). */
    public String render() {
        return head + Instant.now().truncatedTo(ChronoUnit.MILLIS) + tail;
    }
}
