package io.incidentfeeds.brokers.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * HiveMQ's side of {@link MqttAccounts}, an embedded extension: an authenticator that admits a
 * client only with an account's user name and password (CONNACK "not authorized" otherwise, MQTT 5
 * 0x87 and 3.1.1 return code 5, as Mosquitto answers), and an authorizer that lets each PUBLISH and
 * each SUBSCRIBE through only when the account may. The user name is kept in the connection's
 * attribute store when it signs in, so the authorizer judges every packet by the connection that
 * sent it.
 */
public final class AccountsExtension implements ExtensionMain {

    private static final String USER = "incident-feeds.mqtt-user";

    private final MqttAccounts accounts;

    private AccountsExtension(MqttAccounts accounts) {
        this.accounts = accounts;
    }

    /** The extension to start an embedded HiveMQ with. */
    public static EmbeddedExtension of(MqttAccounts accounts) {
        return EmbeddedExtension.builder()
                .withId("incident-feeds-accounts")
                .withName("incident-feeds accounts and topic permissions")
                .withVersion("1")
                .withAuthor("incident-feeds")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new AccountsExtension(accounts))
                .build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Authenticator authenticator = new Authenticator();
        Authorizer authorizer = new Authorizer();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // Nothing to release: the registries go with the broker.
    }

    private final class Authenticator implements SimpleAuthenticator {

        @Override
        public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
            ConnectPacket connect = input.getConnectPacket();
            Optional<String> user = connect.getUserName();
            Optional<byte[]> password = connect.getPassword().map(AccountsExtension::bytes);
            if (user.isPresent() && password.isPresent() && accounts.authenticate(user.get(), password.get()).isPresent()) {
                input.getConnectionInformation().getConnectionAttributeStore().putAsString(USER, user.get());
                output.authenticateSuccessfully();
            } else {
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
            }
        }
    }

    private final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            if (accounts.mayPublish(user(input), input.getPublishPacket().getTopic())) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "Not authorized");
            }
        }

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            if (accounts.maySubscribe(user(input), input.getSubscription().getTopicFilter())) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "Not authorized");
            }
        }

        /** The account the connection signed in with. */
        private static String user(ClientBasedInput input) {
            return input.getConnectionInformation().getConnectionAttributeStore().getAsString(USER).orElse(null);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
