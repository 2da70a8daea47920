package org.gatehouse.management.internal;

import java.util.Optional;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Bearer tokens verified by the OAuth 2 authorization server. Present only while a verifier is: the
 * authentication filter answers bearer requests with 503 meanwhile.
 */
@Component(service = BearerTokens.class)
public final class OAuthBearerTokens implements BearerTokens {

    private final AccessTokenVerifier verifier;

    @Activate
    public OAuthBearerTokens(@Reference AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<Token> verify(String accessToken) {
        return verifier.verify(accessToken).map(t -> new Token(t.clientId(), t.organizationId(), t.user(), t.scopes()));
    }
}
