package io.incidentfeeds.afteraction.reprocess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a reprocess run inside its window: Kafka Streams' main consumer hands the topology no raw
 * record at or past its partition's end ({@link RawWindow}); records of other topics (the repartition
 * topic) pass. Set on the run's Kafka Streams configuration as {@code main.consumer.interceptor.classes},
 * with {@link #TOPIC} and {@link #ENDS} beside it. The live topology stays as it is: the records past
 * the window never reach it.
 */
public final class WindowEndInterceptor implements ConsumerInterceptor<byte[], byte[]> {

    /** The raw topic's name. */
    public static final String TOPIC = "incidentfeeds.reprocess.raw-topic";
    /** The window's ends, {@code partition:end,...}. */
    public static final String ENDS = "incidentfeeds.reprocess.window-ends";

    private String topic;
    private Map<Integer, Long> ends = Map.of();

    @Override
    public void configure(Map<String, ?> configs) {
        topic = String.valueOf(configs.get(TOPIC));
        ends = RawWindow.parseEnds(String.valueOf(configs.get(ENDS)));
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        boolean past = false;
        for (TopicPartition tp : records.partitions()) {
            if (tp.topic().equals(topic)) {
                List<ConsumerRecord<byte[], byte[]>> in = records.records(tp);
                past |= in.get(in.size() - 1).offset() >= ends.getOrDefault(tp.partition(), 0L);
            }
        }
        if (!past) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> in = records.records(tp);
            if (tp.topic().equals(topic)) {
                long end = ends.getOrDefault(tp.partition(), 0L);
                in = in.stream().filter(r -> r.offset() < end).toList();
            }
            if (!in.isEmpty()) {
                kept.put(tp, in);
            }
        }
        return new ConsumerRecords<>(kept, records.nextOffsets());
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // nothing to do: the run's progress is read from the group's committed offsets
    }

    @Override
    public void close() {
        // holds nothing
    }
}
