package org.gatehouse.application.internal;

import static org.gatehouse.application.InvalidClientMetadataException.INVALID_CLIENT_METADATA;
import static org.gatehouse.application.InvalidClientMetadataException.INVALID_REDIRECT_URI;
import static org.gatehouse.application.internal.TemplatePolicy.AUTHORIZATION_CODE;
import static org.gatehouse.application.internal.TemplatePolicy.CLIENT_CREDENTIALS;
import static org.gatehouse.application.internal.TemplatePolicy.DEVICE_CODE;
import static org.gatehouse.application.internal.TemplatePolicy.NONE;
import static org.gatehouse.application.internal.TemplatePolicy.PRIVATE_KEY_JWT;
import static org.gatehouse.application.internal.TemplatePolicy.REFRESH_TOKEN;
import static org.gatehouse.application.internal.TemplatePolicy.SECRET_JWT;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatehouse.application.AccessTokenFormat;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.ClientMetadata;
import org.gatehouse.application.InvalidClientMetadataException;

/**
 * Turns client metadata sent as RFC 7591 JSON values into {@link ClientMetadata} under the rules of
 * a template: unknown fields, wrong types and settings unsafe for the template are refused with an
 * {@link InvalidClientMetadataException} that names the field; what is missing is filled in with the
 * template's defaults ({@link TemplatePolicy}).
 *
 * <p>Settings are replaced as a whole (RFC 7592 semantics): a field left out of an update gets its
 * default again, never the previous value.
 */
final class TemplateRules {

    /** The scope that grants the management API; only machine clients may hold it. */
    static final String ADMIN_SCOPE = "gatehouse:admin";

    /** JWS algorithms the server signs ID tokens and access tokens with. */
    static final Set<String> SERVER_SIGNING_ALGS = Set.of("RS256", "PS256", "ES256", "EdDSA");
    /** JWS algorithms accepted from clients (private_key_jwt, request objects). */
    static final Set<String> CLIENT_ASYMMETRIC_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");
    static final Set<String> CLIENT_HMAC_ALGS = Set.of("HS256", "HS384", "HS512");

    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{3,128}");
    /** RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** RFC 8252 §7.1: a private-use scheme is a reverse domain name (it contains a period). */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*(\\.[a-z0-9+-]+)+");
    private static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    static final long MIN_ACCESS_LIFETIME = 60;
    static final long MAX_ACCESS_LIFETIME = 86_400;
    static final long MIN_REFRESH_LIFETIME = 60;
    static final long MAX_REFRESH_LIFETIME = Duration.ofDays(365).toSeconds();
    private static final int MAX_URIS = 50;
    private static final int MAX_URI_LENGTH = 2048;
    private static final int MAX_SCOPES = 100;
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_JWKS_KEYS = 20;

    /** Fields that are answers of the server: accepted so that a representation can be sent back, then checked or ignored. */
    static final Set<String> READ_ONLY = Set.of("client_id", "template", "client_id_issued_at", "client_secret_expires_at");

    /** Every field this server knows, under its JSON name. */
    static final Set<String> FIELDS = Set.of(
            "client_id", "client_name", "template", "client_id_issued_at", "client_secret_expires_at",
            "redirect_uris", "post_logout_redirect_uris", "grant_types", "response_types",
            "token_endpoint_auth_method", "token_endpoint_auth_signing_alg", "scope", "jwks", "jwks_uri",
            "id_token_signed_response_alg", "request_object_signing_alg", "access_token_format",
            "access_token_signed_response_alg", "access_token_lifetime", "refresh_token_idle_lifetime",
            "refresh_token_absolute_lifetime", "require_pkce", "require_pushed_authorization_requests",
            "require_signed_request_object", "skip_consent", "allowed_cors_origins", "backchannel_logout_uri",
            "backchannel_logout_session_required", "default_max_age", "require_auth_time",
            "client_uri", "logo_uri", "policy_uri", "tos_uri", "contacts");

    /** How the metadata arrived; some settings are reserved to administrators. */
    enum Origin {
        /** An administrator, through the management API: {@code client_name} is required. */
        MANAGEMENT,
        /** Anyone, through dynamic client registration (RFC 7591): no first-party settings. */
        DYNAMIC_REGISTRATION,
        /** An update: {@code client_name} may be left out (the current one stays). */
        UPDATE,
        /** An update of an application that was registered dynamically. */
        DYNAMIC_UPDATE
    }

    /**
     * The outcome.
     *
     * @param clientId the requested {@code client_id}, if any
     * @param clientName {@code client_name}, if given
     * @param metadata the complete settings
     */
    record Parsed(Optional<String> clientId, Optional<String> clientName, ClientMetadata metadata) {}

    private final TemplatePolicy policy;
    private final Map<String, Object> in;
    private final Origin origin;

    private TemplateRules(ApplicationTemplate template, Map<String, Object> metadata, Origin origin) {
        this.policy = TemplatePolicy.of(template);
        this.in = metadata == null ? Map.of() : new HashMap<>(metadata);
        this.origin = origin;
    }

    /**
     * @throws InvalidClientMetadataException for the first problem found
     */
    static Parsed apply(ApplicationTemplate template, Map<String, Object> metadata, Origin origin) {
        return new TemplateRules(template, metadata, origin).parse();
    }

    // ---------------------------------------------------------------------------------------------

    private Parsed parse() {
        for (String field : new java.util.TreeSet<>(in.keySet())) {
            if (!FIELDS.contains(field)) {
                throw invalid(field, "Unknown client metadata field '" + field + "'" + hintFor(field));
            }
        }
        Optional<String> template = string("template");
        if (template.isPresent() && !template.get().equals(policy.template().id())) {
            throw invalid("template", "The template of an application is '" + policy.template().id()
                    + "'; it cannot be changed (create a new application instead)");
        }
        Optional<String> clientId = string("client_id");
        if (clientId.isPresent() && !CLIENT_ID.matcher(clientId.get()).matches()) {
            throw invalid("client_id", "client_id must be 3 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        optionalNumber("client_id_issued_at");
        optionalNumber("client_secret_expires_at");
        Optional<String> clientName = clientName();

        String authMethod = authMethod();
        Set<String> grantTypes = grantTypes(authMethod);
        Set<String> responseTypes = responseTypes(grantTypes);
        boolean authorizationCode = grantTypes.contains(AUTHORIZATION_CODE);

        List<String> redirectUris = redirectUris("redirect_uris", INVALID_REDIRECT_URI);
        if (authorizationCode && redirectUris.isEmpty()) {
            throw new InvalidClientMetadataException(INVALID_REDIRECT_URI, "redirect_uris",
                    "redirect_uris must name at least one redirect URI for the authorization_code grant");
        }
        List<String> postLogout = redirectUris("post_logout_redirect_uris", INVALID_CLIENT_METADATA);

        Optional<String> jwks = jwks();
        Optional<URI> jwksUri = uri("jwks_uri", true);
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw invalid("jwks", "Register either jwks or jwks_uri, not both (RFC 7591)");
        }
        if (PRIVATE_KEY_JWT.equals(authMethod) && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw invalid("jwks", "private_key_jwt needs the client's public keys: register jwks or jwks_uri");
        }
        Optional<String> authSigningAlg = authSigningAlg(authMethod);

        Set<String> scopes = scopes();
        String idTokenAlg = serverAlg("id_token_signed_response_alg", "RS256");
        Optional<String> requestObjectAlg = string("request_object_signing_alg");
        if (requestObjectAlg.isPresent() && !CLIENT_ASYMMETRIC_ALGS.contains(requestObjectAlg.get())) {
            throw invalid("request_object_signing_alg", "request_object_signing_alg must be one of " + sorted(CLIENT_ASYMMETRIC_ALGS));
        }
        AccessTokenFormat format = accessTokenFormat();
        String accessTokenAlg = serverAlg("access_token_signed_response_alg", "ES256");

        Duration access = lifetime("access_token_lifetime", MIN_ACCESS_LIFETIME, MAX_ACCESS_LIFETIME, policy.accessTokenLifetime());
        Duration refreshIdle;
        Duration refreshAbsolute;
        if (policy.refreshTokens()) {
            refreshIdle = lifetime("refresh_token_idle_lifetime", MIN_REFRESH_LIFETIME, MAX_REFRESH_LIFETIME, policy.refreshIdle());
            refreshAbsolute = lifetime("refresh_token_absolute_lifetime", MIN_REFRESH_LIFETIME, MAX_REFRESH_LIFETIME, policy.refreshAbsolute());
            if (refreshIdle.compareTo(refreshAbsolute) > 0) {
                throw invalid(in.containsKey("refresh_token_idle_lifetime") ? "refresh_token_idle_lifetime" : "refresh_token_absolute_lifetime",
                        "refresh_token_idle_lifetime (" + refreshIdle.toSeconds() + ") must not exceed refresh_token_absolute_lifetime ("
                                + refreshAbsolute.toSeconds() + ")");
            }
        } else {
            for (String f : List.of("refresh_token_idle_lifetime", "refresh_token_absolute_lifetime")) {
                if (in.get(f) != null) {
                    throw invalid(f, templateName() + " applications get no refresh tokens; remove " + f);
                }
            }
            refreshIdle = Duration.ZERO;
            refreshAbsolute = Duration.ZERO;
        }

        boolean requirePkce = requirePkce();
        boolean par = bool("require_pushed_authorization_requests", false);
        boolean signedRequest = bool("require_signed_request_object", false);
        if (signedRequest && jwks.isEmpty() && jwksUri.isEmpty()) {
            throw invalid("require_signed_request_object", "Signed request objects are verified with the client's keys: register jwks or jwks_uri");
        }
        boolean skipConsent = bool("skip_consent", false);
        if (skipConsent && (origin == Origin.DYNAMIC_REGISTRATION || origin == Origin.DYNAMIC_UPDATE)) {
            throw invalid("skip_consent", "skip_consent marks a first-party application; only an administrator can set it");
        }
        List<String> cors = corsOrigins();
        Optional<URI> backchannel = uri("backchannel_logout_uri", false);
        boolean backchannelSession = bool("backchannel_logout_session_required", false);
        if (!policy.redirects()) {
            rejectIfSet("backchannel_logout_uri", backchannel.isPresent(), "has no users to log out");
            rejectIfSet("backchannel_logout_session_required", backchannelSession, "has no users to log out");
        }
        Optional<Duration> maxAge = optionalNumber("default_max_age").map(n -> {
            if (n < 0 || n > MAX_REFRESH_LIFETIME) {
                throw invalid("default_max_age", "default_max_age must be between 0 and " + MAX_REFRESH_LIFETIME + " seconds");
            }
            return Duration.ofSeconds(n);
        });
        boolean requireAuthTime = bool("require_auth_time", false);

        ClientMetadata metadata = new ClientMetadata(redirectUris, postLogout, grantTypes, responseTypes, authMethod, authSigningAlg,
                scopes, jwks, jwksUri, idTokenAlg, requestObjectAlg, format, accessTokenAlg, access, refreshIdle, refreshAbsolute,
                requirePkce, par, signedRequest, skipConsent, cors, backchannel, backchannelSession, maxAge, requireAuthTime,
                uri("client_uri", false), uri("logo_uri", false), uri("policy_uri", false), uri("tos_uri", false), contacts());
        return new Parsed(clientId, clientName, metadata);
    }

    private static String hintFor(String field) {
        return switch (field) {
            case "client_secret" -> "; secrets are issued by the server (rotate the secret to get a new one)";
            case "scopes" -> "; did you mean 'scope' (a space-separated string)?";
            default -> "";
        };
    }

    private Optional<String> clientName() {
        Optional<String> name = string("client_name");
        if (name.isPresent()) {
            String n = name.get().strip();
            if (n.isEmpty() || n.length() > MAX_NAME_LENGTH || n.chars().anyMatch(Character::isISOControl)) {
                throw invalid("client_name", "client_name must be 1 to " + MAX_NAME_LENGTH + " printable characters");
            }
            return Optional.of(n);
        }
        if (origin == Origin.MANAGEMENT) {
            throw invalid("client_name", "client_name is required: users see it on login and consent pages");
        }
        return Optional.empty();
    }

    private String authMethod() {
        String method = string("token_endpoint_auth_method").orElse(policy.defaultAuthMethod());
        if (!TemplatePolicy.ALL_AUTH_METHODS.contains(method)) {
            throw invalid("token_endpoint_auth_method", "Unknown token_endpoint_auth_method '" + method + "'; supported: "
                    + sorted(TemplatePolicy.ALL_AUTH_METHODS));
        }
        if (!policy.authMethods().contains(method)) {
            String why = policy.authMethods().equals(Set.of(NONE))
                    ? " applications are public clients: they cannot keep a secret, so token_endpoint_auth_method must be none"
                    : " applications are confidential clients: token_endpoint_auth_method must be one of " + sorted(policy.authMethods());
            throw invalid("token_endpoint_auth_method", templateName() + why);
        }
        return method;
    }

    private Set<String> grantTypes(String authMethod) {
        List<String> given = stringList("grant_types").orElse(policy.defaultGrantTypes());
        Set<String> grants = new LinkedHashSet<>();
        for (String g : given) {
            if (g.equals("implicit") || g.equals("password")) {
                throw invalid("grant_types", "The " + g + " grant is not supported: OAuth 2.1 removed it as unsafe; use authorization_code with PKCE"
                        + (g.equals("password") ? " (or client_credentials for a service)" : ""));
            }
            if (!TemplatePolicy.ALL_GRANT_TYPES.contains(g)) {
                throw invalid("grant_types", "Unsupported grant type '" + g + "'; supported: " + sorted(TemplatePolicy.ALL_GRANT_TYPES));
            }
            if (!policy.grantTypes().contains(g)) {
                throw invalid("grant_types", templateName() + " applications cannot use the " + g + " grant; allowed: " + sorted(policy.grantTypes()));
            }
            grants.add(g);
        }
        if (grants.isEmpty()) {
            throw invalid("grant_types", "grant_types must name at least one grant type");
        }
        if (!policy.requiredGrantTypes().isEmpty() && grants.stream().noneMatch(policy.requiredGrantTypes()::contains)) {
            throw invalid("grant_types", templateName() + " applications need " + String.join(" or ", sorted(policy.requiredGrantTypes())));
        }
        if (grants.contains(REFRESH_TOKEN) && !grants.contains(AUTHORIZATION_CODE) && !grants.contains(DEVICE_CODE)) {
            throw invalid("grant_types", "refresh_token needs a grant that issues refresh tokens: authorization_code or the device grant");
        }
        if (grants.contains(CLIENT_CREDENTIALS) && NONE.equals(authMethod)) {
            throw invalid("grant_types", "client_credentials needs a confidential client; token_endpoint_auth_method none cannot use it");
        }
        return grants;
    }

    private Set<String> responseTypes(Set<String> grants) {
        boolean code = grants.contains(AUTHORIZATION_CODE);
        Optional<List<String>> given = stringList("response_types");
        if (given.isEmpty()) {
            return code ? new LinkedHashSet<>(policy.defaultResponseTypes()) : Set.of();
        }
        Set<String> types = new LinkedHashSet<>(given.get());
        for (String t : types) {
            if (!t.equals("code")) {
                throw invalid("response_types", "Only the response type 'code' is supported (OAuth 2.1 removed the implicit and hybrid flows); got '" + t + "'");
            }
        }
        if (code && types.isEmpty()) {
            throw invalid("response_types", "The authorization_code grant needs the response type 'code'");
        }
        if (!code && !types.isEmpty()) {
            throw invalid("response_types", "The response type 'code' needs the authorization_code grant in grant_types");
        }
        return types;
    }

    private List<String> redirectUris(String field, String error) {
        List<String> given = stringList(field).orElse(List.of());
        if (given.isEmpty()) {
            return List.of();
        }
        if (!policy.redirects()) {
            throw new InvalidClientMetadataException(error, field, templateName() + " applications do not redirect users; remove " + field);
        }
        if (given.size() > MAX_URIS) {
            throw new InvalidClientMetadataException(error, field, field + " may hold at most " + MAX_URIS + " URIs");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String value : given) {
            String problem = redirectProblem(value);
            if (problem != null) {
                throw new InvalidClientMetadataException(error, field, "'" + abbreviate(value) + "' in " + field + ": " + problem);
            }
            result.add(value);
        }
        return List.copyOf(result);
    }

    /** @return what is wrong with a redirect URI, or null */
    private String redirectProblem(String value) {
        if (value.length() > MAX_URI_LENGTH) {
            return "longer than " + MAX_URI_LENGTH + " characters";
        }
        if (value.contains("*")) {
            return "wildcards are not allowed; register every redirect URI exactly";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "not a valid URI";
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            return "must be an absolute URI such as https://app.example.com/callback";
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            return "must not contain a fragment (RFC 6749 §3.1.2)";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user information";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri.getHost() == null ? "must name a host" : null;
        }
        if (scheme.equals("http")) {
            return isLoopback(uri.getHost()) ? null
                    : "must use https; plain http is allowed only for loopback (127.0.0.1, [::1], localhost)";
        }
        if (!policy.privateUseSchemes()) {
            return "must use https (or http on loopback); custom schemes are for native applications";
        }
        if (!PRIVATE_USE_SCHEME.matcher(scheme).matches()) {
            return "a custom scheme must be a reverse domain name you control, such as com.example.app:/callback (RFC 8252 §7.1)";
        }
        return null;
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1") || h.equals("localhost");
    }

    private List<String> corsOrigins() {
        List<String> given = stringList("allowed_cors_origins").orElse(List.of());
        if (given.isEmpty()) {
            return List.of();
        }
        if (!policy.corsOrigins()) {
            throw invalid("allowed_cors_origins", templateName() + " applications do not call the token endpoint from a browser; remove allowed_cors_origins");
        }
        if (given.size() > MAX_URIS) {
            throw invalid("allowed_cors_origins", "allowed_cors_origins may hold at most " + MAX_URIS + " origins");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String value : given) {
            String problem = originProblem(value);
            if (problem != null) {
                throw invalid("allowed_cors_origins", "'" + abbreviate(value) + "' in allowed_cors_origins: " + problem);
            }
            result.add(value.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(result);
    }

    private static String originProblem(String value) {
        if (value.contains("*")) {
            return "wildcards are not allowed; list every origin";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "not a valid origin";
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return "must be an origin: scheme://host[:port]";
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return "must be an origin without path, query or fragment: scheme://host[:port]";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost())) {
            return null;
        }
        return "must use https (or http on loopback)";
    }

    private Optional<String> jwks() {
        Object value = in.get("jwks");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> set)) {
            throw invalid("jwks", "jwks must be a JWK set: a JSON object with a 'keys' array");
        }
        for (Object member : set.keySet()) {
            if (!"keys".equals(member)) {
                throw invalid("jwks", "jwks must be a JWK set: a JSON object with only a 'keys' array");
            }
        }
        if (!(set.get("keys") instanceof List<?> keys) || keys.isEmpty()) {
            throw invalid("jwks", "jwks must hold at least one key in its 'keys' array");
        }
        if (keys.size() > MAX_JWKS_KEYS) {
            throw invalid("jwks", "jwks may hold at most " + MAX_JWKS_KEYS + " keys");
        }
        for (Object k : keys) {
            if (!(k instanceof Map<?, ?> key)) {
                throw invalid("jwks", "Each key in jwks must be a JSON object (a JWK)");
            }
            for (Object member : key.keySet()) {
                if (PRIVATE_JWK_MEMBERS.contains(String.valueOf(member))) {
                    throw invalid("jwks", "jwks must hold public keys only; a key has the private member '" + member
                            + "': remove it, and replace that key, since it is no longer secret");
                }
            }
            Object kty = key.get("kty");
            if (!"RSA".equals(kty) && !"EC".equals(kty) && !"OKP".equals(kty)) {
                throw invalid("jwks", "Each key in jwks needs a kty of RSA, EC or OKP");
            }
            boolean complete = switch ((String) kty) {
                case "RSA" -> key.get("n") instanceof String && key.get("e") instanceof String;
                case "EC" -> key.get("crv") instanceof String && key.get("x") instanceof String && key.get("y") instanceof String;
                default -> key.get("crv") instanceof String && key.get("x") instanceof String;
            };
            if (!complete) {
                throw invalid("jwks", "A " + kty + " key in jwks lacks its public parameters");
            }
        }
        return Optional.of(JsonText.write(set));
    }

    private Optional<String> authSigningAlg(String authMethod) {
        Optional<String> alg = string("token_endpoint_auth_signing_alg");
        if (alg.isEmpty()) {
            return alg;
        }
        if (SECRET_JWT.equals(authMethod)) {
            if (!CLIENT_HMAC_ALGS.contains(alg.get())) {
                throw invalid("token_endpoint_auth_signing_alg", "client_secret_jwt signs with HMAC: use one of " + sorted(CLIENT_HMAC_ALGS));
            }
        } else if (PRIVATE_KEY_JWT.equals(authMethod)) {
            if (!CLIENT_ASYMMETRIC_ALGS.contains(alg.get())) {
                throw invalid("token_endpoint_auth_signing_alg", "private_key_jwt signs with the client's private key: use one of "
                        + sorted(CLIENT_ASYMMETRIC_ALGS));
            }
        } else {
            throw invalid("token_endpoint_auth_signing_alg", "token_endpoint_auth_signing_alg applies only to client_secret_jwt and private_key_jwt");
        }
        return alg;
    }

    private Set<String> scopes() {
        String value = string("scope").orElse(policy.defaultScope());
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : value.split(" ")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(s).matches()) {
                throw invalid("scope", "scope is a space-separated list of scope tokens (RFC 6749 §3.3); '" + abbreviate(s) + "' is not one");
            }
            if (s.equals(ADMIN_SCOPE) && !policy.adminScope()) {
                throw invalid("scope", "The scope " + ADMIN_SCOPE + " administers the server; only machine-to-machine (m2m) applications may hold it");
            }
            scopes.add(s);
        }
        if (scopes.size() > MAX_SCOPES) {
            throw invalid("scope", "scope may hold at most " + MAX_SCOPES + " scopes");
        }
        return scopes;
    }

    private String serverAlg(String field, String defaultAlg) {
        String alg = string(field).orElse(defaultAlg);
        if (!SERVER_SIGNING_ALGS.contains(alg)) {
            throw invalid(field, field + " must be one of " + sorted(SERVER_SIGNING_ALGS) + "; unsigned and HMAC tokens are not issued");
        }
        return alg;
    }

    private AccessTokenFormat accessTokenFormat() {
        String f = string("access_token_format").orElse("jwt");
        return switch (f) {
            case "jwt" -> AccessTokenFormat.JWT;
            case "opaque" -> AccessTokenFormat.OPAQUE;
            default -> throw invalid("access_token_format", "access_token_format must be jwt or opaque");
        };
    }

    private Duration lifetime(String field, long min, long max, Duration defaultValue) {
        Optional<Long> seconds = optionalNumber(field);
        if (seconds.isEmpty()) {
            return defaultValue;
        }
        if (seconds.get() < min || seconds.get() > max) {
            throw invalid(field, field + " is in seconds, between " + min + " and " + max);
        }
        return Duration.ofSeconds(seconds.get());
    }

    private boolean requirePkce() {
        Object value = in.get("require_pkce");
        if (policy.pkceForced()) {
            if (value != null && !bool("require_pkce", true)) {
                throw invalid("require_pkce", templateName() + " applications are public clients: PKCE is always required");
            }
            return true;
        }
        return bool("require_pkce", policy.defaultRequirePkce());
    }

    private List<String> contacts() {
        List<String> contacts = stringList("contacts").orElse(List.of());
        if (contacts.size() > 20) {
            throw invalid("contacts", "contacts may hold at most 20 addresses");
        }
        for (String c : contacts) {
            if (c.length() > 254 || c.indexOf('@') < 1 || c.chars().anyMatch(ch -> ch <= ' ')) {
                throw invalid("contacts", "'" + abbreviate(c) + "' in contacts is not an e-mail address");
            }
        }
        return contacts;
    }

    private void rejectIfSet(String field, boolean set, String why) {
        if (set) {
            throw invalid(field, templateName() + " applications " + why + "; remove " + field);
        }
    }

    // ---- JSON types -----------------------------------------------------------------------------

    private Optional<String> string(String field) {
        Object value = in.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw invalid(field, field + " must be a string");
        }
        return Optional.of(s);
    }

    private Optional<List<String>> stringList(String field) {
        Object value = in.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(field, field + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw invalid(field, field + " must be an array of strings");
            }
            result.add(s);
        }
        return Optional.of(result);
    }

    private boolean bool(String field, boolean defaultValue) {
        Object value = in.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean b)) {
            throw invalid(field, field + " must be true or false");
        }
        return b;
    }

    private Optional<Long> optionalNumber(String field) {
        Object value = in.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Optional.of(((Number) value).longValue());
        }
        if (value instanceof BigInteger b && b.bitLength() < 63) {
            return Optional.of(b.longValue());
        }
        throw invalid(field, field + " must be a whole number");
    }

    private Optional<URI> uri(String field, boolean httpsOnly) {
        Optional<String> value = string(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw invalid(field, field + " is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (v.length() > MAX_URI_LENGTH || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(field, field + " must be an absolute https URI without fragment");
        }
        boolean ok = scheme.equals("https") || scheme.equals("http") && (!httpsOnly || isLoopback(uri.getHost()));
        if (!ok) {
            throw invalid(field, field + " must use https" + (httpsOnly ? " (http only on loopback)" : " or http"));
        }
        return Optional.of(uri);
    }

    // ---------------------------------------------------------------------------------------------

    private String templateName() {
        return switch (policy.template()) {
            case SINGLE_PAGE -> "Single-page (spa)";
            case TRADITIONAL_WEB -> "Traditional web (web)";
            case NATIVE -> "Native (native)";
            case MACHINE_TO_MACHINE -> "Machine-to-machine (m2m)";
            case STANDARD_OIDC -> "Standard OIDC (oidc)";
        };
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static InvalidClientMetadataException invalid(String field, String message) {
        return new InvalidClientMetadataException(INVALID_CLIENT_METADATA, field, message);
    }
}
