package io.incidentfeeds.edge.http;

import io.incidentfeeds.edge.audit.AuditLog;
import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.edge.fanout.Fanout;
import io.incidentfeeds.edge.fanout.IncidentFilter;
import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.edge.view.ReconciledFollower;
import io.incidentfeeds.schemas.json.ContractJson;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import io.incidentfeeds.schemas.protocol.Filters;
import io.incidentfeeds.schemas.reconciled.DiffType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP fallback for consoles whose WebSocket fails: the same view, authorization and filters.
 *
 * <ul>
 *   <li>{@code GET /api/incidents?since=<position>&<filters>}: the incidents that changed since the
 *       position and are selected now ({@code features}), the ids of those that left the selection
 *       or were deleted ({@code deleted}), and the new {@code position}. Without {@code since}, or
 *       when it is too old, the full selection with {@code "complete": true}: replace, do not merge.</li>
 *   <li>{@code GET /api/incidents/{id}}: one incident, 404 when it is not live or not visible.</li>
 * </ul>
 */
@RestController
public class IncidentsController {

    private final LiveView view;
    private final ReconciledFollower reader;
    private final BearerAuthentication bearer;
    private final AuditLog audit;

    public IncidentsController(LiveView view, ReconciledFollower reader, TokenVerifier verifier, AccessPolicy policy,
                               AuditLog audit) {
        this.view = view;
        this.reader = reader;
        this.bearer = new BearerAuthentication(verifier, policy);
        this.audit = audit;
    }

    @GetMapping(path = "/api/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> incidents(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                            @RequestParam(required = false) String since,
                                            @RequestParam(required = false) List<String> agencies,
                                            @RequestParam(name = "incident_types", required = false) List<String> types,
                                            @RequestParam(required = false) List<String> status,
                                            @RequestParam(required = false) List<String> severity,
                                            @RequestParam(required = false) String bbox) {
        AccessScope scope = bearer.authenticate(authorization);
        Filters filters = QueryFilters.parse(agencies, types, status, severity, bbox);
        if (!scope.mayFilterBy(filters.agencies())) {
            throw new ApiException(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN,
                    "agency " + scope.viewer().agencyId() + " is not entitled to some of " + filters.agencies());
        }
        requireReady();
        IncidentFilter filter = new IncidentFilter(filters);
        Predicate<LiveIncident> selected = s -> scope.canSee(s) && filter.matches(s);
        Optional<Position> from = since == null ? Optional.empty() : Position.decode(since);
        if (since != null && from.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_MESSAGE, "since is not a position");
        }
        String body = view.read(r -> {
            Optional<List<Change>> changes = from.flatMap(r::changesSince);
            return changes.isPresent()
                    ? changesBody(changes.get(), selected, r.position())
                    : fullBody(r, selected);
        });
        audit.http(scope.viewer().agencyId(), "/api/incidents", 200);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(path = "/api/incidents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> incident(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                           @PathVariable String id) {
        AccessScope scope = bearer.authenticate(authorization);
        requireReady();
        LiveIncident state = view.read(r -> r.get(id));
        if (state == null || !scope.canSee(state)) {
            // Not visible and not there look the same: the answer must not reveal other agencies' incidents.
            audit.http(scope.viewer().agencyId(), "/api/incidents/{id}", 404);
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no live incident " + id + " visible to you");
        }
        audit.http(scope.viewer().agencyId(), "/api/incidents/{id}", 200);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(state.json());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<String> error(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        return response.body(ContractJson.mapper().writeValueAsString(Map.of("error", error)));
    }

    private void requireReady() {
        if (!reader.caughtUp()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SUBSCRIPTION_FAILED,
                    "the live view is still loading: " + reader.status());
        }
    }

    private static String fullBody(LiveView.Reader r, Predicate<LiveIncident> selected) {
        List<String> features = new ArrayList<>();
        for (LiveIncident s : r.incidents()) {
            if (selected.test(s)) {
                features.add(s.json());
            }
        }
        return body(features, List.of(), r.position(), true);
    }

    private static String changesBody(List<Change> changes, Predicate<LiveIncident> selected, Position now) {
        List<String> features = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Change c : changes) {
            DiffType diff = Fanout.diffFor(c, selected);
            if (diff == DiffType.DELETE) {
                deleted.add(c.incidentId());
            } else if (diff != null) {
                features.add(c.liveState().json());
            }
        }
        return body(features, deleted, now, false);
    }

    /** The features are already JSON: concatenated, not parsed again. */
    private static String body(List<String> features, List<String> deleted, Position position, boolean complete) {
        StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        sb.append(String.join(",", features));
        sb.append("],\"deleted\":").append(ContractJson.mapper().writeValueAsString(deleted));
        sb.append(",\"position\":\"").append(position.encode()).append("\",\"complete\":").append(complete).append('}');
        return sb.toString();
    }
}
