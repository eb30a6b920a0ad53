package io.incidentfeeds.schemas.telemetry;

import io.incidentfeeds.schemas.json.WireEnum;

/** What an edit does: {@code upsert} (the default) writes fields; {@code delete} retracts an incident entered in error. */
public enum EditOp implements WireEnum {
    UPSERT, DELETE
}
