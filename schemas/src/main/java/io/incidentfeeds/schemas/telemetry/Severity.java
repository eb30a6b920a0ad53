package io.incidentfeeds.schemas.telemetry;

import io.incidentfeeds.schemas.json.WireEnum;

/** How bad an incident is; {@code severe} and {@code critical} raise alerts. */
public enum Severity implements WireEnum {
    MINOR, MODERATE, SEVERE, CRITICAL;

    /** Severe and critical incidents go to the alerts channel. */
    public boolean raisesAlert() {
        return this == SEVERE || this == CRITICAL;
    }
}
