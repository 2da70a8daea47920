package org.gatehouse.management.internal;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;

/**
 * Decides whether a bearer access token (RFC 6750) may use the management API: it must be active,
 * belong to the root organization and carry the scope {@value #ADMIN_SCOPE}; a token that acts for a
 * user additionally needs that user to be an active member of {@value ManagementApi#ADMIN_GROUP} in
 * the primary store, checked on every request like HTTP Basic.
 */
final class BearerAuthenticator {

    static final String ADMIN_SCOPE = "gatehouse:admin";
    /** Lets an application act for its signed-in user on the user's own account ({@code /api/me}). */
    static final String ACCOUNT_SCOPE = "gatehouse:account";
    static final String CHALLENGE = "Bearer realm=\"" + ManagementApi.REALM + "\"";

    /** RFC 6750 b64token, with a length bound. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int MAX_TOKEN_LENGTH = 8192;

    private BearerAuthenticator() {}

    /**
     * @param tokens the verifier, or null while there is none
     * @param directory the user directory, or null while it is not bound
     * @param token what follows {@code Bearer } in the {@code Authorization} header
     * @throws ApiException 400/401/403 with an RFC 6750 challenge, or 503 when a needed service is missing
     */
    static AdminAuthenticator.Administrator authenticate(BearerTokens tokens, UserDirectory directory, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(token).matches()) {
            throw challenge(400, ProblemType.HTTP, "invalid_request", "Malformed bearer token", null);
        }
        if (tokens == null) {
            throw verifierUnavailable();
        }
        BearerTokens.Token verified = tokens.verify(token)
                .orElseThrow(() -> challenge(401, ProblemType.UNAUTHORIZED, "invalid_token", "The access token is invalid, expired or revoked", null));
        if (!verified.scopes().contains(ADMIN_SCOPE)) {
            throw challenge(403, ProblemType.FORBIDDEN, "insufficient_scope",
                    "The management API needs an access token with the scope " + ADMIN_SCOPE, ADMIN_SCOPE);
        }
        if (!OrganizationRef.ROOT_ID.equals(verified.organizationId())) {
            throw forbidden("The management API is reserved to applications of the root organization");
        }
        Optional<UserRef> user = verified.user();
        if (user.isEmpty()) {
            return new AdminAuthenticator.Administrator(null, "client:" + verified.clientId());
        }
        return administrator(directory, user.get());
    }

    /**
     * The user a token acts for, on their own account: the token must be active, carry {@value
     * #ACCOUNT_SCOPE} and act for a user who still exists and is active (in any store).
     *
     * @throws ApiException 400/401/403 with an RFC 6750 challenge, or 503 when a needed service is missing
     */
    static AccountHolder accountHolder(BearerTokens tokens, UserDirectory directory, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(token).matches()) {
            throw challenge(400, ProblemType.HTTP, "invalid_request", "Malformed bearer token", null);
        }
        if (tokens == null) {
            throw verifierUnavailable();
        }
        BearerTokens.Token verified = tokens.verify(token)
                .orElseThrow(() -> challenge(401, ProblemType.UNAUTHORIZED, "invalid_token", "The access token is invalid, expired or revoked", null));
        if (!verified.scopes().contains(ACCOUNT_SCOPE)) {
            throw challenge(403, ProblemType.FORBIDDEN, "insufficient_scope",
                    "The account API needs an access token with the scope " + ACCOUNT_SCOPE, ACCOUNT_SCOPE);
        }
        UserRef ref = verified.user().orElseThrow(() -> forbidden("The account API needs a token issued to a user, not to an application alone"));
        if (!OrganizationRef.ROOT_ID.equals(verified.organizationId())) {
            // like the rest of this API, it serves the root organization (organizations come with their own endpoints)
            throw forbidden("The account API serves accounts of the root organization");
        }
        if (directory == null) {
            throw ApiException.unavailable("The user directory is not available yet; retry shortly");
        }
        try {
            User user = directory.store(ref.domain()).flatMap(s -> s.findUserById(Directory.ORG, ref.id()))
                    .filter(User::active)
                    .orElseThrow(() -> challenge(401, ProblemType.UNAUTHORIZED, "invalid_token", "The token's user no longer exists or is disabled", null));
            return new AccountHolder(user, verified.organizationId(), verified.clientId(), verified.authTime());
        } catch (StoreUnavailableException e) {
            throw ApiException.unavailable("The user's store is unavailable; retry later");
        }
    }

    /**
     * RFC 9470 (step-up authentication challenge): the token is fine, but the user authenticated
     * too long ago for what they are doing; a new login with {@code max_age} gets a fresh token.
     */
    static ApiException reauthenticationRequired(long maxAgeSeconds) {
        String description = "Sign in again (within the last " + maxAgeSeconds + " seconds) to change how you sign in";
        Problem p = new Problem(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(401), 401, description, null, null,
                "insufficient_user_authentication");
        return new ApiException(p, Map.of("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_user_authentication\", error_description=\""
                + description + "\", max_age=\"" + maxAgeSeconds + "\""));
    }

    /** A user acting on their own account through an application. */
    record AccountHolder(User user, String organizationId, String clientId, Optional<java.time.Instant> authTime) {}

    private static AdminAuthenticator.Administrator administrator(UserDirectory directory, UserRef ref) {
        if (directory == null) {
            throw ApiException.unavailable("The user directory is not available yet; retry shortly");
        }
        try {
            UserStore primary = directory.primary();
            if (!primary.descriptor().domain().equals(ref.domain())) {
                throw forbidden("The management API is reserved to members of the group " + ManagementApi.ADMIN_GROUP);
            }
            User user = primary.findUserById(Directory.ORG, ref.id()).filter(User::active)
                    .orElseThrow(() -> challenge(401, ProblemType.UNAUTHORIZED, "invalid_token", "The token's user no longer exists or is disabled", null));
            if (!AdminAuthenticator.isAdministrator(primary, user.id())) {
                throw forbidden("The management API is reserved to members of the group " + ManagementApi.ADMIN_GROUP);
            }
            return new AdminAuthenticator.Administrator(user.id(), user.username());
        } catch (StoreUnavailableException e) {
            throw ApiException.unavailable("The primary user store is unavailable; retry later");
        }
    }

    static ApiException verifierUnavailable() {
        return ApiException.unavailable("Bearer tokens cannot be verified right now (the OAuth 2 server is not available); retry shortly");
    }

    private static ApiException challenge(int status, ProblemType type, String error, String description, String scope) {
        Problem p = new Problem(type.uri(), type.title(status), status, description, null, null, error);
        StringBuilder header = new StringBuilder(CHALLENGE).append(", error=\"").append(error).append('"')
                .append(", error_description=\"").append(description).append('"');
        if (scope != null) {
            header.append(", scope=\"").append(scope).append('"');
        }
        return new ApiException(p, Map.of("WWW-Authenticate", header.toString()));
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(ProblemType.FORBIDDEN, 403, detail);
    }
}
