package io.incidentfeeds.localstack.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.incidentfeeds.brokers.secrets.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The local identity provider's RS256 signing key, made on first run and kept (owner-only) in the
 * stack's data directory, so tokens issued before a restart still verify after it. Its {@code kid}
 * is its RFC 7638 thumbprint. {@code --clean} deletes it with the rest of the data: a new key,
 * which the edge picks up by its unknown kid.
 */
public final class SigningKey {

    private SigningKey() {
    }

    public static RSAKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            try {
                return RSAKey.parse(Files.readString(file));
            } catch (ParseException e) {
                throw new IOException("not an RSA JWK: " + file + " (delete it to make a new key)", e);
            }
        }
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an RSA key", e);
        }
        OwnerOnlyFile.write(file, key.toJSONString());
        return key;
    }
}
