package org.gatehouse.protocol.scim2.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.gatehouse.protocol.oauth2.VerifiedAccessToken;

/**
 * Turns the {@code Authorization: Bearer} header (RFC 6750) into a {@link Caller}: the token must be
 * active and belong to an application of the root organization; a token that acts for a user needs
 * that user to exist and be active, and may provision only when the user is an administrator.
 */
final class BearerAuthentication {

    /** The group whose members may provision with their own tokens; the management API uses the same one. */
    static final String ADMIN_GROUP = "gatehouse-admins";
    private static final String CHALLENGE = "Bearer realm=\"gatehouse\"";
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int MAX_TOKEN_LENGTH = 8192;

    private BearerAuthentication() {}

    static Caller authenticate(String authorization, AccessTokenVerifier verifier, UserDirectory directory) {
        String token = bearer(authorization);
        if (token == null) {
            throw new ScimException(401, null, "Authentication required: send an OAuth 2 bearer access token with a SCIM scope",
                    Map.of("WWW-Authenticate", CHALLENGE));
        }
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(token).matches()) {
            throw new ScimException(400, null, "Malformed bearer token",
                    Map.of("WWW-Authenticate", CHALLENGE + ", error=\"invalid_request\""));
        }
        VerifiedAccessToken verified = verifier.verify(token)
                .orElseThrow(() -> invalidToken("The access token is invalid, expired or revoked"));
        if (!OrganizationRef.ROOT_ID.equals(verified.organizationId())) {
            throw ScimException.forbidden("SCIM serves applications of the root organization");
        }
        Optional<UserRef> user = verified.user();
        if (user.isEmpty()) {
            return new Caller(verified.clientId(), user, verified.scopes(), true);
        }
        return new Caller(verified.clientId(), user, verified.scopes(), administrator(directory, user.get()));
    }

    private static boolean administrator(UserDirectory directory, UserRef ref) {
        try {
            UserStore store = directory.store(ref.domain()).orElseThrow(() -> invalidToken("The token's user no longer exists"));
            User user = store.findUserById(ScimContext.ORG, ref.id()).filter(User::active)
                    .orElseThrow(() -> invalidToken("The token's user no longer exists or is disabled"));
            UserStore primary = directory.primary();
            return primary.descriptor().domain().equals(user.domain())
                    && primary.groupsOf(ScimContext.ORG, user.id()).stream().anyMatch(g -> g.name().equalsIgnoreCase(ADMIN_GROUP));
        } catch (StoreUnavailableException e) {
            throw ScimException.unavailable("The user store of the token's user is unavailable; retry shortly");
        }
    }

    /** @return the token of a {@code Bearer} authorization (possibly empty), or null for none or another scheme */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() >= 6 && value.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
                && (value.length() == 6 || value.charAt(6) == ' ')) {
            return value.substring(6).strip();
        }
        return null;
    }

    private static ScimException invalidToken(String detail) {
        return new ScimException(401, null, detail,
                Map.of("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\", error_description=\"" + detail + "\""));
    }
}
