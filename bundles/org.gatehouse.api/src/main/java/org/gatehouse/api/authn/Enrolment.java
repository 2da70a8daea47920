package org.gatehouse.api.authn;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented, next to {@link Authenticator}, by an authenticator that can set its factor up for a
 * user: a code generator, a passkey, backup codes, a phone number.
 *
 * <p>The runtime runs an enrolment when a flow requires a factor the user has not got (the
 * authenticator answered {@link Applicability#NEEDS_ENROLMENT}) and when users manage their own
 * factors. It is the same conversation as a login step: prompts as data, per-enrolment state in
 * {@link StepContext#state()}, and {@link StepResult.Success} once the factor is set up (its AMR
 * then counts as used for the login in progress). {@link StepContext#user()} is always present.
 */
@ConsumerType
public interface Enrolment {

    /** Begins setting the factor up: typically a prompt with a QR code or WebAuthn creation options. */
    StepResult startEnrolment(StepContext context);

    /** Handles one answer to an enrolment prompt. */
    StepResult submitEnrolment(StepContext context, Submission submission);
}
