package org.gatehouse.api.authn;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of login step: password, one-time code, passkey, an upstream identity provider, ...
 *
 * <p>An authenticator is a stateless OSGi service. The runtime calls {@link #start} when a flow
 * enters the step and {@link #submit} with every answer the user (or the upstream provider) sends,
 * until the authenticator answers with {@link StepResult.Success} or a final {@link
 * StepResult.Failure}. Anything that must be remembered between calls goes into {@link
 * StepContext#state()}.
 *
 * <p>Authenticators never see HTTP: prompts are data ({@link Prompt}), rendered by the runtime.
 *
 * <p>{@link #start} runs once each time the flow enters the step (again only when the user comes
 * back to this option from another one), so it is the place for side effects such as sending a
 * code. After a retryable {@link StepResult.Failure} the runtime shows the last prompt again with
 * the failure's message and does not call {@code start}; a page reload does not either.
 */
@ConsumerType
public interface Authenticator {

    /** @return what this authenticator is; must not change while the service is registered */
    AuthenticatorDescriptor descriptor();

    /**
     * Whether this step can run for the current user. Called before {@link #start} once the user is
     * known; the default says it always applies.
     */
    default Applicability applicability(StepContext context) {
        return Applicability.APPLICABLE;
    }

    /** Enters the step: typically answers with the first prompt, or a redirect to an upstream IdP. */
    StepResult start(StepContext context);

    /** Handles one answer to the prompt (or the callback from an upstream IdP). */
    StepResult submit(StepContext context, Submission submission);
}
