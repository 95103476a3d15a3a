package io.pulsecrm.identity.issuer;

import java.time.Duration;
import java.util.List;

import io.pulsecrm.platform.identity.PartnerClient;
import io.pulsecrm.platform.identity.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients of the directory file as the authorization server's registrations. Every lookup reads the current
 * snapshot, so a client added, changed or removed in the file applies without a restart.
 */
final class DirectoryClients implements RegisteredClientRepository {

    private static final Logger log = LoggerFactory.getLogger(DirectoryClients.class);
    private static final List<String> PUBLIC_CLIENT_GRANTS = List.of(
            AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue());
    private static final List<String> PUBLIC_CLIENT_SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL);

    private final UserDirectory directory;
    private final Duration defaultAccessTokenTtl;

    DirectoryClients(UserDirectory directory, Duration defaultAccessTokenTtl) {
        this.directory = directory;
        this.defaultAccessTokenTtl = defaultAccessTokenTtl;
    }

    /**
     * The file is the registry. The server only saves to re-hash a secret it found in a weaker encoding (such as
     * {@code {noop}}); the file keeps the secret as written, so that is ignored.
     */
    @Override
    public void save(RegisteredClient registeredClient) {
    }

    /** Registration ids are the client ids. */
    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return directory.snapshot().client(clientId).map(this::toRegisteredClient).orElse(null);
    }

    private RegisteredClient toRegisteredClient(PartnerClient client) {
        Duration ttl = client.accessTokenTtl() != null ? client.accessTokenTtl() : defaultAccessTokenTtl;
        RegisteredClient.Builder builder = RegisteredClient.withId(client.id())
                .clientId(client.id())
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(client.postLogoutRedirectUris()))
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(ttl).build());
        if (client.isPublic()) {
            // a browser app cannot keep a secret: PKCE proves the code goes back to whoever asked for it
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantTypes(types -> grants(client.grants().isEmpty() ? PUBLIC_CLIENT_GRANTS : client.grants())
                            .stream()
                            .filter(grant -> !grant.equals(AuthorizationGrantType.CLIENT_CREDENTIALS))
                            .forEach(types::add))
                    .scopes(scopes -> scopes.addAll(client.scopes().isEmpty() ? PUBLIC_CLIENT_SCOPES : client.scopes()))
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build());
        } else {
            builder.clientSecret(client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantTypes(types -> types.addAll(grants(client.grants().isEmpty()
                            ? List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()) : client.grants())))
                    .scopes(scopes -> scopes.addAll(client.scopes()))
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build());
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // one bad entry (say authorization_code without redirectUris) must not break the other clients
            log.warn("client {} in the users directory is unusable: {}", client.id(), e.getMessage());
            return null;
        }
    }

    private static List<AuthorizationGrantType> grants(List<String> names) {
        return names.stream().map(AuthorizationGrantType::new).toList();
    }
}
