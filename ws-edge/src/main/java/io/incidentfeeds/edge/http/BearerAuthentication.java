package io.incidentfeeds.edge.http;

import io.incidentfeeds.access.AccessPolicy;
import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.edge.auth.TokenRejectedException;
import io.incidentfeeds.edge.auth.TokenVerifier;
import io.incidentfeeds.schemas.protocol.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * Authentication of the HTTP API and the OGC API: {@code Authorization: Bearer <JWT>}, the same
 * tokens and rules as /ws; the answer is what the token's viewer may see.
 */
public final class BearerAuthentication {

    private static final String PREFIX = "Bearer ";

    private final TokenVerifier verifier;
    private final AccessPolicy policy;

    public BearerAuthentication(TokenVerifier verifier, AccessPolicy policy) {
        this.verifier = verifier;
        this.policy = policy;
    }

    public AccessScope authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCode.AUTH_REQUIRED, "Authorization: Bearer <token> required");
        }
        try {
            return policy.scopeOf(verifier.verify(authorization.substring(PREFIX.length()).trim()).viewer());
        } catch (TokenRejectedException e) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCode.AUTH_FAILED, e.getMessage());
        }
    }
}
