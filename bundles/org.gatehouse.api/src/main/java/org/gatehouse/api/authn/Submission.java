package org.gatehouse.api.authn;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer to a prompt, or the parameters of an upstream IdP's callback.
 *
 * @param action the action chosen, e.g. {@link Action#SUBMIT}
 * @param values the field values by field name (for callbacks, the callback parameters)
 */
public record Submission(String action, Map<String, String> values) {
    public Submission {
        Objects.requireNonNull(action, "action");
        values = Map.copyOf(values);
    }

    public Optional<String> value(String field) {
        return Optional.ofNullable(values.get(field));
    }

    @Override
    public String toString() {
        return "Submission[action=" + action + ", fields=" + values.keySet() + "]";
    }
}
