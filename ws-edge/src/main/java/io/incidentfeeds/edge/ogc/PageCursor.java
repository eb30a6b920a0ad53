package io.incidentfeeds.edge.ogc;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a {@code next} link: the id of the last feature of the page, since
 * pages are in id order (keyset paging). Over a live view that changes between two pages this
 * never repeats a feature and never skips one that stayed; limit/offset would do both as
 * incidents come and go. Base64url, so clients do not take it for something to edit.
 */
final class PageCursor {

    private static final String PREFIX = "id:";
    private static final int MAX_LENGTH = 400;

    private PageCursor() {
    }

    static String after(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id a cursor continues after. */
    static String lastId(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw OgcErrors.invalid("cursor: not one this server made");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
                    .toString();
            if (!text.startsWith(PREFIX) || text.length() == PREFIX.length()) {
                throw OgcErrors.invalid("cursor: not one this server made");
            }
            return text.substring(PREFIX.length());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw OgcErrors.invalid("cursor: not one this server made");
        }
    }
}
