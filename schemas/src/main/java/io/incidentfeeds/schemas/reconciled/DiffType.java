package io.incidentfeeds.schemas.reconciled;

import io.incidentfeeds.schemas.json.WireEnum;

/** How a reconciled record changes the live view. */
public enum DiffType implements WireEnum {
    CREATE, UPDATE, DELETE
}
