package org.gatehouse.application;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol settings of an application, validated and completed with its template's defaults.
 * In JSON these carry their RFC 7591 / OpenID Connect registration names ({@code redirect_uris},
 * {@code token_endpoint_auth_method}, ...); settings without a registered name are noted.
 *
 * @param redirectUris {@code redirect_uris}, matched exactly (loopback ports excepted, RFC 8252)
 * @param postLogoutRedirectUris {@code post_logout_redirect_uris}
 * @param grantTypes {@code grant_types}
 * @param responseTypes {@code response_types}; only {@code code} is supported
 * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}: {@code client_secret_basic},
 *     {@code client_secret_post}, {@code client_secret_jwt}, {@code private_key_jwt} or {@code none}
 * @param tokenEndpointAuthSigningAlg {@code token_endpoint_auth_signing_alg}
 * @param scopes {@code scope}: the scopes the application may request
 * @param jwks {@code jwks}: the application's public keys as a JWK set JSON document
 * @param jwksUri {@code jwks_uri}
 * @param idTokenSignedResponseAlg {@code id_token_signed_response_alg}, RS256 unless registered
 * @param requestObjectSigningAlg {@code request_object_signing_alg}
 * @param accessTokenFormat {@code access_token_format} (Gatehouse): {@code jwt} or {@code opaque}
 * @param accessTokenSigningAlg {@code access_token_signed_response_alg} (Gatehouse)
 * @param accessTokenLifetime {@code access_token_lifetime} (Gatehouse, seconds)
 * @param refreshTokenIdleLifetime {@code refresh_token_idle_lifetime} (Gatehouse, seconds)
 * @param refreshTokenAbsoluteLifetime {@code refresh_token_absolute_lifetime} (Gatehouse, seconds)
 * @param requirePkce {@code require_pkce} (Gatehouse)
 * @param requirePushedAuthorizationRequests {@code require_pushed_authorization_requests} (RFC 9126)
 * @param requireSignedRequestObject {@code require_signed_request_object} (RFC 9101)
 * @param skipConsent {@code skip_consent} (Gatehouse): a first-party application
 * @param allowedCorsOrigins {@code allowed_cors_origins} (Gatehouse)
 * @param backchannelLogoutUri {@code backchannel_logout_uri}
 * @param backchannelLogoutSessionRequired {@code backchannel_logout_session_required}
 * @param defaultMaxAge {@code default_max_age} (seconds)
 * @param requireAuthTime {@code require_auth_time}
 * @param clientUri {@code client_uri}
 * @param logoUri {@code logo_uri}
 * @param policyUri {@code policy_uri}
 * @param tosUri {@code tos_uri}
 * @param contacts {@code contacts}
 */
public record ClientMetadata(
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        Set<String> grantTypes,
        Set<String> responseTypes,
        String tokenEndpointAuthMethod,
        Optional<String> tokenEndpointAuthSigningAlg,
        Set<String> scopes,
        Optional<String> jwks,
        Optional<URI> jwksUri,
        String idTokenSignedResponseAlg,
        Optional<String> requestObjectSigningAlg,
        AccessTokenFormat accessTokenFormat,
        String accessTokenSigningAlg,
        Duration accessTokenLifetime,
        Duration refreshTokenIdleLifetime,
        Duration refreshTokenAbsoluteLifetime,
        boolean requirePkce,
        boolean requirePushedAuthorizationRequests,
        boolean requireSignedRequestObject,
        boolean skipConsent,
        List<String> allowedCorsOrigins,
        Optional<URI> backchannelLogoutUri,
        boolean backchannelLogoutSessionRequired,
        Optional<Duration> defaultMaxAge,
        boolean requireAuthTime,
        Optional<URI> clientUri,
        Optional<URI> logoUri,
        Optional<URI> policyUri,
        Optional<URI> tosUri,
        List<String> contacts) {

    /** The authentication method of public clients. */
    public static final String AUTH_NONE = "none";

    public ClientMetadata {
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = Set.copyOf(grantTypes);
        responseTypes = Set.copyOf(responseTypes);
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(idTokenSignedResponseAlg, "idTokenSignedResponseAlg");
        Objects.requireNonNull(accessTokenFormat, "accessTokenFormat");
        Objects.requireNonNull(accessTokenSigningAlg, "accessTokenSigningAlg");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(refreshTokenIdleLifetime, "refreshTokenIdleLifetime");
        Objects.requireNonNull(refreshTokenAbsoluteLifetime, "refreshTokenAbsoluteLifetime");
        allowedCorsOrigins = List.copyOf(allowedCorsOrigins);
        contacts = List.copyOf(contacts);
    }

    /** @return whether the application authenticates at the token endpoint (has a secret or keys) */
    public boolean confidential() {
        return !AUTH_NONE.equals(tokenEndpointAuthMethod);
    }
}
