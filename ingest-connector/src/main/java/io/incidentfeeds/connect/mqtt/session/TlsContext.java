package io.incidentfeeds.connect.mqtt.session;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.incidentfeeds.connect.mqtt.config.Stores;
import io.incidentfeeds.connect.mqtt.config.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of {@code ssl://} connections: the trust store validates the broker (with host name
 * verification: the broker's certificate must name the host of the URI), the key store, when given,
 * is the client certificate for mutual TLS.
 */
final class TlsContext {

    private TlsContext() {
    }

    static MqttClientSslConfig build(TlsSettings tls, Duration handshakeTimeout) {
        try {
            MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder()
                    .handshakeTimeout(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (tls.hasTrustStore()) {
                KeyStore trust = Stores.load(tls.trustStorePath(), TlsSettings.chars(tls.trustStorePassword()));
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                builder.trustManagerFactory(tmf);
            }
            if (tls.hasKeyStore()) {
                KeyStore keys = Stores.load(tls.keyStorePath(), TlsSettings.chars(tls.keyStorePassword()));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, tls.effectiveKeyPassword());
                builder.keyManagerFactory(kmf);
            }
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from mqtt.ssl.*: " + e.getMessage(), e);
        }
    }
}
