package org.gatehouse.management.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires an administrator on every path under {@code /api}, matched or not, except the OpenAPI
 * document: a bearer access token with the scope {@value BearerAuthenticator#ADMIN_SCOPE} (RFC 6750),
 * or, as configured ({@link ManagementConfiguration#basic_auth()}), HTTP Basic credentials of a member
 * of {@value ManagementApi#ADMIN_GROUP}. Pre-matching, so that unknown paths under {@code /api} reveal
 * nothing to anonymous callers either.
 *
 * <p>The user directory and the bearer token verifier are dynamic references: while one is missing
 * the requests that need it are answered with 503 instead of the API disappearing.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = ManagementConfiguration.PID)
@Designate(ocd = ManagementConfiguration.class)
@JaxrsExtension
@JaxrsName(ManagementApi.AUTH_EXTENSION)
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS})
@PreMatching
public final class AdminAuthenticationFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthenticationFilter.class);
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9]+)?");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile BearerTokens bearerTokens;

    /** Injected by the JAX-RS runtime (a proxy to the current request): the peer address decides "loopback". */
    @Context
    HttpServletRequest servletRequest;

    private final AdminAuthenticator authenticator;
    private final BasicAuthMode basicAuth;

    @Activate
    public AdminAuthenticationFilter(ManagementConfiguration config, Map<String, Object> properties, @Reference CredentialCache cache) {
        this(cache, basicAuthMode(config, properties));
    }

    AdminAuthenticationFilter(CredentialCache cache) {
        this(cache, BasicAuthMode.ENABLED);
    }

    AdminAuthenticationFilter(CredentialCache cache, BasicAuthMode basicAuth) {
        this.authenticator = new AdminAuthenticator(cache);
        this.basicAuth = basicAuth;
    }

    /** The typed value ({@code basic.auth}), or the same setting spelt {@code basic_auth}. */
    static BasicAuthMode basicAuthMode(ManagementConfiguration config, Map<String, Object> properties) {
        Object raw = properties.containsKey("basic_auth") ? properties.get("basic_auth") : config.basic_auth();
        return BasicAuthMode.parse(raw).orElseGet(() -> {
            LOG.error("Unknown basic_auth value '{}' in {}: expected enabled, loopback or disabled; HTTP Basic is accepted from loopback only",
                    raw, ManagementConfiguration.PID);
            return BasicAuthMode.LOOPBACK;
        });
    }

    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        if (ApiPaths.isAccountHolders(uri.getPath(true), uri.getPath(false))) {
            // users on their own account: only a token an application obtained for them, never a password here
            String bearer = bearerToken(request.getHeaderString("Authorization"));
            if (bearer == null) {
                Problem p = new Problem(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(401), 401,
                        "Authentication required: send a bearer access token with the scope " + BearerAuthenticator.ACCOUNT_SCOPE, null, null);
                throw new ApiException(p, Map.of("WWW-Authenticate", BearerAuthenticator.CHALLENGE));
            }
            request.setSecurityContext(new AccountHolderContext(BearerAuthenticator.accountHolder(bearerTokens, userDirectory, bearer), secure));
            return;
        }
        if (!ApiPaths.requiresAdministrator(uri.getPath(true), uri.getPath(false))) {
            return;
        }
        String authorization = request.getHeaderString("Authorization");
        String bearer = bearerToken(authorization);
        AdminAuthenticator.Administrator admin;
        String scheme;
        if (bearer != null) {
            admin = BearerAuthenticator.authenticate(bearerTokens, userDirectory, bearer);
            scheme = "Bearer";
        } else if (basicAuth.allows(loopbackCaller())) {
            admin = authenticator.authenticate(userDirectory, authorization);
            scheme = SecurityContext.BASIC_AUTH;
        } else {
            throw bearerRequired(authorization);
        }
        request.setSecurityContext(new AdministratorContext(admin, secure, scheme));
    }

    /** @return the token of a {@code Bearer} authorization (possibly empty), or null for any other scheme */
    static String bearerToken(String authorization) {
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

    private ApiException bearerRequired(String authorization) {
        boolean triedBasic = authorization != null && authorization.strip().toLowerCase(Locale.ROOT).startsWith("basic");
        String detail = !triedBasic
                ? "Authentication required: send a bearer access token with the scope " + BearerAuthenticator.ADMIN_SCOPE
                : basicAuth == BasicAuthMode.LOOPBACK
                        ? "HTTP Basic is accepted only from the loopback interface; send a bearer access token with the scope "
                                + BearerAuthenticator.ADMIN_SCOPE
                        : "HTTP Basic is disabled; send a bearer access token with the scope " + BearerAuthenticator.ADMIN_SCOPE;
        Problem p = new Problem(ProblemType.UNAUTHORIZED.uri(), ProblemType.UNAUTHORIZED.title(401), 401, detail, null, null);
        return new ApiException(p, Map.of("WWW-Authenticate", BearerAuthenticator.CHALLENGE));
    }

    /** Whether the TCP peer is on the loopback interface; forwarded-for headers are deliberately ignored. */
    private boolean loopbackCaller() {
        if (basicAuth != BasicAuthMode.LOOPBACK) {
            return false;
        }
        HttpServletRequest http = servletRequest;
        String address;
        try {
            address = http == null ? null : http.getRemoteAddr();
        } catch (RuntimeException e) {
            // no current request bound to the proxy
            return false;
        }
        return isLoopbackAddress(address);
    }

    static boolean isLoopbackAddress(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            // an IP literal: parsed, never looked up
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private record AdministratorContext(AdminAuthenticator.Administrator admin, boolean secure, String scheme) implements SecurityContext {
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
            return scheme;
        }
    }

    /** A user on their own account; the principal is the {@link BearerAuthenticator.AccountHolder}. */
    record AccountHolderContext(BearerAuthenticator.AccountHolder holder, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return new AccountHolderPrincipal(holder);
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }

    record AccountHolderPrincipal(BearerAuthenticator.AccountHolder holder) implements Principal {
        @Override
        public String getName() {
            return holder.user().domain() + "/" + holder.user().username();
        }
    }
}
