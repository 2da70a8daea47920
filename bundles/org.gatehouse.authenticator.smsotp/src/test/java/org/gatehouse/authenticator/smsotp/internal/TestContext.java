package org.gatehouse.authenticator.smsotp.internal;

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

/** A login in progress, as the runtime presents it; the state map is what the runtime would persist. */
final class TestContext implements StepContext {

    final Map<String, String> values = new HashMap<>();
    private final Optional<UserRef> user;
    private final Locale locale;
    private final String applicationName;

    TestContext(UserRef user, Locale locale, String applicationName) {
        this.user = Optional.ofNullable(user);
        this.locale = locale;
        this.applicationName = applicationName;
    }

    @Override
    public OrganizationRef organization() {
        return OrganizationRef.root();
    }

    @Override
    public ApplicationRef application() {
        return new ApplicationRef("app-1", "client-1", applicationName);
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
        return URI.create("http://127.0.0.1/login/callback");
    }
}
