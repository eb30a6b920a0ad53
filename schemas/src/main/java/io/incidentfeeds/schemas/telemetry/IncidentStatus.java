package io.incidentfeeds.schemas.telemetry;

import io.incidentfeeds.schemas.json.WireEnum;

/** Lifecycle of an incident: {@code active -> contained -> resolved}. */
public enum IncidentStatus implements WireEnum {
    ACTIVE, CONTAINED, RESOLVED
}
