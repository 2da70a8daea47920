package org.gatehouse.core.internal.login;

import java.net.URI;
import java.util.LinkedHashMap;
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
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.session.LoginRequest;

/** What an authenticator sees of a login; its state is a copy the engine stores after the call. */
final class EngineStepContext implements StepContext, StepState {

    /** Authenticators keep small things in their state; a runaway one must not bloat every row. */
    static final int MAX_STATE_CHARS = 8_000;

    private final LoginRequest request;
    private final LoginEngine.Environment environment;
    private final Optional<UserRef> user;
    private final Map<String, String> state;

    EngineStepContext(LoginRequest request, LoginEngine.Environment environment, Optional<UserRef> user, Map<String, String> state) {
        this.request = request;
        this.environment = environment;
        this.user = user;
        this.state = new LinkedHashMap<>(state);
    }

    Map<String, String> stateValues() {
        return state;
    }

    @Override
    public OrganizationRef organization() {
        return request.organization();
    }

    @Override
    public ApplicationRef application() {
        return request.application();
    }

    @Override
    public Locale locale() {
        return environment.locale();
    }

    @Override
    public Optional<UserRef> user() {
        return user;
    }

    @Override
    public RequestInfo request() {
        return environment.request();
    }

    @Override
    public StepState state() {
        return this;
    }

    @Override
    public URI callbackUri() {
        return environment.callbackBase();
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(state.get(key));
    }

    @Override
    public void put(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("Step state keys and values must not be null");
        }
        int size = state.entrySet().stream().filter(e -> !e.getKey().equals(key)).mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (size + key.length() + value.length() > MAX_STATE_CHARS) {
            throw new IllegalArgumentException("Step state is limited to " + MAX_STATE_CHARS + " characters");
        }
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
}
