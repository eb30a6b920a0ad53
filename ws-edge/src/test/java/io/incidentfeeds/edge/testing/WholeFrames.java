package io.incidentfeeds.edge.testing;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket listener (the JDK's client) that hands each whole text message to {@link #onFrame}:
 * the client may deliver one message in several parts ({@code last} false), which this joins. After
 * each part it asks for the next ({@link #requestNext}), so a console reads as fast as it handles.
 */
public abstract class WholeFrames implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    /** One whole text message from the server. */
    protected abstract void onFrame(WebSocket ws, String frame);

    /** Asks for the next part: {@code ws.request(1)}; a console that pauses holds it back. */
    protected void requestNext(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.isEmpty()) {
            onFrame(ws, data.toString());
        } else {
            partial.append(data);
            String frame = partial.toString();
            partial.setLength(0);
            onFrame(ws, frame);
        }
        requestNext(ws);
        return null;
    }
}
