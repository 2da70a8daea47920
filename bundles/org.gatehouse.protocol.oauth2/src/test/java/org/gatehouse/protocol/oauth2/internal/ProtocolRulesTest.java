package org.gatehouse.protocol.oauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolRulesTest {

    @Test
    void pkceS256MatchesTheRfc7636Example() {
        // RFC 7636 Appendix B
        assertThat(TokenEndpoint.s256Matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isTrue();
        assertThat(TokenEndpoint.s256Matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isFalse();
    }

    @Test
    void loopbackRedirectsMayChangeOnlyThePort() {
        assertThat(AuthorizationRequest.loopbackMatch("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb")).isTrue();
        assertThat(AuthorizationRequest.loopbackMatch("http://[::1]:8080/cb", "http://[::1]:9999/cb")).isTrue();
        assertThat(AuthorizationRequest.loopbackMatch("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb2")).isFalse();
        assertThat(AuthorizationRequest.loopbackMatch("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb?x=1")).isFalse();
        assertThat(AuthorizationRequest.loopbackMatch("http://127.0.0.1/cb", "http://evil@127.0.0.1:51234/cb")).isFalse();
        assertThat(AuthorizationRequest.loopbackMatch("http://localhost/cb", "http://localhost:51234/cb")).isFalse();
        assertThat(AuthorizationRequest.loopbackMatch("https://app.example/cb", "https://app.example:444/cb")).isFalse();
    }

    @Test
    void repeatedParametersAreRefused() {
        Map<String, String> into = new LinkedHashMap<>();
        assertThatThrownBy(() -> Parameters.parse("a=1&b=2&a=3", into))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }

    @Test
    void emptyParametersCountAsOmitted() {
        Map<String, String> into = new LinkedHashMap<>();
        Parameters.parse("a=&b=x%20y&c", into);
        assertThat(into).containsExactly(Map.entry("b", "x y"));
    }

    @Test
    void malformedEncodingIsAnInvalidRequest() {
        assertThatThrownBy(() -> Parameters.parse("a=%zz", new LinkedHashMap<>())).isInstanceOf(OAuthException.class);
    }

    @Test
    void scopesAreNarrowedToWhatTheClientMayHave() {
        assertThat(Scopes.granted(Scopes.parse("openid email admin"), Set.of("openid", "email", "profile"))).containsExactly("openid", "email");
        assertThat(Scopes.granted(Set.of(), Set.of("a"))).containsExactly("a");
        assertThatThrownBy(() -> Scopes.parse("ok bad\"quote")).isInstanceOf(OAuthException.class);
    }

    @Test
    void atHashIsTheLeftHalfOfTheHash() {
        // OpenID Connect Core: at_hash for RS256 / ES256 uses SHA-256; 16 bytes, base64url
        assertThat(Jwts.halfHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256")).isEqualTo("77QmUPtjPfzWtF2AnpK9RQ");
        assertThat(Jwts.halfHash("x", "ES256")).hasSize(22);
    }

    @Test
    void userCodesNormalizeLooseTyping() {
        assertThat(DeviceEndpoints.normalize("bcdf-ghjk")).isEqualTo("BCDFGHJK");
        assertThat(DeviceEndpoints.normalize(" BCDF GHJK ")).isEqualTo("BCDFGHJK");
    }

    @Test
    void pagesEscapeEverything() {
        assertThat(Pages.escape("<script>\"'&")).isEqualTo("&lt;script&gt;&quot;&#39;&amp;");
        assertThat(Pages.consent("<b>app</b>", Set.of("openid"), "/oauth2/consent", Map.of("id", "\"x"))).doesNotContain("<b>app</b>").contains("&quot;x");
    }

    @Test
    void formTargetsAreReducedToSafeCspSources() {
        assertThat(Exchange.origin("https://app.example.com:8443/cb?x=1")).isEqualTo("https://app.example.com:8443");
        assertThat(Exchange.origin("http://127.0.0.1:7777/cb")).isEqualTo("http://127.0.0.1:7777");
        assertThat(Exchange.origin("http://[::1]:7777/cb")).isEqualTo("http://[::1]:7777");
        assertThat(Exchange.origin("com.example.app:/callback")).isEqualTo("com.example.app:");
        assertThat(Exchange.origin("https://a.example;script-src/x")).isNull();
        assertThat(Exchange.origin("not a uri")).isNull();
    }

    @Test
    void discoveryListsConfiguredClaimMappingsOnceAfterTheStandardClaims() {
        UserClaims claims = new UserClaims(new String[] {"department=dept", "zoneinfo=tz", "email=mail"});
        assertThat(claims.supported()).startsWith("name", "given_name").endsWith("address", "department", "zoneinfo")
                .containsOnlyOnce("email");
        assertThatThrownBy(() -> new UserClaims(new String[] {"nomapping"})).isInstanceOf(IllegalArgumentException.class);
    }
}
