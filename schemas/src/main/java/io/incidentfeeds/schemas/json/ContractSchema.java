package io.incidentfeeds.schemas.json;

/** The contract's JSON Schemas, by file under {@code schemas/} on the classpath. */
public enum ContractSchema {
    GEOMETRY("geojson-geometry.schema.json"),
    TELEMETRY("telemetry.schema.json"),
    RAW_RECORD("raw-record.schema.json"),
    DEAD_LETTER_RECORD("dead-letter-record.schema.json"),
    RECONCILED_INCIDENT("reconciled-incident.schema.json"),
    CONFLICT("conflict.schema.json"),
    CHECKPOINT("checkpoint.schema.json"),
    WS_CLIENT_MESSAGE("ws-client-message.schema.json"),
    WS_SERVER_MESSAGE("ws-server-message.schema.json");

    /** Base of every schema's {@code $id}. Never fetched: it is mapped to the classpath. */
    public static final String ID_BASE = "https://incident-feeds.example/schemas/";

    private final String fileName;

    ContractSchema(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public String id() {
        return ID_BASE + fileName;
    }

    public String classpathResource() {
        return "schemas/" + fileName;
    }
}
