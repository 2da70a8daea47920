package org.gatehouse.sample.authenticator.securityquestion;

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

/** A step context as the runtime passes it, with the step state in a map. */
final class TestContext implements StepContext {

    private final Optional<UserRef> user;
    private final OrganizationRef organization;
    private final Locale locale;
    final Map<String, String> state = new HashMap<>();

    TestContext(UserRef user) {
        this(user, OrganizationRef.root(), Locale.ENGLISH);
    }

    TestContext(UserRef user, OrganizationRef organization, Locale locale) {
        this.user = Optional.ofNullable(user);
        this.organization = organization;
        this.locale = locale;
    }

    @Override
    public OrganizationRef organization() {
        return organization;
    }

    @Override
    public ApplicationRef application() {
        return new ApplicationRef("app-1", "client-1", "Acme");
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
        return new RequestInfo("127.0.0.1", "test", Optional.empty());
    }

    @Override
    public StepState state() {
        return new StepState() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(state.get(key));
            }

            @Override
            public void put(String key, String value) {
                state.put(key, value);
            }

            @Override
            public void remove(String key) {
                state.remove(key);
            }

            @Override
            public Set<String> keys() {
                return Set.copyOf(state.keySet());
            }
        };
    }

    @Override
    public URI callbackUri() {
        return URI.create("https://login.example/callback");
    }
}
