package io.incidentfeeds.processor.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** What the benchmark mains share: their {@code --option value} arguments, and end offsets. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** A main's {@code --option value} arguments, read with their defaults. */
    record Options(Map<String, String> values) {

        String get(String name) {
            return values.get(name);
        }

        String text(String name, String otherwise) {
            return values.getOrDefault(name, otherwise);
        }

        int integer(String name, int otherwise) {
            String value = values.get(name);
            return value == null ? otherwise : Integer.parseInt(value);
        }

        double decimal(String name, double otherwise) {
            String value = values.get(name);
            return value == null ? otherwise : Double.parseDouble(value);
        }
    }

    static Options options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return new Options(options);
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }
}
