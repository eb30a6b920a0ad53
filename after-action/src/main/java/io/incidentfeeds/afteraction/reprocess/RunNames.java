package io.incidentfeeds.afteraction.reprocess;

import io.incidentfeeds.afteraction.ExitCode;
import io.incidentfeeds.afteraction.ReviewException;
import io.incidentfeeds.processor.topology.IncidentTopology;
import io.incidentfeeds.processor.topology.TopicNames;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names a reprocess run under a prefix uses: its output topics (the prefix before the name of each
 * topic the live processor writes), its application id (its consumer group, the first part of its
 * internal topics' names and of its local state), and the group that keeps its window for more
 * instances and {@code --resume}. Only the raw topic is the live one, and it is only read.
 * {@code liveCheckpoints}: the processor's checkpoints topic ({@code topics.checkpoints}), which the run
 * writes under the prefix too when checkpoints are on.
 */
public record RunNames(String prefix, TopicNames live, String liveCheckpoints) {

    /** What follows the prefix in the application id. */
    public static final String APPLICATION = "after-action-reprocess";
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

    public RunNames {
        if (prefix.isEmpty()) {
            throw new ReviewException(ExitCode.PREFIX_IN_USE, "--prefix '' would write to the live topics themselves: give a prefix "
                    + "such as rerun-1. (its topics are then rerun-1." + live.reconciled() + " and so on)");
        }
        if (!LEGAL.matcher(prefix).matches()) {
            throw new ReviewException(ExitCode.USAGE, "--prefix '" + prefix + "': only letters, digits, '.', '_' and '-' may be in a topic name");
        }
    }

    /** The processor's topics for the run: the live raw topic, the prefixed outputs. */
    public TopicNames topics() {
        return new TopicNames(live.raw(), prefix + live.dlq(), prefix + live.reconciled(), prefix + live.history(), prefix + live.conflicts());
    }

    /** The topics the run writes (dead letters, versions, every version, conflicts, checkpoints when they are on). */
    public List<String> written() {
        TopicNames t = topics();
        return List.of(t.dlq(), t.reconciled(), t.history(), t.conflicts(), checkpoints());
    }

    /** The run's checkpoints topic. */
    public String checkpoints() {
        return prefix + liveCheckpoints;
    }

    public String applicationId() {
        return prefix + APPLICATION;
    }

    /** The consumer group no consumer joins: its committed offsets are the window's ends ({@link RawWindow}). */
    public String windowGroup() {
        return applicationId() + "-window";
    }

    /** The topic Kafka Streams moves edits read outside their incident's partition through. */
    public String repartitionTopic() {
        return applicationId() + "-" + IncidentTopology.EDITS_BY_INCIDENT + "-repartition";
    }

    /** Whether {@code topic} is one of the run's internal topics (changelogs, the repartition topic). */
    public boolean isInternal(String topic) {
        return topic.startsWith(applicationId() + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
    }

    /**
     * Refuses a prefix that makes one of the run's topics a live one ({@code live}: every topic name the
     * live pipeline uses), or the run's application id the live processor's.
     */
    public void checkCollision(Collection<String> liveTopics, String liveApplicationId) {
        for (String topic : written()) {
            if (liveTopics.contains(topic)) {
                throw new ReviewException(ExitCode.PREFIX_IN_USE, "--prefix '" + prefix + "' makes " + topic
                        + ", a live topic: choose another prefix");
            }
        }
        if (applicationId().equals(liveApplicationId)) {
            throw new ReviewException(ExitCode.PREFIX_IN_USE, "--prefix '" + prefix + "' makes the application id " + applicationId()
                    + ", the live processor's: choose another prefix");
        }
    }
}
