package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.core.login.AccountLocks;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/users/{id}/lock}: the lockout after repeated failed logins, shown and lifted by an
 * administrator before it runs out.
 *
 * <p>Locks are kept per account name, not per user id (a lock must answer the same for a name that
 * does not exist), so the user is looked up first and the lock is addressed as {@code DOMAIN/username},
 * the form the core counts failures under for every store.
 */
@Component(service = UserLockResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/users/{id}/lock")
@Produces(ManagementApi.APPLICATION_JSON)
public final class UserLockResource {

    private static final String STORE = "The account lock store";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AccountLocks accountLocks;

    private final Directory directory = new Directory(() -> userDirectory);

    /** {@code lockedUntil} is null, not absent, when there is no lock: the shape never changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LockView(boolean locked, Instant lockedUntil) {}

    @GET
    public LockView get(@PathParam("id") String id, @QueryParam("domain") String domain) {
        String account = account(id, domain);
        AccountLocks locks = locks();
        Optional<Instant> until = CoreCalls.call(() -> locks.lockedUntil(Directory.ORG, account), STORE);
        return new LockView(until.isPresent(), until.orElse(null));
    }

    /** Lifts the lock and forgets the failures counted so far; 204 also when there was no lock (the state asked for holds). */
    @DELETE
    public Response unlock(@PathParam("id") String id, @QueryParam("domain") String domain) {
        String account = account(id, domain);
        AccountLocks locks = locks();
        CoreCalls.call(() -> locks.unlock(Directory.ORG, account), STORE);
        return Response.noContent().build();
    }

    private String account(String id, String domain) {
        User user = directory.user(id, Validation.normalizeDomain("domain", domain)).entity();
        return user.domain() + "/" + user.username();
    }

    private AccountLocks locks() {
        AccountLocks locks = accountLocks;
        if (locks == null) {
            throw ApiException.unavailable("Account locks are not available yet; retry shortly");
        }
        return locks;
    }
}
