package org.gatehouse.authenticator.totp.internal;

import java.util.Optional;
import org.gatehouse.api.authn.StepState;

/**
 * An enrolment between showing the QR code and the user confirming it with a first code. The
 * generated secret waits in the step state, not in the credential store, so an enrolment the user
 * abandons leaves no factor behind. The code parameters are kept too, so a configuration change in
 * between cannot invalidate the QR code the user already scanned.
 *
 * @param base32Secret the secret as the app receives it
 * @param totp the code parameters shown in the QR code
 */
record PendingEnrolment(String base32Secret, Totp totp) {

    static final String SECRET = "pending_secret";
    static final String ALGORITHM = "pending_algorithm";
    static final String DIGITS = "pending_digits";

    /** @return the enrolment in progress, or empty if none is (or its state is unreadable) */
    static Optional<PendingEnrolment> read(StepState state) {
        Optional<String> secret = state.get(SECRET).filter(s -> Base32.decode(s).filter(b -> b.length > 0).isPresent());
        Optional<HashAlgorithm> algorithm = state.get(ALGORITHM).flatMap(HashAlgorithm::named);
        Optional<Integer> digits = state.get(DIGITS).filter(d -> d.equals("6") || d.equals("8")).map(Integer::valueOf);
        if (secret.isEmpty() || algorithm.isEmpty() || digits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingEnrolment(secret.get(), new Totp(algorithm.get(), digits.get(), Totp.DEFAULT_PERIOD)));
    }

    void write(StepState state) {
        state.put(SECRET, base32Secret);
        state.put(ALGORITHM, totp.algorithm().name());
        state.put(DIGITS, Integer.toString(totp.digits()));
    }

    static void clear(StepState state) {
        state.remove(SECRET);
        state.remove(ALGORITHM);
        state.remove(DIGITS);
    }

    byte[] secret() {
        return Base32.decode(base32Secret).orElseThrow();
    }

    /** @return the secret in groups of four, as users type it into an app that cannot scan */
    String manualKey() {
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < base32Secret.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(base32Secret, i, Math.min(i + 4, base32Secret.length()));
        }
        return grouped.toString();
    }
}
