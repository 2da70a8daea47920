package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.User;
import org.gatehouse.crypto.Secrets;

/** UserInfo (OpenID Connect Core §5.3), introspection (RFC 7662) and revocation (RFC 7009). */
final class ResourceEndpoints {

    private final ClientAuthenticator clients;
    private final TokenService tokens;
    private final OAuthStore store;
    private final Json json;

    ResourceEndpoints(ClientAuthenticator clients, TokenService tokens, OAuthStore store, Json json) {
        this.clients = clients;
        this.tokens = tokens;
        this.store = store;
        this.json = json;
    }

    void userinfo(Exchange exchange) throws IOException {
        if (!exchange.isPost() && !"GET".equals(exchange.method())) {
            exchange.header("Allow", "GET, POST");
            throw new OAuthException("invalid_request", "UserInfo accepts GET and POST", 405);
        }
        exchange.header("Access-Control-Allow-Origin", "*");
        Optional<String> header = exchange.header("Authorization");
        String token;
        if (header.isPresent()) {
            if (!header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new OAuthException("invalid_request", "Use the Bearer authentication scheme", 401, Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\""));
            }
            token = header.get().substring(7).trim();
        } else if (exchange.isPost() && exchange.parameters().has("access_token")) {
            token = exchange.parameters().require("access_token");
        } else {
            throw new OAuthException("invalid_request", "An access token is required", 401, Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\""));
        }
        TokenService.ActiveToken active = tokens.verifyAccessToken(token)
                .orElseThrow(() -> OAuthException.invalidToken("The access token is invalid, expired or revoked"));
        Grant grant = active.grant().filter(g -> g.user().isPresent())
                .orElseThrow(() -> OAuthException.invalidToken("The access token does not belong to a user"));
        if (!active.token().scopes().contains(Scopes.OPENID)) {
            throw new OAuthException("insufficient_scope", "UserInfo needs the openid scope", 403,
                    Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"openid\""));
        }
        User user = tokens.findUser(grant.organizationId(), grant.user().get())
                .orElseThrow(() -> OAuthException.invalidToken("The user is no longer active"));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", Subjects.of(grant.user().get()));
        tokens.userClaims().add(user, active.token().scopes(), UserClaims.requested(json, grant.claimsRequest(), "userinfo"), claims);
        exchange.json(200, json.write(claims));
    }

    void introspect(Exchange exchange) throws IOException {
        requirePost(exchange);
        Parameters params = exchange.parameters();
        ClientAuthenticator.Client caller = clients.authenticate(exchange, params, false);
        String token = params.require("token");
        String hint = params.get("token_type_hint").orElse("access_token");
        Map<String, Object> answer = "refresh_token".equals(hint)
                ? introspectRefresh(token).or(() -> introspectAccess(token)).orElse(Map.of("active", false))
                : introspectAccess(token).or(() -> introspectRefresh(token)).orElse(Map.of("active", false));
        if (Boolean.TRUE.equals(answer.get("active"))) {
            tokens.log().debug("Client {} introspected a token of {}", caller.application().clientId(), answer.get("client_id"));
        }
        exchange.json(200, json.write(answer));
    }

    private Optional<Map<String, Object>> introspectAccess(String token) {
        return tokens.verifyAccessToken(token).map(active -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("active", true);
            answer.putAll(active.claims());
            answer.put("token_type", "Bearer");
            active.grant().flatMap(Grant::user).ifPresent(u -> answer.put("username", u.username()));
            return answer;
        });
    }

    private Optional<Map<String, Object>> introspectRefresh(String token) {
        Instant now = tokens.now();
        return store.findRefreshToken(TimeOrderedTokens.key(token))
                .filter(r -> r.expires().isAfter(now))
                .flatMap(r -> store.findGrant(r.grantId()).filter(g -> g.activeAt(now)).map(g -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("active", true);
                    answer.put("client_id", r.clientId());
                    answer.put("scope", String.join(" ", r.scopes()));
                    answer.put("exp", r.expires().getEpochSecond());
                    answer.put("iat", r.created().getEpochSecond());
                    answer.put("iss", tokens.issuer());
                    answer.put("token_type", "refresh_token");
                    g.user().ifPresent(u -> {
                        answer.put("sub", Subjects.of(u));
                        answer.put("username", u.username());
                    });
                    return answer;
                }));
    }

    void revoke(Exchange exchange) throws IOException {
        requirePost(exchange);
        Parameters params = exchange.parameters();
        ClientAuthenticator.Client client = clients.authenticate(exchange, params, true);
        OAuth2Server.allowOrigin(exchange, client.application());
        String token = params.require("token");
        String clientId = client.application().clientId();
        Instant now = tokens.now();
        // RFC 7009 §2.2: answer 200 whether or not the token was valid, so nothing is learnt from it
        Optional<OAuthStore.RefreshToken> refresh = store.findRefreshToken(TimeOrderedTokens.key(token));
        if (refresh.isPresent()) {
            if (refresh.get().clientId().equals(clientId)) {
                store.revokeGrant(refresh.get().grantId(), now);
            }
        } else {
            tokens.verifyAccessToken(token)
                    .filter(a -> a.token().clientId().equals(clientId))
                    .ifPresent(a -> tokens.revokeAccessToken(token, a));
        }
        exchange.status(200);
    }

    private static void requirePost(Exchange exchange) {
        if (!exchange.isPost()) {
            exchange.header("Allow", "POST");
            throw new OAuthException("invalid_request", "This endpoint accepts POST only", 405);
        }
    }
}
