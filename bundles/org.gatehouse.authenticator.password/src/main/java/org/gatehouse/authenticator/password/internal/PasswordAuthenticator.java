package org.gatehouse.authenticator.password.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.LoginAttempts;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The username and password step. Stateless: every submission carries both values, and the user
 * directory answers unknown users and wrong passwords alike (and in about the same time), so the
 * step cannot be used to learn which accounts exist. Failures count toward the account lock of the
 * name typed ({@link LoginAttempts}), which likewise treats every name alike. A disabled account gets the same answer too:
 * telling it apart would confirm the account exists and the password was right.
 *
 * <p>The login hint of the application, if any, is pre-filled by the runtime that renders the
 * prompt: it is a property of the login request, not of this step.
 */
@Component(service = Authenticator.class)
public final class PasswordAuthenticator implements Authenticator {

    public static final String ID = "password";
    public static final String AMR = "pwd";

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";

    public static final String PROMPT_KEY = "login.prompt.password";
    public static final String INVALID_CREDENTIALS = "login.error.invalid_credentials";
    public static final String MISSING_CREDENTIALS = "login.error.missing_credentials";
    public static final String TRY_LATER = "login.error.try_later";
    public static final String LOCKED = "login.error.locked";

    /** Longer input is never a valid credential; refusing it early keeps hashing cost bounded. */
    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
    private static final AuthenticatorDescriptor DESCRIPTOR =
            new AuthenticatorDescriptor(ID, "Username and password", AuthenticatorKind.FIRST_FACTOR, Set.of(AMR), Optional.empty());
    private static final Prompt PROMPT = new Prompt(PROMPT_KEY,
            List.of(new Field(USERNAME, FieldType.USERNAME, "login.field.username", true, Map.of("autocomplete", "username")),
                    new Field(PASSWORD, FieldType.PASSWORD, "login.field.password", true, Map.of("autocomplete", "current-password"))),
            List.of(new Action(Action.SUBMIT, "login.action.submit")));

    private final UserDirectory directory;
    private final LoginAttempts attempts;

    @Activate
    public PasswordAuthenticator(@Reference UserDirectory directory, @Reference LoginAttempts attempts) {
        this.directory = directory;
        this.attempts = attempts;
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StepResult start(StepContext context) {
        return StepResult.prompt(PROMPT);
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        if (!Action.SUBMIT.equals(submission.action())) {
            return StepResult.prompt(PROMPT);
        }
        String username = submission.value(USERNAME).map(String::strip).orElse("");
        String password = submission.value(PASSWORD).orElse("");
        if (username.isEmpty() || password.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MISSING_CREDENTIALS, true);
        }
        if (username.length() > MAX_USERNAME || password.length() > MAX_PASSWORD) {
            return StepResult.failure(FailureReason.CREDENTIALS, INVALID_CREDENTIALS, true);
        }
        // a lock answers the same for every name, existing or not, and before any hashing
        if (attempts.lockedUntil(context.organization(), username).isPresent()) {
            return StepResult.failure(FailureReason.ACCOUNT_LOCKED, LOCKED, true);
        }
        char[] secret = password.toCharArray();
        AuthenticationOutcome outcome;
        try {
            outcome = directory.authenticate(context.organization(), username, secret);
        } catch (UserStoreException e) {
            LOG.warn("Password check failed in organization {}: {}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, TRY_LATER, true);
        } finally {
            Arrays.fill(secret, '\0');
        }
        switch (outcome.status()) {
            case SUCCESS:
                if (outcome.user().isPresent()) {
                    return StepResult.success(outcome.user().get().ref(), Set.of(AMR));
                }
                LOG.error("The user directory reported success without a user");
                return StepResult.failure(FailureReason.UPSTREAM, TRY_LATER, true);
            case STORE_UNAVAILABLE:
                return StepResult.failure(FailureReason.UPSTREAM, TRY_LATER, true);
            case DISABLED:
                LOG.info("Login refused for a disabled account in organization {}", context.organization().handle());
                return failed(context, username);
            case INVALID_CREDENTIALS:
            default:
                return failed(context, username);
        }
    }

    /** Counts the failure toward the name's lock, whether or not the account exists. */
    private StepResult failed(StepContext context, String username) {
        try {
            if (attempts.failed(context.organization(), username).isPresent()) {
                return StepResult.failure(FailureReason.ACCOUNT_LOCKED, LOCKED, true);
            }
        } catch (RuntimeException e) {
            LOG.warn("Failed attempts cannot be counted: {}", e.getMessage());
        }
        return StepResult.failure(FailureReason.CREDENTIALS, INVALID_CREDENTIALS, true);
    }
}
