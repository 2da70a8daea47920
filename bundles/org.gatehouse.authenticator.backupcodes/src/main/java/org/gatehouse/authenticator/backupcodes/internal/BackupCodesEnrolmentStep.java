package org.gatehouse.authenticator.backupcodes.internal;

import java.security.SecureRandom;
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
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a set of codes, shows it once, and stores its hashes when the user confirms they saved
 * it; the new set replaces any earlier one. The codes are never stored in plain text, not even in
 * the flow state, so a prompt that must be shown again (a reload, a missing confirmation) shows a
 * new set.
 */
final class BackupCodesEnrolmentStep {

    static final int COUNT = 10;
    static final String CODES = "codes";
    static final String SAVED = "saved";
    static final String CANCEL = "cancel";
    static final String LABEL = "Backup codes";

    private static final Logger LOG = LoggerFactory.getLogger(BackupCodesEnrolmentStep.class);

    private final Credentials credentials;
    private final SecureRandom random;

    BackupCodesEnrolmentStep(Credentials credentials, SecureRandom random) {
        this.credentials = credentials;
        this.random = random;
    }

    StepResult start(StepContext context) {
        if (context.user().isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        return showNewSet(context, MessageKeys.ENROL_PROMPT);
    }

    StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        if (CANCEL.equals(submission.action())) {
            PendingCodeSet.clear(context.state());
            return StepResult.failure(FailureReason.CANCELLED, MessageKeys.ENROL_CANCELLED, false);
        }
        Optional<CodeSet> pending = PendingCodeSet.read(context.state());
        if (pending.isEmpty() || !Action.SUBMIT.equals(submission.action())) {
            return showNewSet(context, MessageKeys.ENROL_PROMPT);
        }
        if (!confirmed(submission)) {
            return showNewSet(context, MessageKeys.ENROL_NOT_CONFIRMED);
        }
        return store(context.organization(), user.get(), pending.get(), context);
    }

    private StepResult showNewSet(StepContext context, String messageKey) {
        List<String> codes = BackupCode.generate(random, COUNT);
        PendingCodeSet.write(context.state(), CodeSet.hash(codes, random));
        return StepResult.prompt(new Prompt(messageKey,
                List.of(new Field(SAVED, FieldType.CHECKBOX, MessageKeys.FIELD_SAVED, true)),
                List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_CONFIRM), new Action(CANCEL, MessageKeys.ACTION_CANCEL)),
                Map.of(CODES, codes.stream().map(BackupCode::grouped).toList())));
    }

    /** The login pages send a ticked checkbox as {@code true}; a plain HTML form would send {@code on}. */
    private static boolean confirmed(Submission submission) {
        return submission.value(SAVED).map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on")).orElse(false);
    }

    private StepResult store(OrganizationRef organization, UserRef user, CodeSet codes, StepContext context) {
        Credential added;
        try {
            List<Credential> earlier = credentials.list(organization, user, BackupCodesAuthenticator.ID);
            added = credentials.add(organization, user, new NewCredential(BackupCodesAuthenticator.ID, Optional.empty(), LABEL,
                    codes.data(), codes.secret()));
            removeAll(organization, user, earlier, added);
        } catch (IllegalStateException | CredentialConflictException e) {
            // the pending set stays: the same page can be confirmed again once the store is back
            LOG.warn("Could not store backup codes in organization {}: {}", organization.handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        PendingCodeSet.clear(context.state());
        // Seeing codes proves nothing about the user, so enrolment adds no authentication method.
        return StepResult.success(user, Set.of());
    }

    /** Removes the sets the new one replaces. Should this fail, they are dead anyway: only the newest set counts. */
    private void removeAll(OrganizationRef organization, UserRef user, List<Credential> earlier, Credential added) {
        for (Credential old : earlier) {
            if (old.id().equals(added.id())) {
                continue;
            }
            try {
                credentials.remove(organization, user, old.id());
            } catch (IllegalStateException e) {
                LOG.warn("Could not remove replaced backup codes {} in organization {}: {}", old.id(), organization.handle(), e.getMessage());
            }
        }
    }
}
