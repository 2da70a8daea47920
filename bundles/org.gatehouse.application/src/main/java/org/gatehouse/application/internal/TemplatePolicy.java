package org.gatehouse.application.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gatehouse.application.ApplicationTemplate;

/**
 * What a template allows and what it fills in. One value per template; {@link TemplateRules} applies
 * them to the metadata a caller sends.
 *
 * @param template the template
 * @param authMethods the allowed {@code token_endpoint_auth_method} values
 * @param defaultAuthMethod the method when none is given
 * @param grantTypes the allowed {@code grant_types}
 * @param defaultGrantTypes the grant types when none are given
 * @param requiredGrantTypes at least one of these must be present (empty: no requirement)
 * @param defaultResponseTypes the response types when none are given (and the grant types include
 *     {@code authorization_code})
 * @param redirects whether the template redirects users at all
 * @param privateUseSchemes whether private-use URI scheme redirects (RFC 8252) are allowed
 * @param pkceForced whether {@code require_pkce} is always true
 * @param defaultRequirePkce {@code require_pkce} when not given
 * @param corsOrigins whether {@code allowed_cors_origins} may be set
 * @param adminScope whether the scope {@value TemplateRules#ADMIN_SCOPE} may be held
 * @param defaultScope the {@code scope} when none is given
 * @param refreshTokens whether refresh tokens exist for this template
 * @param accessTokenLifetime the default access token lifetime
 * @param refreshIdle the default refresh token idle lifetime
 * @param refreshAbsolute the default refresh token absolute lifetime
 */
record TemplatePolicy(
        ApplicationTemplate template,
        Set<String> authMethods,
        String defaultAuthMethod,
        Set<String> grantTypes,
        List<String> defaultGrantTypes,
        Set<String> requiredGrantTypes,
        List<String> defaultResponseTypes,
        boolean redirects,
        boolean privateUseSchemes,
        boolean pkceForced,
        boolean defaultRequirePkce,
        boolean corsOrigins,
        boolean adminScope,
        String defaultScope,
        boolean refreshTokens,
        Duration accessTokenLifetime,
        Duration refreshIdle,
        Duration refreshAbsolute) {

    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    static final String NONE = "none";
    static final String SECRET_BASIC = "client_secret_basic";
    static final String SECRET_POST = "client_secret_post";
    static final String SECRET_JWT = "client_secret_jwt";
    static final String PRIVATE_KEY_JWT = "private_key_jwt";

    static final Set<String> CONFIDENTIAL = Set.of(SECRET_BASIC, SECRET_POST, SECRET_JWT, PRIVATE_KEY_JWT);
    static final Set<String> ALL_AUTH_METHODS = Set.of(NONE, SECRET_BASIC, SECRET_POST, SECRET_JWT, PRIVATE_KEY_JWT);
    static final Set<String> ALL_GRANT_TYPES = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS, DEVICE_CODE);

    /** The default scopes of applications that act for users. */
    static final String USER_FACING_SCOPE = "openid profile email phone address offline_access";

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    static TemplatePolicy of(ApplicationTemplate template) {
        return switch (template) {
            case SINGLE_PAGE -> new TemplatePolicy(template,
                    Set.of(NONE), NONE,
                    Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN), List.of(AUTHORIZATION_CODE, REFRESH_TOKEN), Set.of(AUTHORIZATION_CODE),
                    List.of("code"), true, false, true, true, true, false, USER_FACING_SCOPE,
                    true, MINUTE.multipliedBy(5), DAY, DAY.multipliedBy(7));
            case TRADITIONAL_WEB -> new TemplatePolicy(template,
                    CONFIDENTIAL, SECRET_BASIC,
                    Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN), List.of(AUTHORIZATION_CODE, REFRESH_TOKEN), Set.of(AUTHORIZATION_CODE),
                    List.of("code"), true, false, false, true, false, false, USER_FACING_SCOPE,
                    true, MINUTE.multipliedBy(15), DAY.multipliedBy(30), DAY.multipliedBy(90));
            case NATIVE -> new TemplatePolicy(template,
                    Set.of(NONE), NONE,
                    Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, DEVICE_CODE), List.of(AUTHORIZATION_CODE, REFRESH_TOKEN),
                    Set.of(AUTHORIZATION_CODE, DEVICE_CODE),
                    List.of("code"), true, true, true, true, false, false, USER_FACING_SCOPE,
                    true, MINUTE.multipliedBy(15), DAY.multipliedBy(30), DAY.multipliedBy(90));
            case MACHINE_TO_MACHINE -> new TemplatePolicy(template,
                    CONFIDENTIAL, SECRET_BASIC,
                    Set.of(CLIENT_CREDENTIALS), List.of(CLIENT_CREDENTIALS), Set.of(CLIENT_CREDENTIALS),
                    List.of(), false, false, false, false, false, true, "",
                    false, MINUTE.multipliedBy(60), Duration.ZERO, Duration.ZERO);
            case STANDARD_OIDC -> new TemplatePolicy(template,
                    ALL_AUTH_METHODS, SECRET_BASIC,
                    ALL_GRANT_TYPES, List.of(AUTHORIZATION_CODE), Set.of(),
                    List.of("code"), true, true, false, true, true, false, USER_FACING_SCOPE,
                    true, MINUTE.multipliedBy(15), DAY.multipliedBy(30), DAY.multipliedBy(90));
        };
    }
}
