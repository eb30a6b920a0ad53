package io.incidentfeeds.edge.demo;

import io.incidentfeeds.edge.EdgeProperties;
import io.incidentfeeds.edge.auth.ConsolePrincipal;
import io.incidentfeeds.edge.auth.TokenRejectedException;
import io.incidentfeeds.edge.auth.TokenVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/demo/tokens}, in demo mode only ({@code edge.demo.tokens-file} set, as the local
 * stack does): the console's "pick a demo agency" sign-in. The file is read at each request, so
 * tokens a restarted stack writes show at once; a token this edge would refuse (expired, another
 * secret) is not offered.
 */
@RestController
@ConditionalOnProperty(prefix = "edge.demo", name = "tokens-file")
public class DemoTokenOffer {

    private final Path tokensFile;
    private final TokenVerifier verifier;

    public DemoTokenOffer(EdgeProperties properties, TokenVerifier verifier) {
        this.tokensFile = properties.demo().tokensFile();
        this.verifier = verifier;
    }

    @GetMapping(path = "/api/demo/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> tokens() throws IOException {
        List<Map<String, Object>> offered = new ArrayList<>();
        List<String> lines = Files.exists(tokensFile) ? Files.readAllLines(tokensFile) : List.of();
        for (String line : lines) {
            int tab = line.indexOf('\t');
            if (line.startsWith("#") || tab < 0) {
                continue;
            }
            String token = line.substring(tab + 1).trim();
            try {
                ConsolePrincipal principal = verifier.verify(token);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("label", line.substring(0, tab).trim());
                entry.put("agency_id", principal.agencyId());
                entry.put("roles", principal.roles());
                entry.put("token", token);
                offered.add(entry);
            } catch (TokenRejectedException refused) {
                // not a token this edge accepts: not offered
            }
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("tokens", offered));
    }
}
