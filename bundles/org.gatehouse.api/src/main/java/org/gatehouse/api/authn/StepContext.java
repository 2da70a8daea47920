package org.gatehouse.api.authn;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.osgi.annotation.versioning.ProviderType;

/** What an authenticator knows about the login in progress. Implemented by the runtime. */
@ProviderType
public interface StepContext {

    OrganizationRef organization();

    ApplicationRef application();

    /** @return the locale to speak to the user in */
    Locale locale();

    /** @return the user, once an earlier step identified them */
    Optional<UserRef> user();

    RequestInfo request();

    /** @return this step's own state, persisted by the runtime between calls */
    StepState state();

    /** @return where an upstream identity provider must send the user back to */
    URI callbackUri();
}
