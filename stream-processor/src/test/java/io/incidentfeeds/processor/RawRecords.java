package io.incidentfeeds.processor;

import io.incidentfeeds.processing.Payloads;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.topics.MqttHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records of {@code incidents.raw} as {@code ingest-connector} writes them (key = MQTT topic, value =
 * payload bytes, {@code mqtt.*} headers), and the contract's JSON view of a Kafka record (key, base64
 * value, headers as strings) for validating what the processor writes against the contract's schemas.
 */
public final class RawRecords {

    private RawRecords() {
    }

    /** The headers the connector puts on a QoS 1 message with packet id 42. */
    public static Headers mqttHeaders(String mqttTopic) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, MqttHeaders.TOPIC, mqttTopic);
        put(headers, MqttHeaders.QOS, "1");
        put(headers, MqttHeaders.RETAINED, "false");
        put(headers, MqttHeaders.DUPLICATE, "false");
        put(headers, MqttHeaders.MESSAGE_ID, "42");
        return headers;
    }

    /** {@code examples/raw-record/valid/<name>.json}: its headers. */
    public static Headers exampleHeaders(String name) {
        RecordHeaders headers = new RecordHeaders();
        example(name).get("headers").properties().forEach(e -> put(headers, e.getKey(), e.getValue().asString()));
        return headers;
    }

    /** {@code examples/raw-record/valid/<name>.json}: its value bytes. */
    public static byte[] exampleValue(String name) {
        return Base64.getDecoder().decode(example(name).get("value").asString());
    }

    /** {@code examples/raw-record/valid/<name>.json}: its key. */
    public static String exampleKey(String name) {
        return example(name).get("key").asString();
    }

    private static JsonNode example(String name) {
        return Payloads.read("examples/raw-record/valid/" + name + ".json");
    }

    /** The contract's JSON form of a record (raw-record and dead-letter-record schemas). */
    public static ObjectNode asContractJson(byte[] key, byte[] value, Headers headers) {
        ObjectNode record = ContractJson.mapper().createObjectNode();
        if (key == null) {
            record.putNull("key");
        } else {
            record.put("key", new String(key, StandardCharsets.UTF_8));
        }
        record.put("value", Base64.getEncoder().encodeToString(value == null ? new byte[0] : value));
        ObjectNode h = record.putObject("headers");
        headerMap(headers).forEach(h::put);
        return record;
    }

    /** Header values as UTF-8 strings, last value of a key wins. */
    public static Map<String, String> headerMap(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header header : headers) {
            map.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    public static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
