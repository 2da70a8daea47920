package org.gatehouse.protocol.oauth2.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.application.ClientMetadata;

/**
 * Client authentication at the token, introspection, revocation, PAR and device endpoints (RFC 6749
 * §2.3, RFC 7523 §2.2, OpenID Connect Core §9): {@code client_secret_basic}, {@code
 * client_secret_post}, {@code client_secret_jwt}, {@code private_key_jwt}, and {@code none} for
 * public clients. Each client uses the one method it registered.
 */
final class ClientAuthenticator {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    private static final long MAX_ASSERTION_LIFETIME = 600;

    private final Applications applications;
    private final OAuthStore store;
    private final ClientKeys clientKeys;
    private final OAuth2Server.Context context;

    ClientAuthenticator(Applications applications, OAuthStore store, ClientKeys clientKeys, OAuth2Server.Context context) {
        this.applications = applications;
        this.store = store;
        this.clientKeys = clientKeys;
        this.context = context;
    }

    /** An authenticated client and how it authenticated. */
    record Client(Application application, String method) {
        boolean isPublic() {
            return ClientMetadata.AUTH_NONE.equals(method);
        }
    }

    /**
     * @param allowPublic whether a public client (client_id only) is acceptable at this endpoint
     * @throws OAuthException invalid_client (401) for anything that is not a valid authentication
     */
    Client authenticate(Exchange exchange, Parameters params, boolean allowPublic) {
        Optional<String> authorization = exchange.header("Authorization");
        boolean basic = authorization.isPresent() && authorization.get().regionMatches(true, 0, "Basic ", 0, 6);
        int methods = (basic ? 1 : 0) + (params.has("client_secret") ? 1 : 0) + (params.has("client_assertion") ? 1 : 0);
        if (methods > 1) {
            throw OAuthException.invalidRequest("Use exactly one client authentication method");
        }
        if (basic) {
            String[] credentials = basicCredentials(authorization.get());
            if (params.get("client_id").filter(id -> !id.equals(credentials[0])).isPresent()) {
                throw OAuthException.invalidClient("client_id does not match the authenticated client", true);
            }
            return bySecret(credentials[0], credentials[1], "client_secret_basic", true);
        }
        if (params.has("client_secret")) {
            return bySecret(params.require("client_id"), params.require("client_secret"), "client_secret_post", false);
        }
        if (params.has("client_assertion")) {
            if (!JWT_BEARER.equals(params.get("client_assertion_type").orElse(""))) {
                throw OAuthException.invalidClient("Unsupported client_assertion_type", false);
            }
            return byAssertion(params.require("client_assertion"), params.get("client_id"));
        }
        String clientId = params.get("client_id").orElseThrow(() -> OAuthException.invalidClient("Client authentication required", false));
        Application app = applications.findByClientId(clientId).orElseThrow(() -> OAuthException.invalidClient("Unknown client or wrong credentials", false));
        if (app.metadata().confidential()) {
            throw OAuthException.invalidClient("This client must authenticate with " + app.metadata().tokenEndpointAuthMethod(), false);
        }
        if (!allowPublic) {
            throw OAuthException.invalidClient("Public clients may not use this endpoint", false);
        }
        return new Client(app, ClientMetadata.AUTH_NONE);
    }

    private static String[] basicCredentials(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthException.invalidClient("Malformed Basic credentials", true);
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("Malformed Basic credentials", true);
        }
    }

    private Client bySecret(String clientId, String secret, String method, boolean basic) {
        Optional<Application> app = applications.findByClientId(clientId);
        if (app.isEmpty() || !method.equals(app.get().metadata().tokenEndpointAuthMethod())
                || !applications.verifySecret(app.get(), secret)) {
            throw OAuthException.invalidClient("Unknown client or wrong credentials", basic);
        }
        return new Client(app.get(), method);
    }

    private Client byAssertion(String assertion, Optional<String> clientIdParam) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw OAuthException.invalidClient("Malformed client assertion", false);
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject())
                || clientIdParam.filter(id -> !id.equals(clientId)).isPresent()) {
            throw OAuthException.invalidClient("The client assertion's iss and sub must both be the client_id", false);
        }
        Application app = applications.findByClientId(clientId).orElseThrow(() -> OAuthException.invalidClient("Unknown client or invalid assertion", false));
        String method = app.metadata().tokenEndpointAuthMethod();
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        boolean hmac = HMAC.contains(alg);
        if (!(method.equals("client_secret_jwt") && hmac) && !(method.equals("private_key_jwt") && !hmac)) {
            throw OAuthException.invalidClient("This client must authenticate with " + method, false);
        }
        app.metadata().tokenEndpointAuthSigningAlg().filter(a -> !a.equals(alg.getName())).ifPresent(a -> {
            throw OAuthException.invalidClient("The client assertion must be signed with " + a, false);
        });
        if (!verifySignature(app, jwt, hmac)) {
            throw OAuthException.invalidClient("Unknown client or invalid assertion", false);
        }
        Instant now = context.now();
        long skew = context.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null || exp.toInstant().plusSeconds(skew).isBefore(now)) {
            throw OAuthException.invalidClient("The client assertion has expired", false);
        }
        if (exp.toInstant().isAfter(now.plusSeconds(MAX_ASSERTION_LIFETIME + skew))) {
            throw OAuthException.invalidClient("The client assertion lives too long (at most " + MAX_ASSERTION_LIFETIME + " s)", false);
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minusSeconds(skew).isAfter(now)) {
            throw OAuthException.invalidClient("The client assertion is not valid yet", false);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.stream().noneMatch(context::isOwnAudience)) {
            throw OAuthException.invalidClient("The client assertion's aud must be the issuer or this endpoint", false);
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 255) {
            throw OAuthException.invalidClient("The client assertion needs a jti", false);
        }
        if (!store.rememberAssertion(clientId, jti, exp.toInstant().plusSeconds(skew))) {
            throw OAuthException.invalidClient("The client assertion was already used", false);
        }
        return new Client(app, method);
    }

    private boolean verifySignature(Application app, SignedJWT jwt, boolean hmac) {
        try {
            JWSVerifier verifier;
            if (hmac) {
                Optional<byte[]> secret = applications.sharedSecret(app);
                if (secret.isEmpty()) {
                    return false;
                }
                verifier = new MACVerifier(secret.get());
                return jwt.verify(verifier);
            }
            for (JWK key : clientKeys.keysFor(app, jwt.getHeader().getKeyID(), jwt.getHeader().getAlgorithm())) {
                verifier = verifierFor(key);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            }
            return false;
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    static JWSVerifier verifierFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        // Ed25519 client keys are not accepted yet: Nimbus verifies them with Google Tink, which is
        // not an OSGi bundle (the server's own EdDSA keys are signed and verified with BouncyCastle)
        return null;
    }
}
