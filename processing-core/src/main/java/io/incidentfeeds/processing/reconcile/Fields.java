package io.incidentfeeds.processing.reconcile;

import java.util.List;

/** Names of the fields reconciliation treats specially; every other property is a plain field. */
final class Fields {

    static final String INCIDENT_ID = "incident_id";
    static final String INCIDENT_TYPE = "incident_type";
    static final String STATUS = "status";
    static final String SEVERITY = "severity";
    static final String GEOMETRY = "geometry";
    /** The incident's deletion: written true by op delete, false by every other edit. */
    static final String DELETED = "deleted";

    /** Fields every edit carries (see {@link CarriedField}), in the order they are listed. */
    static final List<String> ALWAYS_CARRIED = List.of(INCIDENT_TYPE, STATUS);

    /** The contract's limit on a reconciled incident's properties. */
    static final int MAX_PROPERTIES = 64;

    private Fields() {
    }
}
