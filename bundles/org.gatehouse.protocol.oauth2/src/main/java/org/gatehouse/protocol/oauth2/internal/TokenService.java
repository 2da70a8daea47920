package org.gatehouse.protocol.oauth2.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.application.AccessTokenFormat;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.protocol.oauth2.VerifiedAccessToken;

/**
 * Issues access, refresh and ID tokens, and verifies access tokens. JWT access tokens for client
 * credentials touch no database; opaque tokens and everything user-related do.
 */
final class TokenService {

    static final String AT_JWT = "at+jwt";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenService.class);

    private final OAuthStore store;
    private final Jwts jwts;
    private final Json json;
    private final Applications applications;
    private final UserDirectory directory;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final int idTokenLifetime;
    private final UserClaims userClaims;
    /**
     * Signatures already checked: resource servers introspect the same token again and again, and a
     * signature check costs far more than the revocation lookup that still runs every time.
     */
    private final VerifiedTokenCache verifiedJwts = new VerifiedTokenCache(10_000);

    TokenService(OAuthStore store, Jwts jwts, Json json, Applications applications, UserDirectory directory, Clock clock,
            Supplier<String> issuer, int idTokenLifetime, UserClaims userClaims) {
        this.store = store;
        this.jwts = jwts;
        this.json = json;
        this.applications = applications;
        this.directory = directory;
        this.clock = clock;
        this.issuer = issuer;
        this.idTokenLifetime = idTokenLifetime;
        this.userClaims = userClaims;
    }

    Instant now() {
        return clock.instant();
    }

    UserClaims userClaims() {
        return userClaims;
    }

    String issuer() {
        return issuer.get();
    }

    org.slf4j.Logger log() {
        return LOG;
    }

    /** What the token endpoint answers with (RFC 6749 §5.1). */
    record Issued(Map<String, Object> response, String accessToken, String tokenId) {}

    /**
     * @param grant the grant the tokens descend from; empty for client credentials
     * @param refresh whether to issue a refresh token
     * @param nonce for an ID token: the nonce of the authorization request
     * @param idToken whether to issue an ID token
     */
    Issued issue(Application app, Optional<Grant> grant, Set<String> scopes, boolean refresh, boolean idToken, Optional<String> nonce,
            Optional<String> audience) {
        Instant now = now();
        long iat = now.getEpochSecond();
        long lifetime = app.metadata().accessTokenLifetime().toSeconds();
        String tokenId = grant.map(g -> g.id() + "." + Secrets.generate(16)).orElseGet(() -> Secrets.generate(16));

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("sub", grant.flatMap(Grant::user).map(Subjects::of).orElse(app.clientId()));
        claims.put("aud", audience.orElse(issuer.get()));
        claims.put("exp", iat + lifetime);
        claims.put("iat", iat);
        claims.put("jti", tokenId);
        claims.put("client_id", app.clientId());
        if (!scopes.isEmpty()) {
            claims.put("scope", String.join(" ", scopes));
        }
        grant.flatMap(Grant::authTime).ifPresent(t -> claims.put("auth_time", t.getEpochSecond()));
        grant.filter(g -> g.user().isPresent()).ifPresent(g -> {
            if (!g.acr().isEmpty()) {
                claims.put("acr", g.acr());
            }
            if (!g.amr().isEmpty()) {
                claims.put("amr", List.copyOf(g.amr()));
            }
        });

        String accessToken;
        if (app.metadata().accessTokenFormat() == AccessTokenFormat.OPAQUE) {
            accessToken = TimeOrderedTokens.generate(now);
            store.insertOpaqueToken(TimeOrderedTokens.key(accessToken), json.writeString(claims), now.plusSeconds(lifetime));
        } else {
            accessToken = jwts.sign(claims, app.metadata().accessTokenSigningAlg(), AT_JWT);
        }

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", accessToken);
        response.put("token_type", "Bearer");
        response.put("expires_in", lifetime);
        if (!scopes.isEmpty()) {
            response.put("scope", String.join(" ", scopes));
        }
        if (refresh && grant.isPresent()) {
            response.put("refresh_token", issueRefreshToken(app, grant.get(), scopes, now));
        }
        if (idToken && grant.isPresent() && grant.get().user().isPresent()) {
            response.put("id_token", idToken(app, grant.get(), scopes, nonce, Optional.of(accessToken), now));
        }
        return new Issued(response, accessToken, tokenId);
    }

    private String issueRefreshToken(Application app, Grant grant, Set<String> scopes, Instant now) {
        String token = TimeOrderedTokens.generate(now);
        Instant idle = now.plus(app.metadata().refreshTokenIdleLifetime());
        Instant expires = idle.isBefore(grant.expires()) ? idle : grant.expires();
        store.insertRefreshToken(TimeOrderedTokens.key(token), new OAuthStore.RefreshToken(grant.id(), app.clientId(), scopes, now, expires));
        return token;
    }

    String idToken(Application app, Grant grant, Set<String> scopes, Optional<String> nonce, Optional<String> accessToken, Instant now) {
        UserRef user = grant.user().orElseThrow();
        String alg = app.metadata().idTokenSignedResponseAlg();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("sub", Subjects.of(user));
        claims.put("aud", app.clientId());
        claims.put("exp", now.getEpochSecond() + idTokenLifetime);
        claims.put("iat", now.getEpochSecond());
        grant.authTime().ifPresent(t -> claims.put("auth_time", t.getEpochSecond()));
        nonce.ifPresent(n -> claims.put("nonce", n));
        if (!grant.acr().isEmpty()) {
            claims.put("acr", grant.acr());
        }
        if (!grant.amr().isEmpty()) {
            claims.put("amr", List.copyOf(grant.amr()));
        }
        claims.put("azp", app.clientId());
        accessToken.ifPresent(at -> claims.put("at_hash", Jwts.halfHash(at, alg)));
        grant.sessionId().ifPresent(sid -> claims.put("sid", sid));
        Set<String> requested = UserClaims.requested(json, grant.claimsRequest(), "id_token");
        findUser(grant.organizationId(), user).ifPresent(u -> userClaims.add(u, scopes, requested, claims));
        return jwts.sign(claims, alg, "JWT");
    }

    Optional<User> findUser(String organizationId, UserRef user) {
        OrganizationRef org = organization(organizationId);
        return directory.store(user.domain()).flatMap(s -> s.findUserById(org, user.id())).filter(User::active);
    }

    static OrganizationRef organization(String organizationId) {
        return OrganizationRef.ROOT_ID.equals(organizationId) ? OrganizationRef.root() : new OrganizationRef(organizationId, organizationId);
    }

    /** An access token that checked out, with the claims it carries. */
    record ActiveToken(VerifiedAccessToken token, Map<String, Object> claims, Optional<Grant> grant) {}

    /** @return the access token when it is active (signature or handle, expiry, revocation, client, user) */
    Optional<ActiveToken> verifyAccessToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        Instant now = now();
        Map<String, Object> claims;
        if (Jwts.looksLikeJwt(token)) {
            claims = verifiedJwts.get(token);
            if (claims == null) {
                Optional<Jwts.Verified> jwt = jwts.verify(token);
                if (jwt.isEmpty() || !AT_JWT.equals(jwt.get().header().get("typ"))) {
                    return Optional.empty();
                }
                claims = jwt.get().claims();
                verifiedJwts.put(token, claims);
            }
        } else {
            Optional<String> stored = store.findOpaqueToken(TimeOrderedTokens.key(token), now);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            claims = json.readObject(stored.get());
        }
        if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= now.getEpochSecond()
                || !issuer.get().equals(claims.get("iss"))
                || !(claims.get("jti") instanceof String jti) || !(claims.get("client_id") instanceof String clientId)) {
            return Optional.empty();
        }
        Optional<Application> app = applications.findByClientId(clientId);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        int dot = jti.indexOf('.');
        Optional<Grant> grant = Optional.empty();
        if (dot > 0) {
            grant = store.findGrant(jti.substring(0, dot));
            if (grant.isEmpty() || !grant.get().activeAt(now) || store.anyRevoked(jti, null)) {
                return Optional.empty();
            }
        } else if (store.anyRevoked(jti, null)) {
            return Optional.empty();
        }
        Set<String> scopes = OAuthStore.split(claims.get("scope") instanceof String s ? s : "");
        long iat = claims.get("iat") instanceof Number n ? n.longValue() : exp.longValue();
        VerifiedAccessToken verified = new VerifiedAccessToken(jti, clientId, app.get().organizationId(), grant.flatMap(Grant::user), scopes,
                Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp.longValue()), grant.flatMap(Grant::authTime));
        return Optional.of(new ActiveToken(verified, claims, grant));
    }

    /** Revokes an access token (JWT: by id until it expires; opaque: the handle). */
    void revokeAccessToken(String token, ActiveToken active) {
        if (Jwts.looksLikeJwt(token)) {
            store.revoke(active.token().tokenId(), active.token().expiresAt());
        } else {
            store.deleteOpaqueToken(TimeOrderedTokens.key(token));
        }
    }

    static List<String> list(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String s) {
            result.add(s);
        } else if (value instanceof List<?> l) {
            l.forEach(v -> result.add(String.valueOf(v)));
        }
        return result;
    }
}
