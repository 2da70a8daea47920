package org.gatehouse.web.login.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepState;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.session.LoginRequest;

/** What the login pages tell an authenticator about the login in progress; its state is the flow's. */
final class FlowStepContext implements StepContext {

    private final LoginRequest request;
    private final Locale locale;
    private final RequestInfo info;
    private final URI callbackUri;
    private final Map<String, String> state;

    FlowStepContext(LoginRequest request, Locale locale, RequestInfo info, URI callbackUri, Map<String, String> state) {
        this.request = request;
        this.locale = locale;
        this.info = info;
        this.callbackUri = callbackUri;
        this.state = new LinkedHashMap<>(state);
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
        return locale;
    }

    /** Empty: the single step is a first factor; the flow engine will pass what earlier steps found. */
    @Override
    public Optional<UserRef> user() {
        return Optional.empty();
    }

    @Override
    public RequestInfo request() {
        return info;
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
                state.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
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
        return callbackUri;
    }

    /** @return the state as the authenticator left it, to persist */
    Map<String, String> stateValues() {
        return new LinkedHashMap<>(state);
    }
}
