package io.incidentfeeds.e2e.bench;

import io.incidentfeeds.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind the pipeline is, stage by stage: messages due but not yet in {@code incidents.raw}
 * (the publishers, MQTT broker and Connect worker), raw records the processor has not committed, and
 * reconciled records the edge has not read (its {@code edge_consumer_lag}). What the edge has read
 * but not yet delivered to slow consoles shows in the latency, not here (it conflates).
 */
final class Backlog implements AutoCloseable {

    private static final String PROCESSOR_GROUP = "incident-feeds-processor";
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("(type|reason)=\"[^\"]*\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Sample(long ingest, long processor, long edge) {
        long total() {
            return ingest + processor + edge;
        }

        @Override
        public String toString() {
            return total() + " (ingest " + ingest + ", processor " + processor + ", edge " + edge + ")";
        }
    }

    private final Admin admin;
    private final String edgeUrl;

    /** @param client the Kafka client properties to read offsets with (bootstrap servers; TLS and a credential on a secured broker) */
    Backlog(Properties client, String edgeUrl) {
        this.admin = Admin.create(client);
        this.edgeUrl = edgeUrl;
    }

    /** Sum of {@code incidents.raw}'s end offsets. */
    long rawEnd() throws Exception {
        return ends().values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** @param due messages due so far in this phase; {@code rawAtStart} the raw end offsets' sum when it began */
    Sample sample(long due, long rawAtStart) throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = ends();
        long rawEnd = ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(PROCESSOR_GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long processor = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            processor += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return new Sample(Math.max(0, due - (rawEnd - rawAtStart)), processor, (long) edgeMetrics().getOrDefault("edge_consumer_lag", 0.0).doubleValue());
    }

    /** Sum of the processor's committed offsets on {@code incidents.raw}: raw records it has processed; -1 if unknown. */
    long processorCommitted() {
        try {
            return admin.listConsumerGroupOffsets(PROCESSOR_GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(Topics.RAW) && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception unavailable) {
            return -1;
        }
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends() throws Exception {
        var description = admin.describeTopics(java.util.List.of(Topics.RAW)).allTopicNames().get(30, TimeUnit.SECONDS).get(Topics.RAW);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.RAW, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * The edge's Prometheus meters, summed over their labels, plus the sums by their {@code type} or
     * {@code reason} label (e.g. {@code edge_closes_total{reason="slow_consumer"}}).
     */
    Map<String, Double> edgeMetrics() {
        Map<String, Double> metrics = new java.util.TreeMap<>();
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(edgeUrl + "/actuator/prometheus")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("edge_")) {
                    int space = line.lastIndexOf(' ');
                    double value = Double.parseDouble(line.substring(space + 1));
                    String series = line.substring(0, space);
                    int brace = series.indexOf('{');
                    String name = brace < 0 ? series : series.substring(0, brace);
                    metrics.merge(name, value, Double::sum);
                    java.util.regex.Matcher label = LABEL.matcher(series);
                    if (label.find()) {
                        metrics.merge(name + "{" + label.group() + "}", value, Double::sum);
                    }
                }
            }
        } catch (Exception unavailable) {
            // a loaded edge may not answer within the timeout: that sample has no edge figures
        }
        return metrics;
    }

    @Override
    public void close() {
        admin.close();
    }
}
