package org.gatehouse.authenticator.totp.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up an authenticator app: show a fresh secret as a QR code and as a typed key, then store it
 * once the user proves the app produces the right codes. Until then nothing is stored.
 */
final class TotpEnrolmentStep {

    static final String QR_CODE = "qr_code";
    static final String MANUAL_KEY = "manual_key";
    static final String CANCEL = "cancel";
    static final String LABEL = "Authenticator app";

    /** RFC 4226 section 4 requires 128 bits and recommends 160, the HMAC-SHA1 block it is keyed into. */
    static final int SECRET_BYTES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(TotpEnrolmentStep.class);

    private final Credentials credentials;
    private final TotpSettings settings;
    private final Clock clock;
    private final SecureRandom random;

    TotpEnrolmentStep(Credentials credentials, TotpSettings settings, Clock clock, SecureRandom random) {
        this.credentials = credentials;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Shows the enrolment in progress, or begins one. Showing the same secret again matters: the
     * runtime calls this again to re-prompt after a wrong code, and the user has scanned it already.
     */
    StepResult start(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        PendingEnrolment pending = PendingEnrolment.read(context.state()).orElseGet(() -> begin(context));
        return StepResult.prompt(prompt(pending, user.get()));
    }

    StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        if (CANCEL.equals(submission.action())) {
            PendingEnrolment.clear(context.state());
            return StepResult.failure(FailureReason.CANCELLED, MessageKeys.ENROL_CANCELLED, false);
        }
        Optional<PendingEnrolment> pending = PendingEnrolment.read(context.state());
        if (pending.isEmpty() || !Action.SUBMIT.equals(submission.action())) {
            return start(context);
        }
        String raw = submission.value(TotpLoginStep.CODE).orElse("");
        if (raw.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true);
        }
        Totp totp = pending.get().totp();
        Optional<String> code = CodeInput.parse(raw).filter(c -> c.length() == totp.digits());
        if (code.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        }
        long current = totp.step(clock.instant());
        OptionalLong step = totp.matchingStep(pending.get().secret(), code.get(), current - settings.driftSteps(),
                current + settings.driftSteps(), TotpCredentialData.NONE);
        if (step.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        }
        return store(context, user.get(), pending.get(), step.getAsLong());
    }

    private PendingEnrolment begin(StepContext context) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        PendingEnrolment pending = new PendingEnrolment(Base32.encode(secret), settings.enrolment());
        pending.write(context.state());
        return pending;
    }

    private StepResult store(StepContext context, UserRef user, PendingEnrolment pending, long acceptedStep) {
        // The confirming code's step counts as spent, so it cannot be replayed for a login.
        NewCredential credential = new NewCredential(TotpAuthenticator.ID, Optional.empty(), LABEL,
                TotpCredentialData.write(pending.totp(), acceptedStep), Optional.of(pending.base32Secret()));
        try {
            credentials.add(context.organization(), user, credential);
        } catch (IllegalStateException | CredentialConflictException e) {
            // the pending secret stays in the state: the user can confirm again once the store is back
            LOG.warn("Could not store a TOTP enrolment in organization {}: {}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        PendingEnrolment.clear(context.state());
        return StepResult.success(user, Set.of(TotpAuthenticator.AMR));
    }

    private Prompt prompt(PendingEnrolment pending, UserRef user) {
        Totp totp = pending.totp();
        Map<String, Object> data = Map.of(
                QR_CODE, OtpAuthUri.of(settings.issuer(), user.username(), pending.base32Secret(), totp),
                MANUAL_KEY, pending.manualKey(),
                "algorithm", totp.algorithm().name(),
                "digits", totp.digits(),
                "period", totp.periodSeconds());
        return new Prompt(MessageKeys.ENROL_PROMPT,
                List.of(new Field(QR_CODE, FieldType.QR_CODE, MessageKeys.FIELD_QR_CODE, false),
                        TotpLoginStep.codeField()),
                List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_CONFIRM), new Action(CANCEL, MessageKeys.ACTION_CANCEL)),
                data);
    }
}
