package org.gatehouse.management.internal;

import java.security.Principal;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.gatehouse.api.userstore.UserDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Requires an administrator (HTTP Basic, until OAuth 2 protects the API) on every path under
 * {@code /api}, matched or not, except the OpenAPI document. Pre-matching, so that unknown paths
 * under {@code /api} reveal nothing to anonymous callers either.
 *
 * <p>The user directory is a dynamic reference: while it is missing the API answers 503 instead of
 * disappearing.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(ManagementApi.AUTH_EXTENSION)
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS})
@PreMatching
public final class AdminAuthenticationFilter implements ContainerRequestFilter {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    private final AdminAuthenticator authenticator;

    @Activate
    public AdminAuthenticationFilter(@Reference CredentialCache cache) {
        this.authenticator = new AdminAuthenticator(cache);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        if (!ApiPaths.requiresAdministrator(uri.getPath(true), uri.getPath(false))) {
            return;
        }
        AdminAuthenticator.Administrator admin = authenticator.authenticate(userDirectory, request.getHeaderString("Authorization"));
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new AdministratorContext(admin, secure));
    }

    private record AdministratorContext(AdminAuthenticator.Administrator admin, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return admin::username;
        }

        @Override
        public boolean isUserInRole(String role) {
            return ManagementApi.ADMIN_GROUP.equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SecurityContext.BASIC_AUTH;
        }
    }
}
