package org.gatehouse.management.internal;

/** Names shared by the components of the management API. */
final class ManagementApi {
    private ManagementApi() {}

    /**
     * The group in the primary user store whose members may use the management API. The bootstrap
     * of the core creates it; keep the two in step.
     */
    static final String ADMIN_GROUP = "gatehouse-admins";

    /** The realm of the HTTP Basic challenge. */
    static final String REALM = "gatehouse";

    static final String APPLICATION_JSON = "application/json";
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    // Whiteboard names of this bundle's extensions. Resources select them, so a resource is never
    // served without its JSON provider, its error mapping or, under /api, its authentication.
    static final String JSON_EXTENSION = "gatehouse.management.json";
    static final String ERRORS_EXTENSION = "gatehouse.management.errors";
    static final String AUTH_EXTENSION = "gatehouse.management.auth";
    static final String HTTP_EXTENSION = "gatehouse.management.http";

    static final String SELECT_JSON = "(osgi.jaxrs.name=" + JSON_EXTENSION + ")";
    static final String SELECT_ERRORS = "(osgi.jaxrs.name=" + ERRORS_EXTENSION + ")";
    static final String SELECT_AUTH = "(osgi.jaxrs.name=" + AUTH_EXTENSION + ")";
    static final String SELECT_HTTP = "(osgi.jaxrs.name=" + HTTP_EXTENSION + ")";
}
