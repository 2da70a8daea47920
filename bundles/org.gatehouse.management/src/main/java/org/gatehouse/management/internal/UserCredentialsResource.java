package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.management.internal.Representations.ListView;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/users/{id}/credentials}: the factors a user has set up (TOTP, passkeys, backup codes),
 * to see and to remove, e.g. for a lost phone. Only what identifies a factor is shown: never the
 * sealed secret, nor the authenticator's {@code data} (public keys, counters, code hashes), which
 * helps nobody administering it and some attackers.
 */
@Component(service = UserCredentialsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/users/{id}/credentials")
@Produces(ManagementApi.APPLICATION_JSON)
public final class UserCredentialsResource {

    private static final String STORE = "The credential store";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Credentials credentials;

    private final Directory directory = new Directory(() -> userDirectory);

    /** {@code lastUsedAt} is null, not absent, for a factor never used: the shape never changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CredentialView(String id, String type, String label, Instant createdAt, Instant lastUsedAt) {}

    @GET
    public ListView<CredentialView> list(@PathParam("id") String id, @QueryParam("domain") String domain) {
        UserRef user = user(id, domain);
        Credentials store = store();
        List<CredentialView> items = CoreCalls.call(() -> store.list(Directory.ORG, user, null), STORE).stream()
                .map(c -> new CredentialView(c.id(), c.type(), c.label(), c.createdAt(), c.lastUsedAt().orElse(null)))
                .toList();
        return new ListView<>(items.size(), 0, items.size(), items);
    }

    @DELETE
    @Path("{credentialId}")
    public Response remove(@PathParam("id") String id, @PathParam("credentialId") String credentialId, @QueryParam("domain") String domain) {
        UserRef user = user(id, domain);
        Credentials store = store();
        // removing an unknown id does nothing in the store; the API says so with 404, as for any unknown entity
        boolean known = CoreCalls.call(() -> store.list(Directory.ORG, user, null), STORE).stream()
                .map(Credential::id)
                .anyMatch(credentialId::equals);
        if (!known) {
            throw ApiException.notFound("The user has no credential with id " + credentialId);
        }
        CoreCalls.run(() -> store.remove(Directory.ORG, user, credentialId), STORE);
        return Response.noContent().build();
    }

    private UserRef user(String id, String domain) {
        return directory.user(id, Validation.normalizeDomain("domain", domain)).entity().ref();
    }

    private Credentials store() {
        Credentials store = credentials;
        if (store == null) {
            throw ApiException.unavailable("The credential store is not available yet; retry shortly");
        }
        return store;
    }
}
