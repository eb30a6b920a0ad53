package io.incidentfeeds.afteraction.timeline;

import io.incidentfeeds.schemas.json.ContractJson;
import tools.jackson.databind.JsonNode;

/**
 * JSON bytes for a line of NDJSON: the bytes themselves when they can be written as they are, else the
 * same value compacted. Valid UTF-8 JSON holds no byte below 0x20 but whitespace (a control character
 * in a string must be escaped), so a CR or LF byte is a line break between tokens, and any other
 * (a NUL of UTF-16 text, say), or a byte order mark, means text the output cannot carry as is: those
 * rare values are parsed and written again, compact.
 */
final class OneLine {

    private OneLine() {
    }

    /**
     * {@code json}: bytes known to hold one JSON value (read by the processing core or a parser);
     * {@code parsed}: that value as a tree if the caller has it, else null.
     */
    static byte[] of(byte[] json, JsonNode parsed) {
        if (asIs(json)) {
            return json;
        }
        JsonNode value = parsed != null ? parsed : ContractJson.mapper().readTree(json);
        return TimelineOutput.WRITER.writeValueAsBytes(value);
    }

    /** Whether the bytes can be written within a line as they are. */
    static boolean asIs(byte[] json) {
        if (json.length >= 3 && json[0] == (byte) 0xEF && json[1] == (byte) 0xBB && json[2] == (byte) 0xBF) {
            return false;
        }
        for (byte b : json) {
            if (b >= 0 && b < 0x20 && b != '\t') { // negative: a byte of a multi-byte UTF-8 character
                return false;
            }
        }
        return true;
    }
}
