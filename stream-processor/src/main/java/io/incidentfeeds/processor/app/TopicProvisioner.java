package io.incidentfeeds.processor.app;

import io.incidentfeeds.processor.topology.TopicNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the processor's topics if missing (mode {@code create}: raw, dlq, reconciled, history,
 * conflicts) and checks those that exist (modes {@code create} and {@code check}):
 * {@code incidents.reconciled} must be compacted (a deleting policy would lose incidents) and
 * {@code incidents.history} must not be (compaction would keep only each incident's last version),
 * or the processor refuses to start; so must {@code incidents.checkpoints} (with checkpoints on), which
 * must also keep the producer's times (CreateTime). {@code incidents.raw} is created with
 * {@code topics.raw.timestamp-type} (LogAppendTime by default; another type on an existing one is
 * logged). A raw, dead-letter, conflicts or history retention shorter than
 * {@code topics.raw.retention-ms}, or a partition count other than configured, is logged as a
 * warning (changing either on a live topic is an operator's decision).
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_S = 60;

    private final ProcessorConfig config;

    public TopicProvisioner(ProcessorConfig config) {
        this.config = config;
    }

    /** What each topic should look like: name -> topic configs. */
    Map<String, Map<String, String>> wanted() {
        TopicNames t = config.topics();
        // Every record written from a raw record keeps its record time (a replay writes the same
        // records), and a broker deletes by record time: a topic written from raw that kept less
        // than raw would lose a replay's older dead letters and conflicts at its next retention
        // check, minutes after they were written. So those keep what raw keeps.
        Map<String, String> keptAsLongAsRaw = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.rawRetentionMs()));
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        wanted.put(t.raw(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.rawRetentionMs()),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, config.rawTimestampType()));
        wanted.put(t.dlq(), keptAsLongAsRaw);
        wanted.put(t.reconciled(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        wanted.put(t.history(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.historyRetentionMs())));
        wanted.put(t.conflicts(), keptAsLongAsRaw);
        if (config.checkpoints().enabled()) {
            // CreateTime: a checkpoint's records carry its instant (stream time), which readers seek by.
            wanted.put(config.checkpoints().topic(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.checkpointsRetentionMs()),
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));
        }
        return wanted;
    }

    public void provision(Admin admin) {
        String mode = config.provisioning();
        if (mode.equals("off")) {
            return;
        }
        try {
            Map<String, Map<String, String>> wanted = wanted();
            Map<String, TopicDescription> existing = new LinkedHashMap<>();
            List<NewTopic> missing = new ArrayList<>();
            for (var e : admin.describeTopics(wanted.keySet()).topicNameValues().entrySet()) {
                try {
                    existing.put(e.getKey(), e.getValue().get(TIMEOUT_S, TimeUnit.SECONDS));
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw ex;
                    }
                    missing.add(new NewTopic(e.getKey(), Optional.of(config.partitions()), config.replicationFactor())
                            .configs(wanted.get(e.getKey())));
                }
            }
            if (!missing.isEmpty()) {
                if (mode.equals("check")) {
                    throw new IllegalStateException("topics missing (topics.provisioning=check): "
                            + missing.stream().map(NewTopic::name).toList());
                }
                for (var r : admin.createTopics(missing).values().entrySet()) {
                    try {
                        r.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                        LOG.info("created topic {}", r.getKey());
                    } catch (ExecutionException ex) {
                        if (!(ex.getCause() instanceof TopicExistsException)) { // another instance was faster
                            throw ex;
                        }
                    }
                }
            }
            check(admin, existing);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: broker did not answer in " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        }
    }

    private void check(Admin admin, Map<String, TopicDescription> existing)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (existing.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = existing.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        TopicNames t = config.topics();
        for (var e : existing.entrySet()) {
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, e.getKey()));
            String policy = value(c, TopicConfig.CLEANUP_POLICY_CONFIG);
            if (e.getKey().equals(t.reconciled()) && (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT))) {
                throw new IllegalStateException("topic " + t.reconciled() + " has cleanup.policy=" + policy
                        + "; it must be compacted (the latest state of every incident must survive)");
            }
            if (e.getKey().equals(t.history()) && (policy == null || policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT))) {
                throw new IllegalStateException("topic " + t.history() + " has cleanup.policy=" + policy
                        + "; it must be delete (compaction would keep only each incident's last version)");
            }
            if (e.getKey().equals(t.raw())) {
                warnIfKeptLessThanRaw(c, t.raw(), "replay reaches less far back");
                String type = value(c, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
                if (!config.rawTimestampType().equals(type)) {
                    LOG.warn("topic {} has message.timestamp.type={}, topics.raw.timestamp-type={} (left as is): with CreateTime, "
                            + "record times are the producer's, and 'known at' in an after-action review is only as exact as they are "
                            + "ordered", t.raw(), type, config.rawTimestampType());
                }
            } else if (e.getKey().equals(config.checkpoints().topic())) {
                if (policy == null || policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    throw new IllegalStateException("topic " + e.getKey() + " has cleanup.policy=" + policy
                            + "; it must be delete (compaction would keep one chunk of each task's checkpoints)");
                }
                if (!"CreateTime".equals(value(c, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))) {
                    throw new IllegalStateException("topic " + e.getKey() + " must have message.timestamp.type=CreateTime: "
                            + "readers find a checkpoint by its instant");
                }
                warnIfKeptLessThanRaw(c, e.getKey(), "a review before the oldest checkpoint recomputes from the raw topic's start");
            } else if (e.getKey().equals(t.history())) {
                warnIfKeptLessThanRaw(c, t.history(), "versions expire before the raw records they were computed from");
            } else if (e.getKey().equals(t.dlq()) || e.getKey().equals(t.conflicts())) {
                warnIfKeptLessThanRaw(c, e.getKey(), "a replay's older records are deleted as they are written");
            }
            int partitions = e.getValue().partitions().size();
            if (partitions != config.partitions()) {
                LOG.warn("topic {} has {} partitions, topics.partitions={} (left as is)", e.getKey(), partitions, config.partitions());
            }
        }
    }

    private void warnIfKeptLessThanRaw(Config c, String topic, String consequence) {
        long retention = Long.parseLong(value(c, TopicConfig.RETENTION_MS_CONFIG));
        long want = config.rawRetentionMs();
        if (retention != -1 && (want == -1 || retention < want)) {
            LOG.warn("topic {} keeps records {} ms, less than topics.raw.retention-ms={}: {}", topic, retention, want, consequence);
        }
    }

    /** The partitions of {@code topic}, which must exist. */
    public static int partitionsOf(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": broker did not answer in " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    private static String value(Config c, String name) {
        ConfigEntry entry = c == null ? null : c.get(name);
        return entry == null ? null : entry.value();
    }
}
