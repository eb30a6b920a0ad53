package io.incidentfeeds.edge.ogc;

import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.audit.AuditLog;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.edge.http.ApiException;
import io.incidentfeeds.edge.http.BearerAuthentication;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.LiveView;
import io.incidentfeeds.edge.view.ReconciledFollower;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * OGC API - Features (Part 1, Core, GeoJSON, OpenAPI 3.0) over the live view, under {@code /ogc}:
 * the landing page, {@code /conformance} and {@code /api} for anyone (they hold no incident), and
 * {@code /collections}, {@code /collections/{id}}, {@code /collections/{id}/items} and
 * {@code /collections/{id}/items/{featureId}} with {@code Authorization: Bearer <JWT>}: the same
 * tokens, the same access policy and the same filters as the WebSocket and the HTTP API, so an
 * agency sees exactly what its consoles see. Errors are the standard's exception JSON
 * ({@code {"code", "description"}}). The work is in {@link ItemsQuery}, {@link ItemsPage},
 * {@link OgcDocuments} and {@link OpenApiDocument}; this class only wires them to requests.
 */
@RestController
public class OgcController {

    private static final MediaType GEOJSON = MediaType.parseMediaType(OgcDocuments.GEOJSON);
    private static final MediaType OPENAPI = MediaType.parseMediaType(OgcDocuments.OPENAPI);

    private final LiveView view;
    private final ReconciledFollower reader;
    private final BearerAuthentication bearer;
    private final AuditLog audit;
    private final EdgeProperties.Ogc settings;

    public OgcController(LiveView view, ReconciledFollower reader, TokenVerifier verifier, AccessPolicy policy,
                         AuditLog audit, EdgeProperties props) {
        this.view = view;
        this.reader = reader;
        this.bearer = new BearerAuthentication(verifier, policy);
        this.audit = audit;
        this.settings = props.ogc();
    }

    @GetMapping({"/ogc", "/ogc/"})
    public ResponseEntity<String> landing(@RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        onlyFormat(params);
        return ok(MediaType.APPLICATION_JSON, documents(uri).landing());
    }

    @GetMapping("/ogc/conformance")
    public ResponseEntity<String> conformance(@RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        onlyFormat(params);
        return ok(MediaType.APPLICATION_JSON, documents(uri).conformance());
    }

    @GetMapping("/ogc/api")
    public ResponseEntity<String> api(@RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        onlyFormat(params);
        return ok(OPENAPI, OpenApiDocument.of(documents(uri).base(), settings));
    }

    @GetMapping("/ogc/collections")
    public ResponseEntity<String> collections(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                              @RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        AccessScope scope = bearer.authenticate(authorization);
        onlyFormat(params);
        requireReady();
        Map<OgcCollection, Extent> extents = extents(scope);
        audit.http(scope.viewer().agencyId(), "/ogc/collections", 200);
        return ok(MediaType.APPLICATION_JSON, documents(uri).collections(extents));
    }

    @GetMapping("/ogc/collections/{collectionId}")
    public ResponseEntity<String> collection(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                             @PathVariable String collectionId,
                                             @RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        AccessScope scope = bearer.authenticate(authorization);
        OgcCollection c = collection(collectionId);
        onlyFormat(params);
        requireReady();
        audit.http(scope.viewer().agencyId(), "/ogc/collections/{id}", 200);
        return ok(MediaType.APPLICATION_JSON, documents(uri).collection(c, extents(scope).get(c)));
    }

    @GetMapping("/ogc/collections/{collectionId}/items")
    public ResponseEntity<String> items(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                        @PathVariable String collectionId,
                                        @RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        AccessScope scope = bearer.authenticate(authorization);
        OgcCollection c = collection(collectionId);
        ItemsQuery query = ItemsQuery.parse(params, settings);
        if (!scope.mayFilterBy(query.filter().filters().agencies())) {
            throw new ApiException(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN,
                    "agency " + scope.viewer().agencyId() + " is not entitled to some of " + query.filter().filters().agencies());
        }
        requireReady();
        ItemsPage page = view.read(r -> ItemsPage.gather(r.incidents(), scope::canSee, c, query)).page();
        audit.http(scope.viewer().agencyId(), "/ogc/collections/{id}/items", 200);
        return ok(GEOJSON, documents(uri).items(c, page, query, Instant.now()));
    }

    @GetMapping("/ogc/collections/{collectionId}/items/{featureId}")
    public ResponseEntity<String> item(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                       @PathVariable String collectionId, @PathVariable String featureId,
                                       @RequestParam MultiValueMap<String, String> params, UriComponentsBuilder uri) {
        AccessScope scope = bearer.authenticate(authorization);
        OgcCollection c = collection(collectionId);
        onlyFormat(params);
        requireReady();
        LiveIncident incident = view.read(r -> r.get(featureId));
        if (incident == null || !scope.canSee(incident) || !c.contains(incident)) {
            // Not visible and not there look the same: the answer must not reveal other agencies' incidents.
            audit.http(scope.viewer().agencyId(), "/ogc/collections/{id}/items/{featureId}", 404);
            throw OgcErrors.notFound("no live incident " + featureId + " in " + c.id() + " visible to you");
        }
        audit.http(scope.viewer().agencyId(), "/ogc/collections/{id}/items/{featureId}", 200);
        return ok(GEOJSON, documents(uri).item(c, incident));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<String> error(ApiException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", switch (e.status()) {
            case BAD_REQUEST -> OgcErrors.INVALID_PARAMETER;
            case NOT_FOUND -> OgcErrors.NOT_FOUND;
            default -> e.code();
        });
        body.put("description", e.getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        return response.body(OgcDocuments.write(body));
    }

    /** The public URL of /ogc: the configured one, else this request's scheme, host, port and context path. */
    private OgcDocuments documents(UriComponentsBuilder uri) {
        return new OgcDocuments(settings.baseUrl() != null
                ? settings.baseUrl().toString()
                : uri.replaceQuery(null).path("/ogc").build().toUriString());
    }

    private Map<OgcCollection, Extent> extents(AccessScope scope) {
        Map<OgcCollection, Extent> extents = new EnumMap<>(OgcCollection.class);
        for (OgcCollection c : OgcCollection.values()) {
            extents.put(c, new Extent());
        }
        view.read(r -> {
            for (LiveIncident incident : r.incidents()) {
                if (scope.canSee(incident)) {
                    extents.forEach((c, extent) -> {
                        if (c.contains(incident)) {
                            extent.add(incident);
                        }
                    });
                }
            }
            return null;
        });
        return extents;
    }

    private static OgcCollection collection(String id) {
        return OgcCollection.byId(id).orElseThrow(() -> OgcErrors.notFound("no collection " + id));
    }

    private static void onlyFormat(MultiValueMap<String, String> params) {
        for (String name : params.keySet()) {
            if (!name.equals("f")) {
                throw OgcErrors.invalid("unknown query parameter '" + name + "'");
            }
        }
        OgcDocuments.checkFormat(params.getFirst("f"));
    }

    private void requireReady() {
        if (!reader.caughtUp()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SUBSCRIPTION_FAILED,
                    "the live view is still loading: " + reader.status());
        }
    }

    private static ResponseEntity<String> ok(MediaType type, String body) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noStore()).body(body);
    }
}
