package io.incidentfeeds.edge.testing;

import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import io.incidentfeeds.schemas.reconciled.Reconciliation;
import io.incidentfeeds.schemas.reconciled.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Writes reconciled incidents straight to a topic, as the stream processor would: records made from
 * the contract's own example document (examples/reconciled-incident/valid/create.json), with the
 * fields a test cares about changed.
 */
public final class Incidents implements AutoCloseable {

    private static final ReconciledIncident EXAMPLE = example("create.json");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public Incidents(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** The contract's example reconciled incident {@code name} (under examples/reconciled-incident/valid/). */
    public static ReconciledIncident example(String name) {
        try (InputStream in = Incidents.class.getResourceAsStream("/examples/reconciled-incident/valid/" + name)) {
            return ReconciledIncident.fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An incident: a point at (lon, lat), from the example with these fields. */
    public static ReconciledIncident incident(String id, long version, DiffType diff, List<String> agencies,
                                              List<String> jurisdictions, String type, String severity,
                                              double lon, double lat) {
        TreeMap<String, JsonNode> props = new TreeMap<>(EXAMPLE.properties());
        props.put("incident_id", StringNode.valueOf(id));
        props.put("incident_type", StringNode.valueOf(type));
        if (severity != null) {
            props.put("severity", StringNode.valueOf(severity));
        }
        Reconciliation r = EXAMPLE.reconciliation();
        TreeMap<String, Long> clock = new TreeMap<>();
        agencies.forEach(a -> clock.put(a, version));
        Reconciliation rec = new Reconciliation(version, diff, clock, List.copyOf(agencies), List.copyOf(jurisdictions),
                Instant.now(), r.conflicts(), new SourcePosition("incidents.raw", 0, version));
        JsonNode geometry = ContractJson.mapper().readTree("{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}");
        return new ReconciledIncident(id, new double[] {lon, lat, lon, lat}, geometry, props, rec);
    }

    /** A plain incident of one agency and jurisdiction, type fire, at (lon, lat). */
    public static ReconciledIncident simple(String id, long version, DiffType diff, String agency, String jurisdiction,
                                            double lon, double lat) {
        return incident(id, version, diff, List.of(agency), List.of(jurisdiction), "fire", "moderate", lon, lat);
    }

    /** The incident with its {@code reconciliation.event_time} set to {@code eventTime}. */
    public static ReconciledIncident at(ReconciledIncident incident, Instant eventTime) {
        Reconciliation r = incident.reconciliation();
        return new ReconciledIncident(incident.id(), incident.bbox(), incident.geometry(), incident.properties(),
                new Reconciliation(r.version(), r.diffType(), r.clock(), r.agencies(), r.jurisdictions(), eventTime,
                        r.conflicts(), r.source()));
    }

    /** Writes and waits for the broker's acknowledgement. */
    public RecordMetadata write(ReconciledIncident incident) {
        return send(incident.id(), incident.toJson());
    }

    /**
     * Writes with the record time {@code appendTime}, as the processor stamps a version of the
     * history with its raw record's time; waits for the acknowledgement.
     */
    public RecordMetadata write(ReconciledIncident incident, Instant appendTime) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, appendTime.toEpochMilli(), incident.id(), incident.toJson()))
                    .get(90, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    /** Writes all, without waiting for each acknowledgement, then waits for all. */
    public void writeAll(List<ReconciledIncident> incidents) {
        List<java.util.concurrent.Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (ReconciledIncident i : incidents) {
            acks.add(producer.send(new ProducerRecord<>(topic, i.id(), i.toJson())));
        }
        producer.flush();
        for (var ack : acks) {
            try {
                ack.get(90, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot write to " + topic, e);
            }
        }
    }

    /** The incident with a {@code description} of {@code bytes} characters (a large record). */
    public static ReconciledIncident padded(ReconciledIncident incident, int bytes) {
        TreeMap<String, JsonNode> props = new TreeMap<>(incident.properties());
        props.put("description", StringNode.valueOf("x".repeat(bytes)));
        return new ReconciledIncident(incident.id(), incident.bbox(), incident.geometry(), props, incident.reconciliation());
    }

    /** Writes a compaction tombstone for {@code id}. */
    public RecordMetadata tombstone(String id) {
        return send(id, null);
    }

    public RecordMetadata send(String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }
}
