package org.gatehouse.authenticator.totp.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login step: ask for a code and check it against the user's apps. Stateless: the only state is
 * the spent time step, which lives with the credential so every node sees it.
 *
 * <p>Wrong codes fail as {@link FailureReason#CREDENTIALS}, which the runtime counts toward account
 * lockout; that bound on guesses is what makes a six-digit code safe.
 */
final class TotpLoginStep {

    static final String CODE = "code";

    private static final Logger LOG = LoggerFactory.getLogger(TotpLoginStep.class);
    private static final Prompt PROMPT = new Prompt(MessageKeys.PROMPT_CODE, List.of(codeField()),
            List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_VERIFY)));

    private final TotpVerifier verifier;

    TotpLoginStep(TotpVerifier verifier) {
        this.verifier = verifier;
    }

    static Field codeField() {
        return new Field(CODE, FieldType.OTP, MessageKeys.FIELD_CODE, true, Map.of("autocomplete", "one-time-code"));
    }

    StepResult start(StepContext context) {
        if (context.user().isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        return StepResult.prompt(PROMPT);
    }

    StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        if (!Action.SUBMIT.equals(submission.action())) {
            return StepResult.prompt(PROMPT);
        }
        String raw = submission.value(CODE).orElse("");
        if (raw.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true);
        }
        Optional<String> code = CodeInput.parse(raw);
        if (code.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        }
        try {
            if (verifier.verifyAndSpend(context.organization(), user.get(), code.get())) {
                return StepResult.success(user.get(), Set.of(TotpAuthenticator.AMR));
            }
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        } catch (IllegalStateException e) {
            LOG.warn("TOTP check failed in organization {}: {}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
    }
}
