package io.incidentfeeds.schemas.protocol;

import io.incidentfeeds.schemas.json.WireEnum;

/**
 * Channels a console subscribes to: incidents it may see, alerts (severe or critical), conflicts
 * (roles eoc and supervisor), and replay (a recorded window played back; roles eoc, supervisor and analyst).
 */
public enum Channel implements WireEnum {
    INCIDENTS, ALERTS, CONFLICTS, REPLAY
}
