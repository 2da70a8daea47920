package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationResponseParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatehouse.itests.GatehouseServer;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gatehouse with the Nimbus OAuth 2.0 SDK with OpenID Connect extensions as the client: discovery,
 * dynamic client registration (RFC 7591) with the bootstrap client's token as initial access
 * token, client credentials with each client authentication method (RFC 6749, RFC 7523),
 * assertion replay, introspection (RFC 7662), revocation (RFC 7009), and the JWT access tokens
 * validated as a resource server would (RFC 9068) against the published JWK set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NimbusInteropIT {

    private static final Scope API_READ = new Scope("api.read");

    private OidcFixture op;
    private OIDCProviderMetadata metadata;
    private BearerAccessToken initialAccessToken;

    @BeforeAll
    void start() throws Exception {
        op = OidcFixture.start("oidc-nimbus");
        metadata = OIDCProviderMetadata.resolve(new Issuer(op.issuer), 5_000, 10_000);
    }

    @AfterAll
    void stop() {
        if (op != null) {
            op.close();
        }
    }

    private BearerAccessToken initialAccessToken() {
        if (initialAccessToken == null) {
            initialAccessToken = new BearerAccessToken(op.bootstrapToken());
        }
        return initialAccessToken;
    }

    private static HTTPResponse send(HTTPRequest request) throws Exception {
        request.setConnectTimeout(5_000);
        request.setReadTimeout(30_000);
        HTTPResponse r = request.send();
        assertThat(r.getStatusCode()).as("never a server error: %s %s -> %s", request.getMethod(), request.getURL(), r.getBody()).isLessThan(500);
        return r;
    }

    private static String show(HTTPResponse r) {
        return r.getStatusCode() + " " + r.getHeaderMap() + " " + r.getBody();
    }

    /** RFC 7591 registration of a client_credentials client with this authentication method. */
    private OIDCClientInformation register(ClientAuthenticationMethod method, JWKSet jwks) throws Exception {
        OIDCClientMetadata md = new OIDCClientMetadata();
        md.setName("nimbus " + method.getValue());
        md.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        md.setResponseTypes(new HashSet<>());
        md.setScope(API_READ);
        md.setTokenEndpointAuthMethod(method);
        if (method.equals(ClientAuthenticationMethod.CLIENT_SECRET_JWT)) {
            md.setTokenEndpointAuthJWSAlg(JWSAlgorithm.HS256);
        }
        if (jwks != null) {
            md.setJWKSet(jwks);
        }
        HTTPResponse r = send(new OIDCClientRegistrationRequest(metadata.getRegistrationEndpointURI(), md, initialAccessToken()).toHTTPRequest());
        ClientRegistrationResponse parsed = OIDCClientRegistrationResponseParser.parse(r);
        assertThat(parsed.indicatesSuccess()).as("registration with %s: %s", method, show(r)).isTrue();
        assertThat(r.getStatusCode()).isEqualTo(201);
        OIDCClientInformation info = ((OIDCClientInformationResponse) parsed).getOIDCClientInformation();
        assertThat(info.getOIDCMetadata().getTokenEndpointAuthMethod()).isEqualTo(method);
        return info;
    }

    private TokenResponse clientCredentials(ClientAuthentication auth) throws Exception {
        HTTPResponse r = send(new TokenRequest(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant(), API_READ).toHTTPRequest());
        return TokenResponse.parse(r);
    }

    private AccessToken assertIssued(TokenResponse response, String what) {
        assertThat(response.indicatesSuccess()).as("%s: %s", what,
                response.indicatesSuccess() ? "" : response.toErrorResponse().getErrorObject().toJSONObject()).isTrue();
        AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
        assertThat(token.getValue()).isNotEmpty();
        assertThat(response.toSuccessResponse().getTokens().getRefreshToken()).as("no refresh token for client_credentials").isNull();
        return token;
    }

    private static ECKey ecKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID("ec-" + OidcFixture.random(6)).algorithm(JWSAlgorithm.ES256).generate();
    }

    // ---- discovery --------------------------------------------------------------------------

    @Test
    void discoveryResolvesWithNimbus() throws Exception {
        assertThat(metadata.getIssuer().getValue()).isEqualTo(op.issuer);
        assertThat(metadata.getAuthorizationEndpointURI()).isNotNull();
        assertThat(metadata.getTokenEndpointURI()).isNotNull();
        assertThat(metadata.getUserInfoEndpointURI()).isNotNull();
        assertThat(metadata.getJWKSetURI()).isNotNull();
        assertThat(metadata.getRegistrationEndpointURI()).as("registration_endpoint").isNotNull();
        assertThat(metadata.getIntrospectionEndpointURI()).as("introspection_endpoint").isNotNull();
        assertThat(metadata.getRevocationEndpointURI()).as("revocation_endpoint").isNotNull();
        assertThat(metadata.getTokenEndpointAuthMethods()).contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.CLIENT_SECRET_JWT, ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        assertThat(metadata.getCodeChallengeMethods()).extracting(Object::toString).contains("S256").doesNotContain("plain");
        assertThat(metadata.getGrantTypes()).contains(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS, GrantType.DEVICE_CODE);
        // RFC 8414 metadata names the same endpoints
        JsonNode oauth = OidcFixture.json(op.get(op.issuer + "/.well-known/oauth-authorization-server"));
        assertThat(oauth.path("issuer").asText()).isEqualTo(op.issuer);
        assertThat(oauth.path("token_endpoint").asText()).isEqualTo(metadata.getTokenEndpointURI().toString());
        // the JWK set parses and holds public keys only
        JWKSet jwks = JWKSet.load(metadata.getJWKSetURI().toURL(), 5_000, 10_000, 0);
        assertThat(jwks.getKeys()).isNotEmpty().allSatisfy(k -> {
            assertThat(k.isPrivate()).as("private key material published: %s", k.getKeyID()).isFalse();
            assertThat(k.getKeyID()).isNotEmpty();
        });
    }

    // ---- dynamic registration and client authentication ---------------------------------------

    @Test
    void registrationWantsTheInitialAccessToken() throws Exception {
        OIDCClientMetadata md = new OIDCClientMetadata();
        md.setName("anonymous");
        md.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        md.setResponseTypes(new HashSet<>());
        HTTPResponse none = send(new OIDCClientRegistrationRequest(metadata.getRegistrationEndpointURI(), md, null).toHTTPRequest());
        assertThat(none.getStatusCode()).as(show(none)).isEqualTo(401);
        HTTPResponse wrong = send(new OIDCClientRegistrationRequest(metadata.getRegistrationEndpointURI(), md, new BearerAccessToken("not-a-token"))
                .toHTTPRequest());
        assertThat(wrong.getStatusCode()).as(show(wrong)).isEqualTo(401);
        assertThat(wrong.getHeaderValue("WWW-Authenticate")).as(show(wrong)).startsWithIgnoringCase("Bearer").contains("invalid_token");
    }

    @Test
    void registrationRejectsInvalidMetadata() throws Exception {
        // raw JSON: Nimbus itself refuses to build some of these
        String endpoint = metadata.getRegistrationEndpointURI().toString();
        String bearer = "Bearer " + initialAccessToken().getValue();
        for (String body : List.of(
                "{\"client_name\":\"fragment\",\"redirect_uris\":[\"http://127.0.0.1:9/cb#fragment\"],\"grant_types\":[\"authorization_code\"]}",
                "{\"client_name\":\"relative\",\"redirect_uris\":[\"/cb\"],\"grant_types\":[\"authorization_code\"]}",
                "{\"client_name\":\"no keys\",\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"token_endpoint_auth_method\":\"private_key_jwt\"}",
                "{\"client_name\":\"implicit\",\"redirect_uris\":[\"https://rp.example/cb\"],\"grant_types\":[\"implicit\"],\"response_types\":[\"token\"]}",
                "{\"client_name\":\"bad method\",\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"token_endpoint_auth_method\":\"magic\"}",
                "{\"redirect_uris\":\"not-an-array\"}",
                "{not json")) {
            var r = op.postRaw(endpoint, "application/json", body, "Authorization", bearer);
            JsonNode error = OidcFixture.assertOAuthError(r, 400, "invalid_redirect_uri", "invalid_client_metadata");
            assertThat(error.path("error").asText()).as("%s -> %s", body, r.body()).isNotEmpty();
        }
    }

    @Test
    void clientSecretBasic() throws Exception {
        OIDCClientInformation c = register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
        assertThat(c.getSecret()).isNotNull();
        AccessToken at = assertIssued(clientCredentials(new ClientSecretBasic(c.getID(), c.getSecret())), "client_secret_basic");
        assertValidJwtAccessToken(at, c.getID());
        TokenResponse wrong = clientCredentials(new ClientSecretBasic(c.getID(), new Secret("wrong-" + c.getSecret().getValue())));
        assertThat(wrong.indicatesSuccess()).isFalse();
        assertThat(wrong.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(wrong.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void clientSecretPost() throws Exception {
        OIDCClientInformation c = register(ClientAuthenticationMethod.CLIENT_SECRET_POST, null);
        assertIssued(clientCredentials(new ClientSecretPost(c.getID(), c.getSecret())), "client_secret_post");
        // a client registered for client_secret_post does not get in with Basic (RFC 7591 token_endpoint_auth_method)
        TokenResponse other = clientCredentials(new ClientSecretBasic(c.getID(), c.getSecret()));
        assertThat(other.indicatesSuccess()).as("client_secret_basic for a client_secret_post client").isFalse();
        assertThat(other.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void clientSecretJwt() throws Exception {
        OIDCClientInformation c = register(ClientAuthenticationMethod.CLIENT_SECRET_JWT, null);
        assertIssued(clientCredentials(new ClientSecretJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.HS256, c.getSecret())),
                "client_secret_jwt");
        TokenResponse forged = clientCredentials(new ClientSecretJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.HS256,
                new Secret("a-different-secret-of-more-than-256-bits-" + OidcFixture.random(16))));
        assertThat(forged.indicatesSuccess()).isFalse();
        assertThat(forged.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void privateKeyJwtWithAnEcKey() throws Exception {
        ECKey key = ecKey();
        OIDCClientInformation c = register(ClientAuthenticationMethod.PRIVATE_KEY_JWT, new JWKSet(key.toPublicJWK()));
        assertThat(c.getSecret()).as("no secret for private_key_jwt").isNull();
        AccessToken at = assertIssued(clientCredentials(new PrivateKeyJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.ES256,
                key.toECPrivateKey(), key.getKeyID(), null)), "private_key_jwt ES256");
        assertValidJwtAccessToken(at, c.getID());
        // signed with another key: refused
        ECKey other = ecKey();
        TokenResponse forged = clientCredentials(new PrivateKeyJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.ES256,
                other.toECPrivateKey(), key.getKeyID(), null));
        assertThat(forged.indicatesSuccess()).isFalse();
        assertThat(forged.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void privateKeyJwtWithAnRsaKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-" + OidcFixture.random(6)).algorithm(JWSAlgorithm.RS256).generate();
        OIDCClientInformation c = register(ClientAuthenticationMethod.PRIVATE_KEY_JWT, new JWKSet(key.toPublicJWK()));
        assertIssued(clientCredentials(new PrivateKeyJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.RS256,
                key.toRSAPrivateKey(), key.getKeyID(), null)), "private_key_jwt RS256");
    }

    @Test
    void aPrivateKeyJwtAssertionIsUsedOnce() throws Exception {
        ECKey key = ecKey();
        OIDCClientInformation c = register(ClientAuthenticationMethod.PRIVATE_KEY_JWT, new JWKSet(key.toPublicJWK()));
        PrivateKeyJWT assertion = new PrivateKeyJWT(c.getID(), metadata.getTokenEndpointURI(), JWSAlgorithm.ES256,
                key.toECPrivateKey(), key.getKeyID(), null);
        assertIssued(clientCredentials(assertion), "first use of the assertion");
        TokenResponse replay = clientCredentials(assertion); // the same jti again
        assertThat(replay.indicatesSuccess()).as("a replayed client assertion (same jti) is refused").isFalse();
        assertThat(replay.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(replay.toErrorResponse().getErrorObject().getHTTPStatusCode()).isIn(400, 401);
    }

    // ---- authorization code, ID token, UserInfo ------------------------------------------------

    @Test
    void authorizationCodeWithPkceThenIdTokenAndUserInfoValidatedByNimbus() throws Exception {
        String user = "nimbus-user";
        String password = "Nimbus-pa55-word";
        op.createUser(user, password, "nimbus@example.com");
        URI redirect = URI.create("http://127.0.0.1:" + GatehouseServer.freePort() + "/cb");
        ObjectNode app = OidcFixture.app("web", "Nimbus RP");
        app.putArray("redirect_uris").add(redirect.toString());
        app.putArray("grant_types").add("authorization_code").add("refresh_token");
        app.put("scope", "openid profile email");
        app.put("token_endpoint_auth_method", "client_secret_basic");
        app.put("id_token_signed_response_alg", "ES256");
        app.put("skip_consent", true);
        JsonNode created = op.createApplication(app);
        ClientID id = new ClientID(created.path("client_id").asText());
        Secret secret = new Secret(created.path("client_secret").asText());

        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "email"), id, redirect)
                .endpointURI(metadata.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        Map<String, String> params = new LinkedHashMap<>();
        request.toParameters().forEach((k, v) -> params.put(k, v.get(0)));
        URI back = op.browserless(user, password).authorize(params);

        AuthenticationResponse response = AuthenticationResponseParser.parse(back);
        assertThat(response.indicatesSuccess()).as("authorization response %s", back).isTrue();
        AuthenticationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        if (Boolean.TRUE.equals(metadata.supportsAuthorizationResponseIssuerParam())) {
            assertThat(success.getIssuer()).as("RFC 9207 iss").isEqualTo(metadata.getIssuer());
        }

        TokenResponse tokens = OIDCTokenResponseParser.parse(send(new TokenRequest(metadata.getTokenEndpointURI(), new ClientSecretBasic(id, secret),
                new AuthorizationCodeGrant(success.getAuthorizationCode(), redirect, verifier)).toHTTPRequest()));
        assertThat(tokens.indicatesSuccess()).as("code exchange: %s",
                tokens.indicatesSuccess() ? "" : tokens.toErrorResponse().getErrorObject().toJSONObject()).isTrue();
        OIDCTokens oidc = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens();
        assertThat(oidc.getIDToken().getHeader().getAlgorithm()).as("the registered id_token_signed_response_alg").isEqualTo(JWSAlgorithm.ES256);
        IDTokenClaimsSet claims = new IDTokenValidator(metadata.getIssuer(), id, JWSAlgorithm.ES256, metadata.getJWKSetURI().toURL())
                .validate(oidc.getIDToken(), nonce);
        assertThat(claims.getAudience()).contains(new Audience(id));

        UserInfoResponse userInfo = UserInfoResponse.parse(send(new UserInfoRequest(metadata.getUserInfoEndpointURI(), oidc.getBearerAccessToken())
                .toHTTPRequest()));
        assertThat(userInfo.indicatesSuccess()).isTrue();
        UserInfo info = userInfo.toSuccessResponse().getUserInfo();
        assertThat(info.getSubject()).isEqualTo(claims.getSubject());
        assertThat(info.getEmailAddress()).isEqualTo("nimbus@example.com");
        assertThat(info.getPreferredUsername()).isEqualTo(user);
    }

    // ---- introspection, revocation, RFC 9068 ---------------------------------------------------

    @Test
    void introspectionAndRevocation() throws Exception {
        OIDCClientInformation c = register(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
        ClientSecretBasic auth = new ClientSecretBasic(c.getID(), c.getSecret());
        AccessToken at = assertIssued(clientCredentials(auth), "client_credentials");

        TokenIntrospectionResponse active = TokenIntrospectionResponse.parse(send(
                new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, at).toHTTPRequest()));
        assertThat(active.indicatesSuccess()).isTrue();
        TokenIntrospectionSuccessResponse info = active.toSuccessResponse();
        assertThat(info.isActive()).isTrue();
        assertThat(info.getClientID()).isEqualTo(c.getID());
        assertThat(info.getScope()).isNotNull();
        assertThat(info.getScope().contains("api.read")).isTrue();
        assertThat(info.getExpirationTime()).isAfter(new Date());
        assertThat(info.getIssuer()).isEqualTo(metadata.getIssuer());

        // introspection wants an authenticated caller
        HTTPResponse anonymous = send(new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), at).toHTTPRequest());
        assertThat(anonymous.getStatusCode()).as(show(anonymous)).isEqualTo(401);

        HTTPResponse revoked = send(new TokenRevocationRequest(metadata.getRevocationEndpointURI(), auth, at).toHTTPRequest());
        assertThat(revoked.getStatusCode()).as(show(revoked)).isEqualTo(200);
        TokenIntrospectionSuccessResponse after = TokenIntrospectionResponse.parse(send(
                new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, at).toHTTPRequest())).toSuccessResponse();
        assertThat(after.isActive()).as("revoked").isFalse();
        assertThat(after.toJSONObject()).as("an inactive token reveals nothing else").containsOnlyKeys("active");

        // revoking an unknown token is not an error (RFC 7009 2.2)
        HTTPResponse unknown = send(new TokenRevocationRequest(metadata.getRevocationEndpointURI(), auth, new BearerAccessToken("nope")).toHTTPRequest());
        assertThat(unknown.getStatusCode()).as(show(unknown)).isEqualTo(200);
    }

    /** RFC 9068, as a resource server checks it: signature against jwks_uri, typ at+jwt, iss, exp, aud, sub, client_id, iat, jti, scope. */
    private JWTClaimsSet assertValidJwtAccessToken(AccessToken at, ClientID clientId) throws Exception {
        SignedJWT jwt = SignedJWT.parse(at.getValue());
        assertThat(jwt.getHeader().getType()).as("typ").isEqualTo(new JOSEObjectType("at+jwt"));
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).retrying(false).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        Set<JWSAlgorithm> algs = new HashSet<>(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().issuer(op.issuer).build(),
                Set.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id")));
        JWTClaimsSet claims = processor.process(jwt, null);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId.getValue());
        assertThat(claims.getAudience()).isNotEmpty();
        assertThat(claims.getExpirationTime()).isAfter(new Date());
        assertThat(Scope.parse(claims.getStringClaim("scope")).toStringList()).as("scope claim").contains("api.read");
        // a tampered token fails the same processor
        String[] parts = at.getValue().split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("AA") ? "BB" : "AA") + "." + parts[2];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processor.process(SignedJWT.parse(tampered), null)).isNotNull();
        return claims;
    }

    @Test
    void theBootstrapClientTokenIsAnRfc9068AccessTokenAcceptedByTheManagementApi() throws Exception {
        ClientID bootstrap = new ClientID(OidcFixture.BOOTSTRAP_CLIENT_ID);
        op.bootstrapToken(); // waits until the bootstrap client is an application
        AccessToken at = assertIssued(TokenResponse.parse(send(new TokenRequest(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(bootstrap, new Secret(op.bootstrapSecret)), new ClientCredentialsGrant(), new Scope("gatehouse:admin"))
                .toHTTPRequest())), "bootstrap client_credentials");
        SignedJWT jwt = SignedJWT.parse(at.getValue());
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo(bootstrap.getValue());
        assertThat(op.server.anonymous("GET", "/api/users", null, "Authorization", "Bearer " + at.getValue()).status()).isEqualTo(200);
    }
}
