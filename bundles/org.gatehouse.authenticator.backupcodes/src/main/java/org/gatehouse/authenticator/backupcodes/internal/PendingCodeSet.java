package org.gatehouse.authenticator.backupcodes.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.authn.StepState;

/**
 * A set shown to the user but not yet confirmed, kept in the step state in its stored (hashed)
 * form. The codes themselves are never persisted anywhere: they exist only in the one prompt that
 * shows them.
 */
final class PendingCodeSet {

    private static final String PREFIX = "pending.";
    /** The set's key; the engine seals the whole login state, so it is as safe here as the codes themselves. */
    private static final String KEY = "pendingKey";

    private PendingCodeSet() {}

    static void write(StepState state, CodeSet set) {
        clear(state);
        set.data().forEach((key, value) -> state.put(PREFIX + key, value));
        set.secret().ifPresent(secret -> state.put(KEY, secret));
    }

    static Optional<CodeSet> read(StepState state) {
        Map<String, String> data = new HashMap<>();
        for (String key : state.keys()) {
            if (key.startsWith(PREFIX)) {
                state.get(key).ifPresent(value -> data.put(key.substring(PREFIX.length()), value));
            }
        }
        return data.isEmpty() ? Optional.empty() : CodeSet.read(data, state.get(KEY)).filter(set -> set.remaining() > 0);
    }

    static void clear(StepState state) {
        for (String key : state.keys()) {
            if (key.startsWith(PREFIX)) {
                state.remove(key);
            }
        }
        state.remove(KEY);
    }
}
