package org.gatehouse.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gatehouse.application.ApplicationTemplate.MACHINE_TO_MACHINE;
import static org.gatehouse.application.ApplicationTemplate.NATIVE;
import static org.gatehouse.application.ApplicationTemplate.SINGLE_PAGE;
import static org.gatehouse.application.ApplicationTemplate.STANDARD_OIDC;
import static org.gatehouse.application.ApplicationTemplate.TRADITIONAL_WEB;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.application.AccessTokenFormat;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.ClientMetadata;
import org.gatehouse.application.InvalidClientMetadataException;
import org.gatehouse.application.internal.TemplateRules.Origin;
import org.gatehouse.application.internal.TemplateRules.Parsed;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateRulesTest {

    private static final String CB = "https://app.example.com/callback";

    /** A valid body for a template, as the management API would send it. */
    static Map<String, Object> body(ApplicationTemplate t, Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        m.put("client_name", "My app");
        if (t != MACHINE_TO_MACHINE) {
            m.put("redirect_uris", List.of(t == NATIVE ? "com.example.app:/callback" : CB));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                m.remove((String) pairs[i]);
            } else {
                m.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return m;
    }

    static ClientMetadata ok(ApplicationTemplate t, Object... pairs) {
        return TemplateRules.apply(t, body(t, pairs), Origin.MANAGEMENT).metadata();
    }

    static InvalidClientMetadataException rejected(ApplicationTemplate t, Object... pairs) {
        return rejected(t, Origin.MANAGEMENT, body(t, pairs));
    }

    static InvalidClientMetadataException rejected(ApplicationTemplate t, Origin origin, Map<String, Object> body) {
        try {
            Parsed p = TemplateRules.apply(t, body, origin);
            throw new AssertionError("Accepted: " + p);
        } catch (InvalidClientMetadataException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e;
        }
    }

    static void assertField(InvalidClientMetadataException e, String field) {
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
    }

    // ---- defaults per template --------------------------------------------------------------------

    @Test
    void singlePageDefaults() {
        ClientMetadata m = ok(SINGLE_PAGE);
        assertThat(m.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(m.confidential()).isFalse();
        assertThat(m.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(m.responseTypes()).containsExactly("code");
        assertThat(m.requirePkce()).isTrue();
        assertThat(m.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.refreshTokenIdleLifetime()).isEqualTo(Duration.ofDays(1));
        assertThat(m.refreshTokenAbsoluteLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(m.scopes()).containsExactlyInAnyOrder("openid", "profile", "email", "phone", "address", "offline_access");
        assertThat(m.idTokenSignedResponseAlg()).isEqualTo("RS256");
        assertThat(m.accessTokenSigningAlg()).isEqualTo("ES256");
        assertThat(m.accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
        assertThat(m.skipConsent()).isFalse();
    }

    @Test
    void traditionalWebDefaults() {
        ClientMetadata m = ok(TRADITIONAL_WEB);
        assertThat(m.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(m.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(m.requirePkce()).isTrue();
        assertThat(m.refreshTokenIdleLifetime()).isLessThanOrEqualTo(m.refreshTokenAbsoluteLifetime());
    }

    @Test
    void nativeDefaults() {
        ClientMetadata m = ok(NATIVE);
        assertThat(m.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(m.requirePkce()).isTrue();
        assertThat(m.redirectUris()).containsExactly("com.example.app:/callback");
    }

    @Test
    void machineToMachineDefaults() {
        ClientMetadata m = ok(MACHINE_TO_MACHINE);
        assertThat(m.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(m.grantTypes()).containsExactly("client_credentials");
        assertThat(m.responseTypes()).isEmpty();
        assertThat(m.redirectUris()).isEmpty();
        assertThat(m.scopes()).isEmpty();
        assertThat(m.refreshTokenAbsoluteLifetime()).isZero();
    }

    @Test
    void standardOidcDefaultsFollowDynamicRegistration() {
        ClientMetadata m = ok(STANDARD_OIDC);
        assertThat(m.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(m.grantTypes()).containsExactly("authorization_code");
        assertThat(m.responseTypes()).containsExactly("code");
        assertThat(m.idTokenSignedResponseAlg()).isEqualTo("RS256");
    }

    // ---- fields and types -------------------------------------------------------------------------

    @Test
    void unknownFieldsAreRejected() {
        assertField(rejected(SINGLE_PAGE, "frontchannel_logout_uri", "https://x.example.com"), "frontchannel_logout_uri");
        InvalidClientMetadataException e = rejected(TRADITIONAL_WEB, "client_secret", "abc");
        assertField(e, "client_secret");
        assertThat(e.getMessage()).contains("issued by the server");
        assertThat(rejected(SINGLE_PAGE, "scopes", List.of("openid")).getMessage()).contains("'scope'");
    }

    @Test
    void wrongTypesAreRejected() {
        assertField(rejected(SINGLE_PAGE, "redirect_uris", CB), "redirect_uris");
        assertField(rejected(SINGLE_PAGE, "redirect_uris", List.of(1)), "redirect_uris");
        assertField(rejected(SINGLE_PAGE, "scope", List.of("openid")), "scope");
        assertField(rejected(SINGLE_PAGE, "require_pkce", "true"), "require_pkce");
        assertField(rejected(SINGLE_PAGE, "access_token_lifetime", "300"), "access_token_lifetime");
        assertField(rejected(SINGLE_PAGE, "access_token_lifetime", 300.5), "access_token_lifetime");
        assertField(rejected(SINGLE_PAGE, "client_name", 5), "client_name");
        assertField(rejected(SINGLE_PAGE, "jwks", "{\"keys\":[]}"), "jwks");
    }

    @Test
    void clientNameIsRequiredForAdministratorsButNotForDynamicRegistration() {
        assertField(rejected(SINGLE_PAGE, "client_name", null), "client_name");
        assertField(rejected(SINGLE_PAGE, "client_name", "  "), "client_name");
        assertField(rejected(SINGLE_PAGE, "client_name", "a\u0000b"), "client_name");
        Map<String, Object> dcr = body(STANDARD_OIDC, "client_name", null);
        assertThat(TemplateRules.apply(STANDARD_OIDC, dcr, Origin.DYNAMIC_REGISTRATION).clientName()).isEmpty();
        assertThat(TemplateRules.apply(STANDARD_OIDC, dcr, Origin.UPDATE).clientName()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "has space", "with/slash", "é-accent", "quote\"d"})
    void malformedClientIdsAreRejected(String clientId) {
        assertField(rejected(SINGLE_PAGE, "client_id", clientId), "client_id");
    }

    @Test
    void wellFormedClientIdIsKept() {
        assertThat(TemplateRules.apply(SINGLE_PAGE, body(SINGLE_PAGE, "client_id", "my-app.v2:web_1"), Origin.MANAGEMENT).clientId())
                .contains("my-app.v2:web_1");
    }

    @Test
    void readOnlyFieldsOfARepresentationAreAccepted() {
        ok(SINGLE_PAGE, "template", "spa", "client_id_issued_at", 1700000000, "client_secret_expires_at", 0);
        assertField(rejected(SINGLE_PAGE, "template", "web"), "template");
    }

    // ---- grant and response types -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ApplicationTemplate.class)
    void implicitAndPasswordAreRefusedNamingOAuth21(ApplicationTemplate t) {
        for (String g : List.of("implicit", "password")) {
            InvalidClientMetadataException e = rejected(t, "grant_types", List.of(g));
            assertField(e, "grant_types");
            assertThat(e.error()).isEqualTo("invalid_client_metadata");
            assertThat(e.getMessage()).contains("OAuth 2.1");
        }
    }

    @Test
    void unknownGrantTypesAreRefused() {
        assertField(rejected(STANDARD_OIDC, "grant_types", List.of("urn:ietf:params:oauth:grant-type:jwt-bearer")), "grant_types");
        assertField(rejected(STANDARD_OIDC, "grant_types", List.of()), "grant_types");
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "id_token", "code id_token", "code token", "none"})
    void onlyTheCodeResponseType(String type) {
        assertField(rejected(STANDARD_OIDC, "response_types", List.of(type)), "response_types");
    }

    @Test
    void grantTypesPerTemplate() {
        assertField(rejected(SINGLE_PAGE, "grant_types", List.of("client_credentials")), "grant_types");
        assertField(rejected(TRADITIONAL_WEB, "grant_types", List.of("refresh_token")), "grant_types");
        assertField(rejected(MACHINE_TO_MACHINE, "grant_types", List.of("client_credentials", "refresh_token")), "grant_types");
        assertField(rejected(MACHINE_TO_MACHINE, "grant_types", List.of("authorization_code")), "grant_types");
        assertThat(ok(SINGLE_PAGE, "grant_types", List.of("authorization_code")).grantTypes()).containsExactly("authorization_code");
        assertThat(ok(NATIVE, "grant_types", List.of("urn:ietf:params:oauth:grant-type:device_code", "refresh_token"), "redirect_uris", null)
                .grantTypes()).contains("urn:ietf:params:oauth:grant-type:device_code");
        assertThat(ok(STANDARD_OIDC, "grant_types", List.of("client_credentials"), "redirect_uris", null).responseTypes()).isEmpty();
    }

    @Test
    void codeResponseTypeAndAuthorizationCodeGrantGoTogether() {
        assertField(rejected(STANDARD_OIDC, "grant_types", List.of("client_credentials"), "response_types", List.of("code")), "response_types");
        assertField(rejected(STANDARD_OIDC, "response_types", List.of()), "response_types");
    }

    @Test
    void publicClientsCannotUseClientCredentials() {
        assertField(rejected(STANDARD_OIDC, "token_endpoint_auth_method", "none", "grant_types", List.of("client_credentials")), "grant_types");
    }

    // ---- client authentication --------------------------------------------------------------------

    @Test
    void publicTemplatesRefuseSecrets() {
        for (ApplicationTemplate t : List.of(SINGLE_PAGE, NATIVE)) {
            InvalidClientMetadataException e = rejected(t, "token_endpoint_auth_method", "client_secret_basic");
            assertField(e, "token_endpoint_auth_method");
            assertThat(e.getMessage()).contains("none");
        }
    }

    @Test
    void confidentialTemplatesRefuseNone() {
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "none"), "token_endpoint_auth_method");
        assertField(rejected(MACHINE_TO_MACHINE, "token_endpoint_auth_method", "none"), "token_endpoint_auth_method");
        assertField(rejected(STANDARD_OIDC, "token_endpoint_auth_method", "tls_client_auth"), "token_endpoint_auth_method");
    }

    @Test
    void confidentialMethodsOfTheWebTemplate() {
        assertThat(ok(TRADITIONAL_WEB, "token_endpoint_auth_method", "client_secret_post").tokenEndpointAuthMethod()).isEqualTo("client_secret_post");
        assertThat(ok(TRADITIONAL_WEB, "token_endpoint_auth_method", "client_secret_jwt", "token_endpoint_auth_signing_alg", "HS256")
                .tokenEndpointAuthSigningAlg()).contains("HS256");
        assertThat(ok(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks_uri", "https://app.example.com/jwks")
                .jwksUri()).isPresent();
    }

    @Test
    void privateKeyJwtNeedsExactlyOneKeySource() {
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt"), "jwks");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt",
                "jwks", jwks(ecKey()), "jwks_uri", "https://app.example.com/jwks"), "jwks");
        ClientMetadata m = ok(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks", jwks(ecKey()));
        assertThat(m.jwks()).hasValueSatisfying(j -> assertThat(j).contains("\"kty\":\"EC\""));
    }

    @Test
    void jwksMustHoldPublicKeysOnly() {
        for (String member : List.of("d", "p", "q", "dp", "dq", "qi")) {
            Map<String, Object> key = new HashMap<>(ecKey());
            key.put(member, "c2VjcmV0");
            InvalidClientMetadataException e = rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks", jwks(key));
            assertField(e, "jwks");
            assertThat(e.getMessage()).contains("'" + member + "'");
        }
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt",
                "jwks", jwks(Map.of("kty", "oct", "k", "c2VjcmV0"))), "jwks");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt",
                "jwks", Map.of("keys", List.of())), "jwks");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt",
                "jwks", jwks(Map.of("kty", "RSA", "e", "AQAB"))), "jwks");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt",
                "jwks", Map.of("keys", List.of(ecKey()), "extra", 1)), "jwks");
    }

    @Test
    void jwksUriMustBeHttps() {
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks_uri", "http://keys.example.com/jwks"), "jwks_uri");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks_uri", "file:///etc/passwd"), "jwks_uri");
    }

    @Test
    void authSigningAlgMatchesTheMethod() {
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "client_secret_jwt", "token_endpoint_auth_signing_alg", "RS256"),
                "token_endpoint_auth_signing_alg");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks", jwks(ecKey()),
                "token_endpoint_auth_signing_alg", "HS256"), "token_endpoint_auth_signing_alg");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_signing_alg", "RS256"), "token_endpoint_auth_signing_alg");
        assertField(rejected(TRADITIONAL_WEB, "token_endpoint_auth_method", "private_key_jwt", "jwks", jwks(ecKey()),
                "token_endpoint_auth_signing_alg", "none"), "token_endpoint_auth_signing_alg");
    }

    // ---- redirect URIs ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "http://app.example.com/cb",          // plain http off loopback
        "https://app.example.com/cb#frag",    // fragment
        "https://*.example.com/cb",           // wildcard
        "https://app.example.com/*",          // wildcard
        "/relative/cb",                       // relative
        "https://user:pw@app.example.com/cb", // user info
        "javascript:alert(1)",                // script
        "com.example.app:/cb",                // custom scheme, not native
        "not a uri",
    })
    void unsafeRedirectsAreRefusedForWebApps(String uri) {
        InvalidClientMetadataException e = rejected(TRADITIONAL_WEB, "redirect_uris", List.of(CB, uri));
        assertField(e, "redirect_uris");
        assertThat(e.error()).isEqualTo("invalid_redirect_uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/cb", "http://[::1]/cb", "http://localhost:3000/cb", "https://app.example.com/cb?x=1"})
    void loopbackHttpAndHttpsAreAllowed(String uri) {
        for (ApplicationTemplate t : List.of(SINGLE_PAGE, TRADITIONAL_WEB, NATIVE, STANDARD_OIDC)) {
            assertThat(ok(t, "redirect_uris", List.of(uri)).redirectUris()).containsExactly(uri);
        }
    }

    @Test
    void nativeAppsUseReverseDomainSchemes() {
        assertThat(ok(NATIVE, "redirect_uris", List.of("com.example.app:/oauth2redirect")).redirectUris()).hasSize(1);
        assertThat(ok(NATIVE, "redirect_uris", List.of("https://app.example.com/native")).redirectUris()).hasSize(1);
        for (String bad : List.of("myapp:/cb", "javascript:/alert", "data:/x", "com.example.app:cb", "file:///tmp/x", "http://example.com/cb")) {
            assertThat(rejected(NATIVE, "redirect_uris", List.of(bad)).error()).as(bad).isEqualTo("invalid_redirect_uri");
        }
        assertField(rejected(SINGLE_PAGE, "redirect_uris", List.of("com.example.app:/cb")), "redirect_uris");
    }

    @Test
    void authorizationCodeNeedsARedirect() {
        InvalidClientMetadataException e = rejected(SINGLE_PAGE, "redirect_uris", List.of());
        assertThat(e.error()).isEqualTo("invalid_redirect_uri");
        assertField(rejected(TRADITIONAL_WEB, "redirect_uris", null), "redirect_uris");
    }

    @Test
    void machineClientsHaveNoRedirects() {
        InvalidClientMetadataException e = rejected(MACHINE_TO_MACHINE, "redirect_uris", List.of(CB));
        assertField(e, "redirect_uris");
        assertThat(e.error()).isEqualTo("invalid_redirect_uri");
        assertField(rejected(MACHINE_TO_MACHINE, "post_logout_redirect_uris", List.of(CB)), "post_logout_redirect_uris");
        assertField(rejected(MACHINE_TO_MACHINE, "refresh_token_idle_lifetime", 3600), "refresh_token_idle_lifetime");
        assertField(rejected(MACHINE_TO_MACHINE, "backchannel_logout_uri", "https://x.example.com/logout"), "backchannel_logout_uri");
        // an empty list, as describe() renders it, is fine
        ok(MACHINE_TO_MACHINE, "redirect_uris", List.of(), "post_logout_redirect_uris", List.of(), "response_types", List.of());
    }

    @Test
    void duplicateRedirectsCollapse() {
        assertThat(ok(SINGLE_PAGE, "redirect_uris", List.of(CB, CB)).redirectUris()).containsExactly(CB);
    }

    // ---- PKCE, CORS, consent ----------------------------------------------------------------------

    @Test
    void pkceIsForcedForPublicClients() {
        assertField(rejected(SINGLE_PAGE, "require_pkce", false), "require_pkce");
        assertField(rejected(NATIVE, "require_pkce", false), "require_pkce");
        assertThat(ok(TRADITIONAL_WEB, "require_pkce", false).requirePkce()).isFalse();
        assertThat(ok(SINGLE_PAGE, "require_pkce", true).requirePkce()).isTrue();
    }

    @Test
    void corsOriginsOnlyForBrowserApps() {
        assertThat(ok(SINGLE_PAGE, "allowed_cors_origins", List.of("https://App.example.com", "http://localhost:3000")).allowedCorsOrigins())
                .containsExactly("https://app.example.com", "http://localhost:3000");
        for (String bad : List.of("https://app.example.com/", "https://app.example.com/path", "https://*.example.com", "http://app.example.com",
                "app.example.com", "null")) {
            assertThat(rejected(SINGLE_PAGE, "allowed_cors_origins", List.of(bad)).field()).as(bad).isEqualTo("allowed_cors_origins");
        }
        assertField(rejected(TRADITIONAL_WEB, "allowed_cors_origins", List.of("https://app.example.com")), "allowed_cors_origins");
        assertField(rejected(MACHINE_TO_MACHINE, "allowed_cors_origins", List.of("https://app.example.com")), "allowed_cors_origins");
    }

    @Test
    void skipConsentIsForAdministratorsOnly() {
        for (ApplicationTemplate t : ApplicationTemplate.values()) {
            assertThat(ok(t, "skip_consent", true).skipConsent()).isTrue();
        }
        assertField(rejected(STANDARD_OIDC, Origin.DYNAMIC_REGISTRATION, body(STANDARD_OIDC, "skip_consent", true)), "skip_consent");
        assertField(rejected(STANDARD_OIDC, Origin.DYNAMIC_UPDATE, body(STANDARD_OIDC, "skip_consent", true)), "skip_consent");
    }

    // ---- scopes -----------------------------------------------------------------------------------

    @Test
    void scopeIsASpaceSeparatedString() {
        assertThat(ok(SINGLE_PAGE, "scope", "openid  api:read").scopes()).containsExactlyInAnyOrder("openid", "api:read");
        assertThat(ok(SINGLE_PAGE, "scope", "").scopes()).isEmpty();
        assertField(rejected(SINGLE_PAGE, "scope", "openid \"quoted\""), "scope");
        assertField(rejected(SINGLE_PAGE, "scope", "back\\slash"), "scope");
    }

    @Test
    void onlyMachineClientsMayHoldTheAdminScope() {
        assertThat(ok(MACHINE_TO_MACHINE, "scope", "gatehouse:admin").scopes()).containsExactly("gatehouse:admin");
        for (ApplicationTemplate t : List.of(SINGLE_PAGE, TRADITIONAL_WEB, NATIVE, STANDARD_OIDC)) {
            InvalidClientMetadataException e = rejected(t, "scope", "openid gatehouse:admin");
            assertField(e, "scope");
            assertThat(e.getMessage()).contains("m2m");
        }
    }

    // ---- algorithms, formats, lifetimes -----------------------------------------------------------

    @Test
    void signingAlgorithms() {
        for (String alg : List.of("RS256", "PS256", "ES256", "EdDSA")) {
            ClientMetadata m = ok(STANDARD_OIDC, "id_token_signed_response_alg", alg, "access_token_signed_response_alg", alg);
            assertThat(m.idTokenSignedResponseAlg()).isEqualTo(alg);
            assertThat(m.accessTokenSigningAlg()).isEqualTo(alg);
        }
        for (String bad : List.of("none", "HS256", "RS512", "es256")) {
            assertField(rejected(STANDARD_OIDC, "id_token_signed_response_alg", bad), "id_token_signed_response_alg");
            assertField(rejected(STANDARD_OIDC, "access_token_signed_response_alg", bad), "access_token_signed_response_alg");
        }
        assertField(rejected(STANDARD_OIDC, "request_object_signing_alg", "none"), "request_object_signing_alg");
    }

    @Test
    void accessTokenFormat() {
        assertThat(ok(TRADITIONAL_WEB, "access_token_format", "opaque").accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
        assertField(rejected(TRADITIONAL_WEB, "access_token_format", "JWT"), "access_token_format");
    }

    @Test
    void lifetimesAreBounded() {
        assertThat(ok(TRADITIONAL_WEB, "access_token_lifetime", 60).accessTokenLifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ok(TRADITIONAL_WEB, "access_token_lifetime", 86_400L).accessTokenLifetime()).isEqualTo(Duration.ofDays(1));
        assertField(rejected(TRADITIONAL_WEB, "access_token_lifetime", 59), "access_token_lifetime");
        assertField(rejected(TRADITIONAL_WEB, "access_token_lifetime", 86_401), "access_token_lifetime");
        assertField(rejected(TRADITIONAL_WEB, "access_token_lifetime", -1), "access_token_lifetime");
        long year = Duration.ofDays(365).toSeconds();
        ClientMetadata m = ok(TRADITIONAL_WEB, "refresh_token_idle_lifetime", year, "refresh_token_absolute_lifetime", year);
        assertThat(m.refreshTokenAbsoluteLifetime()).isEqualTo(Duration.ofDays(365));
        assertField(rejected(TRADITIONAL_WEB, "refresh_token_absolute_lifetime", year + 1), "refresh_token_absolute_lifetime");
        assertField(rejected(TRADITIONAL_WEB, "refresh_token_idle_lifetime", 7200, "refresh_token_absolute_lifetime", 3600),
                "refresh_token_idle_lifetime");
        // idle above the template's default absolute lifetime
        assertField(rejected(SINGLE_PAGE, "refresh_token_idle_lifetime", Duration.ofDays(8).toSeconds()), "refresh_token_idle_lifetime");
    }

    @Test
    void signedRequestObjectsNeedKeys() {
        assertField(rejected(STANDARD_OIDC, "require_signed_request_object", true), "require_signed_request_object");
        assertThat(ok(STANDARD_OIDC, "require_signed_request_object", true, "jwks_uri", "https://app.example.com/jwks")
                .requireSignedRequestObject()).isTrue();
    }

    @Test
    void informationalUrisAndContacts() {
        ClientMetadata m = ok(STANDARD_OIDC, "client_uri", "https://app.example.com", "logo_uri", "https://app.example.com/logo.png",
                "policy_uri", "https://app.example.com/privacy", "tos_uri", "https://app.example.com/tos", "contacts", List.of("ops@example.com"),
                "default_max_age", 3600, "require_auth_time", true, "backchannel_logout_uri", "https://app.example.com/bc",
                "backchannel_logout_session_required", true, "post_logout_redirect_uris", List.of("https://app.example.com/bye"));
        assertThat(m.logoUri()).isPresent();
        assertThat(m.contacts()).containsExactly("ops@example.com");
        assertThat(m.defaultMaxAge()).contains(Duration.ofHours(1));
        assertField(rejected(STANDARD_OIDC, "logo_uri", "javascript:alert(1)"), "logo_uri");
        assertField(rejected(STANDARD_OIDC, "client_uri", "https://app.example.com/#x"), "client_uri");
        assertField(rejected(STANDARD_OIDC, "contacts", List.of("not-an-address")), "contacts");
        assertField(rejected(STANDARD_OIDC, "default_max_age", -5), "default_max_age");
    }

    // ---- round trip -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ApplicationTemplate.class)
    void aDescribedApplicationCanBeSentBackUnchanged(ApplicationTemplate t) {
        ClientMetadata m = ok(t, "skip_consent", true);
        Map<String, Object> json = new HashMap<>(MetadataJson.toMap(m));
        json.put("client_id", "abc");
        json.put("client_name", "My app");
        json.put("template", t.id());
        json.put("client_id_issued_at", 1700000000L);
        Parsed again = TemplateRules.apply(t, json, Origin.UPDATE);
        assertThat(again.metadata()).isEqualTo(m);
        assertThat(MetadataJson.fromMap(JsonText.readObject(JsonText.write(MetadataJson.toMap(m))))).isEqualTo(m);
    }

    @Test
    void roundTripWithEveryOption() {
        ClientMetadata m = ok(STANDARD_OIDC, "token_endpoint_auth_method", "private_key_jwt", "jwks", jwks(ecKey()),
                "token_endpoint_auth_signing_alg", "ES256", "grant_types", List.of("authorization_code", "refresh_token", "client_credentials"),
                "request_object_signing_alg", "PS256", "require_signed_request_object", true, "require_pushed_authorization_requests", true,
                "allowed_cors_origins", List.of("https://app.example.com"), "access_token_format", "opaque", "default_max_age", 60,
                "logo_uri", "https://app.example.com/l.png");
        Map<String, Object> json = MetadataJson.toMap(m);
        assertThat(json).doesNotContainKeys("client_secret", "secret_digest");
        assertThat(MetadataJson.fromMap(JsonText.readObject(JsonText.write(json)))).isEqualTo(m);
        assertThat(TemplateRules.apply(STANDARD_OIDC, new HashMap<>(json), Origin.UPDATE).metadata()).isEqualTo(m);
    }

    @Nested
    class Policies {
        @Test
        void everyTemplateHasAPolicyWhoseDefaultsPassItsOwnRules() {
            for (ApplicationTemplate t : ApplicationTemplate.values()) {
                TemplatePolicy p = TemplatePolicy.of(t);
                assertThat(p.authMethods()).contains(p.defaultAuthMethod());
                assertThat(p.grantTypes()).containsAll(p.defaultGrantTypes());
                assertThat(Set.copyOf(ok(t).grantTypes())).isEqualTo(Set.copyOf(p.defaultGrantTypes()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    static Map<String, Object> ecKey() {
        return Map.of("kty", "EC", "crv", "P-256", "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "kid", "k1");
    }

    static Map<String, Object> jwks(Map<String, Object> key) {
        return Map.of("keys", List.of(key));
    }
}
