package org.gatehouse.management.internal;

import java.util.Optional;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Bearer tokens verified by the OAuth 2 authorization server. The verifier is an optional, dynamic
 * reference (a mandatory one would make the gatehouse-management feature unresolvable without the
 * OIDC feature): while it is missing, bearer requests are answered with 503. Without the verifier's
 * package this component cannot load at all, and the authentication filter answers 503 the same way.
 */
@Component(service = BearerTokens.class)
public final class OAuthBearerTokens implements BearerTokens {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccessTokenVerifier verifier;

    public OAuthBearerTokens() {}

    OAuthBearerTokens(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<Token> verify(String accessToken) {
        AccessTokenVerifier v = verifier;
        if (v == null) {
            throw BearerAuthenticator.verifierUnavailable();
        }
        return v.verify(accessToken).map(t -> new Token(t.clientId(), t.organizationId(), t.user(), t.scopes(), t.authTime()));
    }
}
