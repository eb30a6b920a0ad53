package io.incidentfeeds.localstack.component;

import io.incidentfeeds.localstack.idp.DemoDirectory;
import io.incidentfeeds.localstack.idp.SigningKey;
import io.incidentfeeds.localstack.idp.TokenEndpoint;
import io.incidentfeeds.localstack.idp.TokenIssuer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The stack's identity provider ({@link TokenEndpoint}, in the launcher's JVM): the demo users of
 * every agency sign in here by OAuth2 and the edge verifies their tokens through its JWKS. Accounts
 * in {@code data.dir/idp-users.txt}, the signing key in {@code data.dir/idp/}, both kept across runs.
 * Plain HTTP on the stack's bind address, like the edge's console and API whose tokens it issues.
 */
public final class IdentityProviderComponent implements Component {

    private final Path dataDir;
    private final String bindAddress;
    private final int port;
    private final Duration ttl;
    private final List<String> agencies;
    private TokenEndpoint endpoint;

    public IdentityProviderComponent(Path dataDir, String bindAddress, int port, Duration ttl, List<String> agencies) {
        this.dataDir = dataDir;
        this.bindAddress = bindAddress;
        this.port = port;
        this.ttl = ttl;
        this.agencies = List.copyOf(agencies);
    }

    @Override
    public String name() {
        return "idp";
    }

    @Override
    public void start(Duration timeout) throws Exception {
        DemoDirectory directory = DemoDirectory.loadOrCreate(accountsFile(), agencies);
        endpoint = new TokenEndpoint(new InetSocketAddress(bindAddress, port),
                SigningKey.loadOrCreate(dataDir.resolve("idp").resolve("signing-key.json")), directory, ttl);
    }

    public Path accountsFile() {
        return dataDir.resolve("idp-users.txt");
    }

    public String issuer() {
        return endpoint.issuer();
    }

    public String jwksUrl() {
        return endpoint.jwksUrl();
    }

    public TokenIssuer tokens() {
        return endpoint.tokens();
    }

    @Override
    public String address() {
        return endpoint.tokenUrl() + " (users and client secrets: " + accountsFile() + ")";
    }

    /** The endpoint runs in this JVM, so a crash is approximated by an immediate stop (its files stay). */
    @Override
    public void kill() {
        close();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }
}
