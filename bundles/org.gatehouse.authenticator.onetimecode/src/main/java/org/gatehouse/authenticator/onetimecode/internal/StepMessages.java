package org.gatehouse.authenticator.onetimecode.internal;

import java.util.Set;

/**
 * The message keys of one one-time-code authenticator: its id, a dot, and a fixed suffix, so each
 * plugin's texts live in its own bundle under its own prefix (the runtime looks them up in the
 * bundle that registered the authenticator).
 */
public record StepMessages(String promptCode, String promptResent, String promptWait, String promptResendLimit, String fieldCode,
        String actionSubmit, String actionResend, String invalidCode, String missingCode, String expired, String tooManyAttempts,
        String noActiveCode, String deliveryFailed, String tryLater, String noUser) {

    public static StepMessages of(String authenticatorId) {
        String p = authenticatorId + ".";
        return new StepMessages(p + "prompt.code", p + "prompt.resent", p + "prompt.wait", p + "prompt.resend_limit", p + "field.code",
                p + "action.submit", p + "action.resend", p + "error.invalid_code", p + "error.missing_code", p + "error.expired",
                p + "error.too_many_attempts", p + "error.no_active_code", p + "error.delivery_failed", p + "error.try_later",
                p + "error.no_user");
    }

    public Set<String> all() {
        return Set.of(promptCode, promptResent, promptWait, promptResendLimit, fieldCode, actionSubmit, actionResend, invalidCode,
                missingCode, expired, tooManyAttempts, noActiveCode, deliveryFailed, tryLater, noUser);
    }
}
