package io.incidentfeeds.processor.bench;

import io.incidentfeeds.schemas.json.ContractJson;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import tools.jackson.core.JacksonException;

/**
 * The baseline: read the raw topic, parse each value as JSON with the contract's mapper and write
 * it back out (bytes through unchanged when they are not JSON). The least a JSON-handling Streams
 * application does, on the same broker, serdes and exactly-once settings as the processor.
 */
final class PassThroughTopology {

    private PassThroughTopology() {
    }

    static Topology build(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(PassThroughTopology::reserialize)
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static byte[] reserialize(byte[] value) {
        try {
            return ContractJson.mapper().writeValueAsBytes(ContractJson.mapper().readTree(value));
        } catch (JacksonException e) {
            return value;
        }
    }
}
