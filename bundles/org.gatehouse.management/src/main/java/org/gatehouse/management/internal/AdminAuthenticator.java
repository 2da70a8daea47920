package org.gatehouse.management.internal;

import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;

/**
 * Decides whether an HTTP Basic {@code Authorization} header belongs to an administrator: an
 * active user of the primary store who is a member of {@value ManagementApi#ADMIN_GROUP} there.
 *
 * <p>The password check is cached ({@link CredentialCache}); the account state and the group
 * membership are checked on every request (two cheap lookups), so disabling an administrator or
 * removing them from the group takes effect at once.
 */
final class AdminAuthenticator {

    /** The Basic challenge alone. */
    static final String BASIC_CHALLENGE = "Basic realm=\"" + ManagementApi.REALM + "\", charset=\"UTF-8\"";
    /** Both schemes the API accepts (RFC 9110 §11.6.1: one field may list several challenges). */
    static final String CHALLENGE = BASIC_CHALLENGE + ", " + BearerAuthenticator.CHALLENGE;

    /**
     * The administrator a request was authenticated as.
     *
     * @param userId the user's id, or null for a machine client (a client-credentials token)
     * @param username the username, or {@code client:<client_id>} for a machine client
     */
    record Administrator(String userId, String username) {}

    private final CredentialCache cache;

    AdminAuthenticator(CredentialCache cache) {
        this.cache = cache;
    }

    /**
     * @param directory the user directory, or null while it is not bound
     * @throws ApiException 401 without valid credentials, 403 for a non-administrator, 503 when the
     *     user directory or the primary store is unavailable
     */
    Administrator authenticate(UserDirectory directory, String authorization) {
        BasicCredentials credentials = BasicCredentials.parse(authorization)
                .orElseThrow(() -> unauthorized(authorization == null
                        ? "Authentication required: send a bearer access token with the scope " + BearerAuthenticator.ADMIN_SCOPE
                                + " or HTTP Basic credentials of an administrator"
                        : "Malformed credentials: send HTTP Basic credentials of an administrator"));
        try {
            if (directory == null) {
                throw ApiException.unavailable("The user directory is not available yet; retry shortly");
            }
            UserStore primary = directory.primary();
            String primaryDomain = primary.descriptor().domain();
            User user = verify(directory, primary, credentials);
            if (!user.domain().equals(primaryDomain)) {
                throw forbidden();
            }
            if (!isAdministrator(primary, user.id())) {
                throw forbidden();
            }
            return new Administrator(user.id(), user.username());
        } catch (StoreUnavailableException e) {
            throw ApiException.unavailable("The primary user store is unavailable; retry later");
        } finally {
            credentials.wipe();
        }
    }

    /** @return whether the user of the primary store is a member of the administrators' group */
    static boolean isAdministrator(UserStore primary, String userId) {
        return primary.groupsOf(Directory.ORG, userId).stream().anyMatch(g -> g.name().equalsIgnoreCase(ManagementApi.ADMIN_GROUP));
    }

    private User verify(UserDirectory directory, UserStore primary, BasicCredentials credentials) {
        Optional<CredentialCache.Verified> cached = cache.lookup(credentials.username(), credentials.password());
        if (cached.isPresent()) {
            CredentialCache.Verified who = cached.get();
            Optional<User> user = who.domain().equals(primary.descriptor().domain())
                    ? primary.findUserById(Directory.ORG, who.userId())
                    : directory.store(who.domain()).flatMap(s -> s.findUserById(Directory.ORG, who.userId()));
            if (user.isPresent() && user.get().active() && user.get().username().equals(who.username())) {
                return user.get();
            }
            // deleted, renamed or disabled since: forget it and check the password afresh
            cache.invalidate(who.userId());
        }
        AuthenticationOutcome outcome = directory.authenticate(Directory.ORG, credentials.username(), credentials.password());
        switch (outcome.status()) {
            case SUCCESS -> {
                User user = outcome.user().orElseThrow(() -> unauthorized("Invalid credentials"));
                cache.remember(credentials.username(), credentials.password(),
                        new CredentialCache.Verified(user.id(), user.domain(), user.username()));
                return user;
            }
            case STORE_UNAVAILABLE -> throw ApiException.unavailable("The user store is unavailable; retry later");
            default -> throw unauthorized("Invalid credentials");
        }
    }

    static ApiException unauthorized(String detail) {
        Problem p = new Problem(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(401), 401, detail, null, null);
        return new ApiException(p, Map.of("WWW-Authenticate", CHALLENGE));
    }

    private static ApiException forbidden() {
        return new ApiException(ProblemType.FORBIDDEN, 403,
                "The management API is reserved to members of the group " + ManagementApi.ADMIN_GROUP);
    }
}
