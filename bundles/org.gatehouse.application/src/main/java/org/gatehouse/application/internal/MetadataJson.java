package org.gatehouse.application.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.application.AccessTokenFormat;
import org.gatehouse.application.ClientMetadata;

/**
 * {@link ClientMetadata} as RFC 7591 JSON values, for {@code describe()} and for storage. Reading
 * trusts its input (it was validated when written) so that an application stored under older, looser
 * rules still loads; the rules apply again on its next change.
 */
final class MetadataJson {
    private MetadataJson() {}

    private static final List<String> GRANT_ORDER = List.of(TemplatePolicy.AUTHORIZATION_CODE, TemplatePolicy.REFRESH_TOKEN,
            TemplatePolicy.DEVICE_CODE, TemplatePolicy.CLIENT_CREDENTIALS);
    private static final List<String> USER_SCOPE_ORDER = List.of(TemplatePolicy.USER_FACING_SCOPE.split(" "));

    /** @return the settings as JSON values under their registration names, in a stable order */
    static Map<String, Object> toMap(ClientMetadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("redirect_uris", m.redirectUris());
        out.put("post_logout_redirect_uris", m.postLogoutRedirectUris());
        out.put("grant_types", ordered(m.grantTypes(), GRANT_ORDER));
        out.put("response_types", ordered(m.responseTypes(), List.of("code")));
        out.put("token_endpoint_auth_method", m.tokenEndpointAuthMethod());
        m.tokenEndpointAuthSigningAlg().ifPresent(a -> out.put("token_endpoint_auth_signing_alg", a));
        out.put("scope", String.join(" ", ordered(m.scopes(), USER_SCOPE_ORDER)));
        m.jwks().ifPresent(j -> out.put("jwks", JsonText.readObject(j)));
        m.jwksUri().ifPresent(u -> out.put("jwks_uri", u.toString()));
        out.put("id_token_signed_response_alg", m.idTokenSignedResponseAlg());
        m.requestObjectSigningAlg().ifPresent(a -> out.put("request_object_signing_alg", a));
        out.put("access_token_format", m.accessTokenFormat() == AccessTokenFormat.OPAQUE ? "opaque" : "jwt");
        out.put("access_token_signed_response_alg", m.accessTokenSigningAlg());
        out.put("access_token_lifetime", m.accessTokenLifetime().toSeconds());
        if (!m.refreshTokenAbsoluteLifetime().isZero()) {
            out.put("refresh_token_idle_lifetime", m.refreshTokenIdleLifetime().toSeconds());
            out.put("refresh_token_absolute_lifetime", m.refreshTokenAbsoluteLifetime().toSeconds());
        }
        out.put("require_pkce", m.requirePkce());
        out.put("require_pushed_authorization_requests", m.requirePushedAuthorizationRequests());
        out.put("require_signed_request_object", m.requireSignedRequestObject());
        out.put("skip_consent", m.skipConsent());
        out.put("allowed_cors_origins", m.allowedCorsOrigins());
        m.backchannelLogoutUri().ifPresent(u -> out.put("backchannel_logout_uri", u.toString()));
        out.put("backchannel_logout_session_required", m.backchannelLogoutSessionRequired());
        m.defaultMaxAge().ifPresent(d -> out.put("default_max_age", d.toSeconds()));
        out.put("require_auth_time", m.requireAuthTime());
        m.clientUri().ifPresent(u -> out.put("client_uri", u.toString()));
        m.logoUri().ifPresent(u -> out.put("logo_uri", u.toString()));
        m.policyUri().ifPresent(u -> out.put("policy_uri", u.toString()));
        m.tosUri().ifPresent(u -> out.put("tos_uri", u.toString()));
        out.put("contacts", m.contacts());
        return out;
    }

    /** Known values first in their usual order, then the rest alphabetically. */
    private static List<String> ordered(Collection<String> values, List<String> order) {
        List<String> result = new ArrayList<>();
        for (String o : order) {
            if (values.contains(o)) {
                result.add(o);
            }
        }
        values.stream().filter(v -> !order.contains(v)).sorted().forEach(result::add);
        return result;
    }

    static ClientMetadata fromMap(Map<String, Object> in) {
        return new ClientMetadata(
                strings(in, "redirect_uris"),
                strings(in, "post_logout_redirect_uris"),
                Set.copyOf(strings(in, "grant_types")),
                Set.copyOf(strings(in, "response_types")),
                (String) in.get("token_endpoint_auth_method"),
                Optional.ofNullable((String) in.get("token_endpoint_auth_signing_alg")),
                Set.copyOf(List.of(((String) in.getOrDefault("scope", "")).split(" ")).stream().filter(s -> !s.isEmpty()).toList()),
                Optional.ofNullable(in.get("jwks")).map(JsonText::write),
                uri(in, "jwks_uri"),
                (String) in.get("id_token_signed_response_alg"),
                Optional.ofNullable((String) in.get("request_object_signing_alg")),
                "opaque".equals(in.get("access_token_format")) ? AccessTokenFormat.OPAQUE : AccessTokenFormat.JWT,
                (String) in.get("access_token_signed_response_alg"),
                seconds(in, "access_token_lifetime"),
                seconds(in, "refresh_token_idle_lifetime"),
                seconds(in, "refresh_token_absolute_lifetime"),
                bool(in, "require_pkce"),
                bool(in, "require_pushed_authorization_requests"),
                bool(in, "require_signed_request_object"),
                bool(in, "skip_consent"),
                strings(in, "allowed_cors_origins"),
                uri(in, "backchannel_logout_uri"),
                bool(in, "backchannel_logout_session_required"),
                in.get("default_max_age") == null ? Optional.empty() : Optional.of(seconds(in, "default_max_age")),
                bool(in, "require_auth_time"),
                uri(in, "client_uri"),
                uri(in, "logo_uri"),
                uri(in, "policy_uri"),
                uri(in, "tos_uri"),
                strings(in, "contacts"));
    }

    private static List<String> strings(Map<String, Object> in, String field) {
        Object v = in.get(field);
        if (v == null) {
            return List.of();
        }
        return ((List<?>) v).stream().map(String::valueOf).toList();
    }

    private static Optional<URI> uri(Map<String, Object> in, String field) {
        return Optional.ofNullable((String) in.get(field)).map(URI::create);
    }

    private static Duration seconds(Map<String, Object> in, String field) {
        Object v = in.get(field);
        return v == null ? Duration.ZERO : Duration.ofSeconds(((Number) v).longValue());
    }

    private static boolean bool(Map<String, Object> in, String field) {
        return Boolean.TRUE.equals(in.get(field));
    }
}
