package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.management.internal.Representations.ListView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A user's own account, for applications acting for that user with the scope {@value
 * BearerAuthenticator#ACCOUNT_SCOPE}: the profile, and the sign-in methods (factors) the user has
 * set up, which the user may remove. New factors are set up through a login
 * ({@code /oauth2/authorize?...&enrol=<authenticator>}), where the user proves every factor the flow
 * asks for first. Removing one needs a recent sign-in: a stolen, long-lived token alone cannot
 * weaken the account.
 */
// the configuration is designated (described to metatype) by AdminAuthenticationFilter; one PID, one description
@Component(service = AccountResource.class, configurationPid = ManagementConfiguration.PID)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/me")
@Produces(ManagementApi.APPLICATION_JSON)
public final class AccountResource {

    private static final String STORE = "The credential store";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Credentials credentials;

    private final Duration recentSignIn;
    private final Clock clock;

    @Activate
    public AccountResource(ManagementConfiguration config) {
        this(Duration.ofSeconds(config.account_reauthentication_seconds()), Clock.systemUTC());
    }

    AccountResource(Duration recentSignIn, Clock clock) {
        this.recentSignIn = recentSignIn;
        this.clock = clock;
    }

    /** Every member is present, null when unset: the shape never changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AccountView(String id, String domain, String username, String displayName, String givenName, String familyName, String email,
            boolean emailVerified, String phoneNumber, String locale) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FactorView(String id, String type, String label, Instant createdAt, Instant lastUsedAt) {}

    @GET
    public AccountView account(@Context SecurityContext security) {
        User user = holder(security).user();
        UserProfile p = user.profile();
        return new AccountView(user.id(), user.domain(), user.username(), p.displayName(), p.givenName(), p.familyName(), p.email(),
                p.emailVerified(), p.phoneNumber(), p.locale());
    }

    @GET
    @Path("credentials")
    public ListView<FactorView> factors(@Context SecurityContext security) {
        UserRef user = holder(security).user().ref();
        Credentials store = store();
        List<FactorView> items = CoreCalls.call(() -> store.list(Directory.ORG, user, null), STORE).stream()
                .map(c -> new FactorView(c.id(), c.type(), c.label(), c.createdAt(), c.lastUsedAt().orElse(null)))
                .toList();
        return new ListView<>(items.size(), 0, items.size(), items);
    }

    @DELETE
    @Path("credentials/{credentialId}")
    public Response remove(@Context SecurityContext security, @PathParam("credentialId") String credentialId) {
        BearerAuthenticator.AccountHolder holder = holder(security);
        Instant signedIn = holder.authTime().orElse(Instant.EPOCH);
        if (signedIn.plus(recentSignIn).isBefore(clock.instant())) {
            throw BearerAuthenticator.reauthenticationRequired(recentSignIn.getSeconds());
        }
        UserRef user = holder.user().ref();
        Credentials store = store();
        // only the user's own factors are found: another user's id is as unknown as a made-up one
        boolean own = CoreCalls.call(() -> store.list(Directory.ORG, user, null), STORE).stream()
                .map(Credential::id)
                .anyMatch(credentialId::equals);
        if (!own) {
            throw ApiException.notFound("You have no sign-in method with that id");
        }
        CoreCalls.run(() -> store.remove(Directory.ORG, user, credentialId), STORE);
        return Response.noContent().build();
    }

    private static BearerAuthenticator.AccountHolder holder(SecurityContext security) {
        if (security != null && security.getUserPrincipal() instanceof AdminAuthenticationFilter.AccountHolderPrincipal p) {
            return p.holder();
        }
        // the authentication filter runs before every /api/me request; without it nobody is known
        throw new ApiException(ProblemType.UNAUTHORIZED, 401, "Authentication required");
    }

    private Credentials store() {
        Credentials store = credentials;
        if (store == null) {
            throw ApiException.unavailable("The credential store is not available yet; retry shortly");
        }
        return store;
    }
}
