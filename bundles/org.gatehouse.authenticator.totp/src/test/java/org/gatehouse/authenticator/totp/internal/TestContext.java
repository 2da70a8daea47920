package org.gatehouse.authenticator.totp.internal;

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

/** A step context as the runtime would pass it, with the state in a map. */
final class TestContext implements StepContext {

    private final Optional<UserRef> user;
    final Map<String, String> state = new HashMap<>();

    TestContext(UserRef user) {
        this.user = Optional.ofNullable(user);
    }

    @Override
    public OrganizationRef organization() {
        return OrganizationRef.root();
    }

    @Override
    public ApplicationRef application() {
        return new ApplicationRef("app-1", "client-1", "Acme");
    }

    @Override
    public Locale locale() {
        return Locale.ENGLISH;
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
