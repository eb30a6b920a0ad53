package io.incidentfeeds.connect.mqtt.config;

import java.nio.charset.StandardCharsets;

/** MQTT topic-filter rules (MQTT 5 section 4.7) and the shared-subscription form of a filter. */
public final class TopicFilters {

    private static final String SHARE_PREFIX = "$share/";

    private TopicFilters() {
    }

    /**
     * Checks one topic filter as a broker would, so that a typo fails at validation instead of as a
     * SUBACK failure (or, worse, a subscription that silently matches nothing).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void check(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("an empty topic filter");
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            throw new IllegalArgumentException("'" + filter + "' is already a shared subscription; list plain filters"
                    + " and set mqtt.shared.subscription.group (used when tasks.max > 1)");
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > 65_535) {
            throw new IllegalArgumentException("a topic filter longer than 65,535 bytes");
        }
        if (filter.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("'" + filter + "' contains a NUL character");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'" + filter + "': '#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'" + filter + "': '+' must be a whole level");
            }
        }
    }

    /** A name usable as the share name of {@code $share/{group}/{filter}}. */
    public static void checkShareGroup(String group) {
        if (group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#")) {
            throw new IllegalArgumentException("'" + group + "' is not a valid share name: it must be non-empty and"
                    + " contain none of '/', '+', '#'");
        }
    }

    /** {@code $share/{group}/{filter}}: the broker hands each message to one member of the group. */
    public static String shared(String group, String filter) {
        return SHARE_PREFIX + group + "/" + filter;
    }
}
