package org.gatehouse.sdk.testsupport;

import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;

/** Unpacks what an authenticator answered, failing the test with the actual answer when it is not the expected kind. */
public final class StepResults {

    private StepResults() {}

    /** @return the prompt of a {@link StepResult.Prompted} */
    public static Prompt prompt(StepResult result) {
        if (result instanceof StepResult.Prompted prompted) {
            return prompted.prompt();
        }
        throw new AssertionError("expected a prompt, got " + result);
    }

    /** @return the {@link StepResult.Success} */
    public static StepResult.Success success(StepResult result) {
        if (result instanceof StepResult.Success success) {
            return success;
        }
        throw new AssertionError("expected success, got " + result);
    }
}
