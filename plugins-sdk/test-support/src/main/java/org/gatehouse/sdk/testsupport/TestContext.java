package org.gatehouse.sdk.testsupport;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepState;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;

/**
 * A login in progress, as the runtime presents it to an authenticator. The step state is the live
 * map {@link #values()}: what the runtime would persist between calls, so a test can look into it
 * (no secret in it?), copy it and put it back (a replayed request).
 *
 * <p>Defaults: the root organization, application {@code app-1} / {@code client-1} named "Acme",
 * English, no user, a request from 127.0.0.1 without an {@code Origin}, callback
 * {@code http://127.0.0.1/login/callback}; the {@code with...} methods change them.
 */
public final class TestContext implements StepContext {

    private final Map<String, String> values = new HashMap<>();
    private final StepState state = new MapState(values);
    private OrganizationRef organization = OrganizationRef.root();
    private ApplicationRef application = new ApplicationRef("app-1", "client-1", "Acme");
    private Locale locale = Locale.ENGLISH;
    private Optional<UserRef> user = Optional.empty();
    private RequestInfo request = new RequestInfo("127.0.0.1", "test", Optional.empty());
    private URI callbackUri = URI.create("http://127.0.0.1/login/callback");

    /** A login no step has identified the user of yet. */
    public TestContext() {}

    /** @param user the user an earlier step identified, or null for none */
    public TestContext(UserRef user) {
        this.user = Optional.ofNullable(user);
    }

    /** @return the step state, live: changes the authenticator makes show here and the other way round */
    public Map<String, String> values() {
        return values;
    }

    public TestContext withUser(UserRef user) {
        this.user = Optional.ofNullable(user);
        return this;
    }

    public TestContext withOrganization(OrganizationRef organization) {
        this.organization = organization;
        return this;
    }

    public TestContext withLocale(Locale locale) {
        this.locale = locale;
        return this;
    }

    /** Keeps the application's ids, with another display name (it appears in messages to users). */
    public TestContext withApplicationName(String name) {
        this.application = new ApplicationRef(application.id(), application.clientId(), name);
        return this;
    }

    public TestContext withApplication(ApplicationRef application) {
        this.application = application;
        return this;
    }

    /** @param origin the browser's {@code Origin} header, e.g. {@code https://login.example.com}; null for none */
    public TestContext withOrigin(String origin) {
        this.request = new RequestInfo(request.clientAddress(), request.userAgent(), Optional.ofNullable(origin));
        return this;
    }

    public TestContext withRequest(RequestInfo request) {
        this.request = request;
        return this;
    }

    public TestContext withCallbackUri(URI callbackUri) {
        this.callbackUri = callbackUri;
        return this;
    }

    @Override
    public OrganizationRef organization() {
        return organization;
    }

    @Override
    public ApplicationRef application() {
        return application;
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public Optional<UserRef> user() {
        return user;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public StepState state() {
        return state;
    }

    @Override
    public URI callbackUri() {
        return callbackUri;
    }

    @Override
    public String toString() {
        return "TestContext[user=" + user.map(UserRef::username).orElse("-") + ", state keys=" + values.keySet() + "]";
    }

    /** The runtime persists strings only; null keys or values would be a bug in the authenticator. */
    private record MapState(Map<String, String> values) implements StepState {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void put(String key, String value) {
            if (key == null || value == null) {
                throw new AssertionError("step state keys and values must not be null: " + key + "=" + value);
            }
            values.put(key, value);
        }

        @Override
        public void remove(String key) {
            values.remove(key);
        }

        @Override
        public Set<String> keys() {
            return Set.copyOf(values.keySet());
        }
    }
}
