package org.gatehouse.authenticator.onetimecode.internal;

import java.time.Instant;
import java.util.Optional;
import org.gatehouse.api.authn.StepState;

/**
 * This step's view of the persisted per-login state. It holds the salted hash of the current code,
 * never the code; when the code expires, is used up by wrong attempts or passes, the hash is removed,
 * so no code can be used twice. The send counter and time survive the code, for the resend limits.
 *
 * <p>The keys are those the email and SMS authenticators wrote before this library existed: a login
 * in progress survives an upgrade of either. Never rename them.
 */
public final class OtpState {

    private static final String HASH = "code.hash";
    private static final String SALT = "code.salt";
    private static final String EXPIRES = "code.expires";
    private static final String ATTEMPTS = "code.attempts";
    private static final String LAST_SENT = "sent.last";
    private static final String SENDS = "sent.count";
    private static final String DESTINATION = "destination";

    private final StepState state;

    public OtpState(StepState state) {
        this.state = state;
    }

    /** Records a new code that is about to be sent, replacing any earlier one. */
    public void issue(String hash, String salt, Instant expires, Instant sentAt, String maskedDestination) {
        state.put(HASH, hash);
        state.put(SALT, salt);
        state.put(EXPIRES, Long.toString(expires.toEpochMilli()));
        state.put(ATTEMPTS, "0");
        state.put(LAST_SENT, Long.toString(sentAt.toEpochMilli()));
        state.put(SENDS, Integer.toString(sends() + 1));
        state.put(DESTINATION, maskedDestination);
    }

    /** Forgets the current code; it can no longer pass. */
    public void discardCode() {
        state.remove(HASH);
        state.remove(SALT);
        state.remove(EXPIRES);
        state.remove(ATTEMPTS);
    }

    public boolean hasCode() {
        return state.get(HASH).isPresent() && state.get(SALT).isPresent() && state.get(EXPIRES).isPresent();
    }

    public String hash() {
        return state.get(HASH).orElseThrow();
    }

    public String salt() {
        return state.get(SALT).orElseThrow();
    }

    public Instant expires() {
        return instant(EXPIRES).orElse(Instant.EPOCH);
    }

    public int attempts() {
        return number(ATTEMPTS);
    }

    /** Counts a wrong or right attempt before the code is checked, so no answer goes uncounted. */
    public int countAttempt() {
        int attempts = attempts() + 1;
        state.put(ATTEMPTS, Integer.toString(attempts));
        return attempts;
    }

    public int sends() {
        return number(SENDS);
    }

    public Optional<Instant> lastSent() {
        return instant(LAST_SENT);
    }

    public Optional<String> maskedDestination() {
        return state.get(DESTINATION);
    }

    private int number(String key) {
        try {
            return state.get(key).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            // state is written by this class only; a garbled value counts as exhausted, not as fresh
            return Integer.MAX_VALUE;
        }
    }

    private Optional<Instant> instant(String key) {
        try {
            return state.get(key).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
        } catch (NumberFormatException e) {
            return Optional.of(Instant.EPOCH);
        }
    }
}
