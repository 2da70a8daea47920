package org.gatehouse.protocol.scim2.internal;

import java.util.Locale;
import java.util.function.Predicate;
import org.gatehouse.api.userstore.UserStoreDescriptor;

/**
 * SCIM ids that are unique across user stores. A store's ids are unique only within that store, so
 * entries of the primary store keep their id and entries of a secondary store are named
 * {@code DOMAIN:id} (the management API names the same entry by its id plus {@code ?domain=DOMAIN}).
 * A colon cannot occur in a domain, so the first colon separates the two; an id with a colon whose
 * prefix is not a secondary domain is a primary id.
 */
final class ScimIds {

    /** A store's domain and the id within that store. */
    record Local(String domain, String id) {}

    private final Predicate<String> isSecondaryDomain;

    /** @param isSecondaryDomain whether a store of that (upper-case) domain other than the primary is registered */
    ScimIds(Predicate<String> isSecondaryDomain) {
        this.isSecondaryDomain = isSecondaryDomain;
    }

    static String of(String domain, String id) {
        return UserStoreDescriptor.PRIMARY_DOMAIN.equals(domain) ? id : domain + ":" + id;
    }

    Local parse(String scimId) {
        int colon = scimId.indexOf(':');
        if (colon > 0) {
            String domain = scimId.substring(0, colon);
            if (domain.equals(domain.toUpperCase(Locale.ROOT)) && isSecondaryDomain.test(domain)) {
                return new Local(domain, scimId.substring(colon + 1));
            }
        }
        return new Local(UserStoreDescriptor.PRIMARY_DOMAIN, scimId);
    }

    /** {@code CORP/alice} for a user of the store CORP; a primary user's name has no prefix. */
    static String qualifiedName(String domain, String name) {
        return UserStoreDescriptor.PRIMARY_DOMAIN.equals(domain) ? name : domain + "/" + name;
    }
}
