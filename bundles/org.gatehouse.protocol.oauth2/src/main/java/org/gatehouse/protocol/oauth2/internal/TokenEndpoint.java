package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatehouse.application.Application;
import org.gatehouse.crypto.Secrets;

/** {@code /oauth2/token} (RFC 6749 §3.2, RFC 7636, RFC 8628 §3.4). */
final class TokenEndpoint {

    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private final ClientAuthenticator clients;
    private final TokenService tokens;
    private final OAuthStore store;
    private final Json json;
    private final OAuth2Server.Context context;

    TokenEndpoint(ClientAuthenticator clients, TokenService tokens, OAuthStore store, Json json, OAuth2Server.Context context) {
        this.clients = clients;
        this.tokens = tokens;
        this.store = store;
        this.json = json;
        this.context = context;
    }

    void handle(Exchange exchange) throws IOException {
        if (!exchange.isPost()) {
            exchange.header("Allow", "POST");
            throw new OAuthException("invalid_request", "The token endpoint accepts POST only", 405);
        }
        if (!exchange.queryParameters().names().isEmpty()) {
            throw OAuthException.invalidRequest("Send parameters in the body, not in the query");
        }
        Parameters params = exchange.parameters();
        String grantType = params.require("grant_type");
        ClientAuthenticator.Client client = clients.authenticate(exchange, params, true);
        Application app = client.application();
        OAuth2Server.allowOrigin(exchange, app);
        if (!app.metadata().grantTypes().contains(grantType) && isSupported(grantType)) {
            throw OAuthException.unauthorizedClient("This client may not use the grant type " + grantType);
        }
        Map<String, Object> response = switch (grantType) {
            case "client_credentials" -> clientCredentials(client, params);
            case "authorization_code" -> authorizationCode(client, params);
            case "refresh_token" -> refreshToken(client, params);
            case DEVICE_CODE -> deviceCode(client, params);
            default -> throw new OAuthException("unsupported_grant_type", "Unsupported grant_type", 400);
        };
        exchange.header("Pragma", "no-cache");
        exchange.json(200, json.write(response));
    }

    private static boolean isSupported(String grantType) {
        return Set.of("client_credentials", "authorization_code", "refresh_token", DEVICE_CODE).contains(grantType);
    }

    private Map<String, Object> clientCredentials(ClientAuthenticator.Client client, Parameters params) {
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient("Public clients cannot use client_credentials");
        }
        Application app = client.application();
        Set<String> requested = Scopes.parse(params.get("scope").orElse(null));
        Set<String> granted = Scopes.granted(requested, app.metadata().scopes());
        granted.remove(Scopes.OPENID);
        granted.remove(Scopes.OFFLINE_ACCESS);
        if (!requested.isEmpty() && granted.isEmpty()) {
            throw OAuthException.invalidScope("None of the requested scopes is allowed for this client");
        }
        return tokens.issue(app, Optional.empty(), granted, false, false, Optional.empty(), resource(params)).response();
    }

    private Map<String, Object> authorizationCode(ClientAuthenticator.Client client, Parameters params) {
        String code = params.require("code");
        Instant now = context.now();
        OAuthStore.Redeemed<OAuthStore.Code> redeemed = store.redeemCode(Secrets.digest(code), now)
                .orElseThrow(() -> OAuthException.invalidGrant("Unknown, expired or already used authorization code"));
        OAuthStore.Code stored = redeemed.value();
        if (!redeemed.firstUse()) {
            // RFC 6749 §4.1.2 / OAuth 2.1: a replayed code revokes what it issued
            store.revokeGrant(stored.grantId(), now);
            context.log().warn("Authorization code replayed by client {}: grant {} revoked", client.application().clientId(), stored.grantId());
            throw OAuthException.invalidGrant("Unknown, expired or already used authorization code");
        }
        if (!stored.clientId().equals(client.application().clientId())) {
            throw OAuthException.invalidGrant("The authorization code was issued to another client");
        }
        if (stored.expires().isBefore(now)) {
            throw OAuthException.invalidGrant("The authorization code has expired");
        }
        // RFC 6749 §4.1.3: required, and identical, when the authorization request carried one
        if (!stored.redirectUri().isEmpty() && !stored.redirectUri().equals(params.get("redirect_uri").orElse(""))) {
            throw OAuthException.invalidGrant("redirect_uri does not match the authorization request");
        }
        Optional<String> verifier = params.get("code_verifier");
        if (stored.codeChallenge().isPresent()) {
            if (verifier.isEmpty()) {
                throw OAuthException.invalidGrant("code_verifier is required: the authorization request had a code_challenge");
            }
            if (!VERIFIER.matcher(verifier.get()).matches() || !s256Matches(verifier.get(), stored.codeChallenge().get())) {
                throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
            }
        } else if (verifier.isPresent()) {
            // PKCE downgrade: a verifier for a request that carried no challenge
            throw OAuthException.invalidGrant("code_verifier sent, but the authorization request had no code_challenge");
        }
        Grant grant = store.findGrant(stored.grantId()).filter(g -> g.activeAt(now))
                .orElseThrow(() -> OAuthException.invalidGrant("The authorization has been revoked"));
        boolean refresh = client.application().metadata().grantTypes().contains("refresh_token");
        return tokens.issue(client.application(), Optional.of(grant), grant.scopes(), refresh, grant.scopes().contains(Scopes.OPENID),
                stored.nonce(), resource(params)).response();
    }

    static boolean s256Matches(String verifier, String challenge) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> refreshToken(ClientAuthenticator.Client client, Parameters params) {
        String token = params.require("refresh_token");
        Instant now = context.now();
        OAuthStore.RefreshRedemption redeemed = store.redeemRefreshToken(TimeOrderedTokens.key(token), now)
                .orElseThrow(() -> OAuthException.invalidGrant("Unknown, expired or revoked refresh token"));
        OAuthStore.RefreshToken stored = redeemed.token();
        if (!stored.clientId().equals(client.application().clientId())) {
            throw OAuthException.invalidGrant("Unknown, expired or revoked refresh token");
        }
        if (!redeemed.firstUse()) {
            // rotation with reuse detection: a used refresh token coming back means it leaked
            store.revokeGrant(stored.grantId(), now);
            context.log().warn("Refresh token reused by client {}: token family {} revoked", stored.clientId(), stored.grantId());
            throw OAuthException.invalidGrant("Unknown, expired or revoked refresh token");
        }
        if (stored.expires().isBefore(now)) {
            throw OAuthException.invalidGrant("The refresh token has expired");
        }
        Grant grant = redeemed.grant().filter(g -> g.activeAt(now))
                .orElseThrow(() -> OAuthException.invalidGrant("Unknown, expired or revoked refresh token"));
        if (grant.user().isPresent() && tokens.findUser(grant.organizationId(), grant.user().get()).isEmpty()) {
            store.revokeGrant(grant.id(), now);
            throw OAuthException.invalidGrant("The user is no longer active");
        }
        Set<String> scopes = stored.scopes();
        if (params.has("scope")) {
            Set<String> requested = Scopes.parse(params.require("scope"));
            if (!stored.scopes().containsAll(requested)) {
                throw OAuthException.invalidScope("A refresh may only narrow the scope");
            }
            scopes = requested;
        }
        // OpenID Connect Core §12.2: a refresh response may omit the ID token; the client keeps the one it has
        return tokens.issue(client.application(), Optional.of(grant), scopes, true, false, Optional.empty(), resource(params)).response();
    }

    private Map<String, Object> deviceCode(ClientAuthenticator.Client client, Parameters params) {
        String deviceCode = params.require("device_code");
        Instant now = context.now();
        OAuthStore.DeviceCode device = store.findDevice(Secrets.digest(deviceCode))
                .filter(d -> d.clientId().equals(client.application().clientId()))
                .orElseThrow(() -> OAuthException.invalidGrant("Unknown device_code"));
        if (device.expires().isBefore(now)) {
            throw new OAuthException("expired_token", "The device code has expired", 400);
        }
        switch (device.status()) {
            case DeviceEndpoints.PENDING -> {
                int interval = device.intervalSeconds();
                boolean tooFast = device.lastPoll().map(p -> p.plusSeconds(device.intervalSeconds()).isAfter(now)).orElse(false);
                if (tooFast) {
                    interval += 5;
                }
                store.recordPoll(device.digest(), now, interval);
                throw tooFast ? new OAuthException("slow_down", "Polling too fast: wait " + interval + " s between requests", 400)
                        : new OAuthException("authorization_pending", "The user has not finished yet", 400);
            }
            case DeviceEndpoints.DENIED -> throw new OAuthException("access_denied", "The user denied the request", 400);
            case DeviceEndpoints.APPROVED -> {
                if (!store.transitionDevice(device.digest(), DeviceEndpoints.APPROVED, DeviceEndpoints.USED, null)) {
                    throw OAuthException.invalidGrant("The device code was already used");
                }
                Grant grant = store.findGrant(device.grantId().orElseThrow()).filter(g -> g.activeAt(now))
                        .orElseThrow(() -> OAuthException.invalidGrant("The authorization has been revoked"));
                return tokens.issue(client.application(), Optional.of(grant), grant.scopes(),
                        client.application().metadata().grantTypes().contains("refresh_token"), grant.scopes().contains(Scopes.OPENID),
                        Optional.empty(), resource(params)).response();
            }
            default -> throw OAuthException.invalidGrant("The device code was already used");
        }
    }

    /** RFC 8707 resource indicator: the audience of the access token, an absolute URI without fragment. */
    private static Optional<String> resource(Parameters params) {
        Optional<String> resource = params.get("resource");
        resource.ifPresent(r -> {
            try {
                java.net.URI uri = new java.net.URI(r);
                if (!uri.isAbsolute() || uri.getFragment() != null) {
                    throw new OAuthException("invalid_target", "resource must be an absolute URI without a fragment", 400);
                }
            } catch (java.net.URISyntaxException e) {
                throw new OAuthException("invalid_target", "resource must be an absolute URI without a fragment", 400);
            }
        });
        return resource;
    }
}
