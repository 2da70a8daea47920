package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.crypto.SigningKeys;

/**
 * OpenID Provider metadata (OpenID Connect Discovery 1.0), OAuth 2.0 Authorization Server metadata
 * (RFC 8414) and the JWK set. The documents change only with the issuer or the keys, so they are
 * served from a cache rebuilt on such a change.
 */
final class MetadataEndpoints {

    private final OAuth2Server.Context context;
    private final SigningKeys keys;
    private final Json json;
    private final UserClaims userClaims;
    private volatile Cached cached;

    private record Cached(String issuer, byte[] metadata) {}

    MetadataEndpoints(OAuth2Server.Context context, SigningKeys keys, Json json, UserClaims userClaims) {
        this.context = context;
        this.userClaims = userClaims;
        this.keys = keys;
        this.json = json;
    }

    void discovery(Exchange exchange) throws IOException {
        String issuer = context.issuer();
        Cached c = cached;
        if (c == null || !c.issuer().equals(issuer)) {
            c = new Cached(issuer, json.write(metadata(issuer)));
            cached = c;
        }
        exchange.header("Access-Control-Allow-Origin", "*");
        exchange.json(200, c.metadata());
        exchange.header("Cache-Control", "public, max-age=300");
    }

    void jwks(Exchange exchange) throws IOException {
        byte[] body = keys.jwkSetJson().getBytes(StandardCharsets.UTF_8);
        exchange.header("Access-Control-Allow-Origin", "*");
        exchange.json(200, body);
        exchange.header("Cache-Control", "public, max-age=300");
    }

    Map<String, Object> metadata(String issuer) {
        List<String> algs = new ArrayList<>(keys.algorithms());
        algs.sort(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + OAuth2Server.AUTHORIZE);
        m.put("token_endpoint", issuer + OAuth2Server.TOKEN);
        m.put("userinfo_endpoint", issuer + OAuth2Server.USERINFO);
        m.put("jwks_uri", issuer + OAuth2Server.JWKS);
        m.put("registration_endpoint", issuer + OAuth2Server.REGISTER);
        m.put("introspection_endpoint", issuer + OAuth2Server.INTROSPECT);
        m.put("revocation_endpoint", issuer + OAuth2Server.REVOKE);
        m.put("end_session_endpoint", issuer + OAuth2Server.LOGOUT);
        m.put("pushed_authorization_request_endpoint", issuer + OAuth2Server.PAR);
        m.put("device_authorization_endpoint", issuer + OAuth2Server.DEVICE_AUTHORIZATION);
        m.put("scopes_supported", List.of("openid", "profile", "email", "phone", "address", "offline_access"));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials", TokenEndpoint.DEVICE_CODE));
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", algs);
        m.put("request_object_signing_alg_values_supported", List.of("RS256", "PS256", "ES256", "HS256", "none"));
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none");
        List<String> assertionAlgs = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512");
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("introspection_endpoint_auth_methods_supported", authMethods.subList(0, 4));
        m.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        m.put("code_challenge_methods_supported", List.of("S256"));
        List<String> claims = new ArrayList<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "sid"));
        claims.addAll(userClaims.supported());
        m.put("claims_supported", claims);
        m.put("claims_parameter_supported", true);
        m.put("request_parameter_supported", true);
        m.put("request_uri_parameter_supported", false);
        m.put("require_request_uri_registration", true);
        m.put("require_pushed_authorization_requests", false);
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("frontchannel_logout_supported", false);
        m.put("backchannel_logout_supported", true);
        m.put("backchannel_logout_session_supported", true);
        m.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        m.put("ui_locales_supported", List.of("en"));
        m.put("claim_types_supported", List.of("normal"));
        return m;
    }
}
