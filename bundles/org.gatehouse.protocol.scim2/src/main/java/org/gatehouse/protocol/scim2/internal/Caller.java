package org.gatehouse.protocol.scim2.internal;

import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * Who is calling, from a verified bearer access token, and what the token's scopes allow:
 * <ul>
 *   <li>{@value #READ}: read users and groups;
 *   <li>{@value #WRITE}: also create, change and delete them, and /Bulk;
 *   <li>{@value #ME}: the token's own user at /Me;
 *   <li>{@value #ADMIN}: everything the first two allow.
 * </ul>
 * A token that acts for a user may provision (read or write) only when that user is an
 * administrator (member of gatehouse-admins in the primary store); provisioning clients use
 * client-credentials tokens.
 *
 * @param provisioningAllowed whether the subject may use /Users, /Groups and /Bulk at all
 */
record Caller(String clientId, Optional<UserRef> user, Set<String> scopes, boolean provisioningAllowed) {

    static final String READ = "scim:read";
    static final String WRITE = "scim:write";
    static final String ME = "scim:me";
    static final String ADMIN = "gatehouse:admin";

    boolean canRead() {
        return provisioningAllowed && (scopes.contains(READ) || scopes.contains(WRITE) || scopes.contains(ADMIN));
    }

    boolean canWrite() {
        return provisioningAllowed && (scopes.contains(WRITE) || scopes.contains(ADMIN));
    }

    boolean canUseMe() {
        return user.isPresent() && scopes.contains(ME);
    }

    boolean anyScimScope() {
        return scopes.contains(READ) || scopes.contains(WRITE) || scopes.contains(ME) || scopes.contains(ADMIN);
    }

    void requireRead() {
        if (!canRead()) {
            throw insufficient(READ);
        }
    }

    void requireWrite() {
        if (!canWrite()) {
            throw insufficient(WRITE);
        }
    }

    private ScimException insufficient(String scope) {
        String detail = !provisioningAllowed
                ? "This token acts for a user who is not an administrator; provisioning needs a client-credentials token with the scope " + scope
                : "This needs an access token with the scope " + scope;
        return new ScimException(403, null, detail,
                java.util.Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", scope=\"" + scope + "\""));
    }
}
