package org.gatehouse.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;

/**
 * What a protocol asks of the login pages.
 *
 * @param organization the organization to log in to
 * @param application the application the user is logging in to (shown on the page, selects its
 *     flow)
 * @param returnTo the server-relative path (starting with a single {@code /}) the browser returns
 *     to once a session is established
 * @param forceAuthentication authenticate actively even when a session exists ({@code
 *     prompt=login}, or {@code max_age} exceeded)
 * @param selectAccount let the user confirm or switch the account of an existing session ({@code
 *     prompt=select_account})
 * @param maxAge the oldest acceptable authentication, if the protocol limits it
 * @param loginHint a username to pre-fill
 * @param uiLocales the preferred languages, BCP 47 tags, most preferred first
 * @param acrValues the requested authentication context classes, most preferred first
 * @param created when the request began
 * @param enrol the authenticator whose factor the user asked to set up once logged in (an
 *     application-initiated enrolment), if any
 */
public record LoginRequest(
        OrganizationRef organization,
        ApplicationRef application,
        String returnTo,
        boolean forceAuthentication,
        boolean selectAccount,
        Optional<Duration> maxAge,
        Optional<String> loginHint,
        List<String> uiLocales,
        List<String> acrValues,
        Instant created,
        Optional<String> enrol) {

    public LoginRequest {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(returnTo, "returnTo");
        if (!returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.contains("\\")) {
            throw new IllegalArgumentException("returnTo must be a server-relative path: " + returnTo);
        }
        maxAge = maxAge == null ? Optional.empty() : maxAge;
        loginHint = loginHint == null ? Optional.empty() : loginHint;
        uiLocales = List.copyOf(uiLocales);
        acrValues = List.copyOf(acrValues);
        Objects.requireNonNull(created, "created");
        enrol = enrol == null ? Optional.empty() : enrol;
    }

    /** A request without an enrolment. */
    public LoginRequest(OrganizationRef organization, ApplicationRef application, String returnTo, boolean forceAuthentication,
            boolean selectAccount, Optional<Duration> maxAge, Optional<String> loginHint, List<String> uiLocales, List<String> acrValues,
            Instant created) {
        this(organization, application, returnTo, forceAuthentication, selectAccount, maxAge, loginHint, uiLocales, acrValues, created,
                Optional.empty());
    }
}
