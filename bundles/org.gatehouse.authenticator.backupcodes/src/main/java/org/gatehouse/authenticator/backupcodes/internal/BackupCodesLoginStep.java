package org.gatehouse.authenticator.backupcodes.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login step: ask for one backup code and use it up. A code is used up by removing its hash
 * with a compare-and-set on the credential, so of two logins racing with the same code exactly one
 * passes.
 */
final class BackupCodesLoginStep {

    static final String CODE = "code";

    /**
     * A conflict means the set changed since it was read: the same code used by a racing login, or
     * another code. Reading again tells the two apart; a few rounds settle any real contention.
     */
    static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(BackupCodesLoginStep.class);
    private static final Prompt PROMPT = new Prompt(MessageKeys.PROMPT_CODE,
            List.of(new Field(CODE, FieldType.TEXT, MessageKeys.FIELD_CODE, true,
                    Map.of("autocomplete", "off", "maxLength", Integer.toString(BackupCode.MAX_RAW_LENGTH)))),
            List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_VERIFY)));

    private final Credentials credentials;

    BackupCodesLoginStep(Credentials credentials) {
        this.credentials = credentials;
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
        Optional<String> code = BackupCode.normalise(raw);
        if (code.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        }
        try {
            if (useUp(context.organization(), user.get(), code.get())) {
                return StepResult.success(user.get(), Set.of(BackupCodesAuthenticator.AMR));
            }
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        } catch (IllegalStateException e) {
            LOG.warn("Backup code check failed in organization {}: {}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
    }

    private boolean useUp(OrganizationRef organization, UserRef user, String code) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<CurrentCodeSet> set = CurrentCodeSet.of(credentials, organization, user);
            if (set.isEmpty()) {
                return false;
            }
            OptionalInt index = set.get().codes().find(code);
            if (index.isEmpty()) {
                return false;
            }
            try {
                CodeSet rest = set.get().codes().without(index.getAsInt());
                credentials.update(organization, set.get().credential(), rest.data(), true);
                LOG.info("A backup code was used in organization {}; {} left", organization.handle(), rest.remaining());
                return true;
            } catch (CredentialConflictException e) {
                LOG.debug("Backup codes of a user in organization {} changed during a login; reading them again", organization.handle());
            }
        }
        LOG.warn("Backup codes of a user in organization {} stayed contended over {} attempts; login refused", organization.handle(), ATTEMPTS);
        return false;
    }
}
