package org.gatehouse.authenticator.passkey.internal;

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

/** A login in progress: the runtime persists {@link #values} between calls, so tests can copy and restore it. */
final class TestContext implements StepContext {

    static final String ORIGIN = "https://login.example.com";

    final Map<String, String> values = new HashMap<>();
    Optional<UserRef> user = Optional.empty();
    Optional<String> origin = Optional.of(ORIGIN);

    TestContext() {}

    TestContext(UserRef user) {
        this.user = Optional.of(user);
    }

    @Override
    public OrganizationRef organization() {
        return OrganizationRef.root();
    }

    @Override
    public ApplicationRef application() {
        return new ApplicationRef("app-1", "client-1", "App");
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
        return new RequestInfo("192.0.2.1", "test", origin);
    }

    @Override
    public StepState state() {
        return new StepState() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public void put(String key, String value) {
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
        };
    }

    @Override
    public URI callbackUri() {
        return URI.create("https://idp.example.net/login/callback");
    }
}
