package org.gatehouse.api.context;

import java.util.Objects;

/**
 * A reference to an organization (a tenant). Every user, group, application and connection belongs
 * to exactly one organization; the root organization exists from the first start.
 *
 * @param id the organization's stable identifier
 * @param handle its short, URL-safe name, unique across the server
 */
public record OrganizationRef(String id, String handle) {

    /** The identifier of the root organization, the same on every Gatehouse server. */
    public static final String ROOT_ID = "00000000-0000-0000-0000-000000000000";

    /** The handle of the root organization. */
    public static final String ROOT_HANDLE = "root";

    private static final OrganizationRef ROOT = new OrganizationRef(ROOT_ID, ROOT_HANDLE);

    public OrganizationRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handle, "handle");
    }

    /** @return the root organization */
    public static OrganizationRef root() {
        return ROOT;
    }

    /** @return whether this is the root organization */
    public boolean isRoot() {
        return ROOT_ID.equals(id);
    }
}
