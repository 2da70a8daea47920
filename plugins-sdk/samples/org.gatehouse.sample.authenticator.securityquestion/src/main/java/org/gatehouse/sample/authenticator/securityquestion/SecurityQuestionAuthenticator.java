package org.gatehouse.sample.authenticator.securityquestion;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.Enrolment;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A security question as a second factor: the user picks a question and an answer once (the
 * enrolment), and every later login asks that question. The whole authenticator contract in one
 * class, against {@code org.gatehouse.api} only:
 *
 * <ul>
 *   <li>{@link #descriptor()}: id {@value #ID}, kind {@link AuthenticatorKind#SECOND_FACTOR}, amr {@value #AMR};
 *   <li>{@link #applicability}: applies to users who have an answer, others need an enrolment;
 *   <li>{@link #startEnrolment}/{@link #submitEnrolment}: a {@code CHOICE} and a {@code TEXT} field,
 *       stored as a salted PBKDF2 hash in the runtime's {@link Credentials};
 *   <li>{@link #start}/{@link #submit}: the stored question, the answer compared in constant time.
 * </ul>
 *
 * <p>Stateless and thread-safe: between calls only {@link StepContext#state()} remembers anything
 * (which question was asked), so a login survives a restart or an upgrade of this bundle.
 */
@Component(service = {Authenticator.class, Enrolment.class}, configurationPid = SecurityQuestionConfiguration.PID)
@Designate(ocd = SecurityQuestionConfiguration.class)
public final class SecurityQuestionAuthenticator implements Authenticator, Enrolment {

    /** The authenticator id, the type of the credentials it stores and the prefix of its message keys. */
    public static final String ID = "security-question";

    /** RFC 8176: "Knowledge-based authentication". */
    public static final String AMR = "kba";

    static final String QUESTION = "question";
    static final String ANSWER = "answer";
    static final String LABEL = "Security question";
    static final int MAX_ANSWER_LENGTH = 200;

    private static final System.Logger LOG = System.getLogger(SecurityQuestionAuthenticator.class.getName());
    private static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(ID, "Security question", AuthenticatorKind.SECOND_FACTOR,
            Set.of(AMR), Optional.of(SecurityQuestionConfiguration.PID));

    private final Credentials credentials;
    private final Questions questions;
    private final int minAnswerLength;
    private final int iterations;
    private final SecureRandom random;

    @Activate
    public SecurityQuestionAuthenticator(@Reference Credentials credentials, SecurityQuestionConfiguration config) {
        this(credentials, new Questions(config.questions()), config.minAnswerLength(), config.iterations(), new SecureRandom());
    }

    SecurityQuestionAuthenticator(Credentials credentials, Questions questions, int minAnswerLength, int iterations, SecureRandom random) {
        this.credentials = credentials;
        this.questions = questions;
        this.minAnswerLength = Math.max(1, minAnswerLength);
        this.iterations = iterations;
        this.random = random;
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    // ------------------------------------------------------------------ login

    @Override
    public Applicability applicability(StepContext context) {
        if (context.user().isEmpty()) {
            return Applicability.NOT_APPLICABLE; // a second factor: an earlier step must say who it is
        }
        try {
            return stored(context.organization(), context.user().get()).isPresent() ? Applicability.APPLICABLE : Applicability.NEEDS_ENROLMENT;
        } catch (IllegalStateException e) {
            // Fail closed: never offer to set a new answer because the store could not be read.
            LOG.log(Level.WARNING, "Could not read security questions in organization {0}: {1}", context.organization().handle(), e.getMessage());
            return Applicability.APPLICABLE;
        }
    }

    @Override
    public StepResult start(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        Optional<Stored> stored;
        try {
            stored = stored(context.organization(), user.get());
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not read a security question in organization {0}: {1}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        if (stored.isEmpty()) {
            return StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NOT_ENROLLED, false);
        }
        return ask(context, stored.get().answer().question());
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        Optional<Stored> stored;
        try {
            stored = stored(context.organization(), user.get());
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not read a security question in organization {0}: {1}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        if (stored.isEmpty()) {
            return StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NOT_ENROLLED, false);
        }
        AnswerHash answer = stored.get().answer();
        if (!Action.SUBMIT.equals(submission.action()) || !context.state().get(QUESTION).map(answer.question()::equals).orElse(false)) {
            // not an answer, or an answer to a question the user has replaced meanwhile: ask the current one
            return ask(context, answer.question());
        }
        String given = submission.value(ANSWER).orElse("");
        if (given.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_ANSWER, true);
        }
        if (given.length() > MAX_ANSWER_LENGTH || !answer.matches(given)) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.WRONG, true);
        }
        recordUse(context.organization(), stored.get().credential());
        return StepResult.success(user.get(), Set.of(AMR));
    }

    private StepResult ask(StepContext context, String question) {
        context.state().put(QUESTION, question);
        // The answer's label is the question itself: the runtime shows it in the user's language.
        return StepResult.prompt(new Prompt(MessageKeys.PROMPT_ANSWER,
                List.of(new Field(ANSWER, FieldType.TEXT, MessageKeys.question(question), true,
                        Map.of("autocomplete", "off", "maxLength", Integer.toString(MAX_ANSWER_LENGTH)))),
                List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_VERIFY))));
    }

    /** Last use is for the user's and the administrator's information only: a lost race does not fail the login. */
    private void recordUse(OrganizationRef organization, Credential credential) {
        try {
            credentials.update(organization, credential, credential.data(), true);
        } catch (CredentialConflictException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "Last use of a security question not recorded in organization {0}: {1}", organization.handle(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ enrolment

    @Override
    public StepResult startEnrolment(StepContext context) {
        if (context.user().isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        return StepResult.prompt(enrolmentPrompt(context));
    }

    @Override
    public StepResult submitEnrolment(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        if (!Action.SUBMIT.equals(submission.action())) {
            return StepResult.prompt(enrolmentPrompt(context));
        }
        Optional<String> question = questions.chosen(submission.value(QUESTION).orElse(""));
        if (question.isEmpty()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.UNKNOWN_QUESTION, true);
        }
        String given = submission.value(ANSWER).orElse("");
        if (given.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_ANSWER, true);
        }
        String normalised = AnswerHash.normalise(given);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minAnswerLength || given.length() > MAX_ANSWER_LENGTH) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.SHORT_ANSWER, true);
        }
        AnswerHash answer = AnswerHash.create(question.get(), given, iterations, random);
        List<Credential> earlier;
        Credential added;
        try {
            earlier = credentials.list(context.organization(), user.get(), ID);
            added = credentials.add(context.organization(), user.get(), new NewCredential(ID, Optional.empty(), LABEL, answer.data(), Optional.empty()));
        } catch (IllegalStateException | CredentialConflictException e) {
            LOG.log(Level.WARNING, "Could not store a security question in organization {0}: {1}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        removeReplaced(context.organization(), user.get(), earlier, added);
        // Choosing an answer proves nothing about who the user is: the enrolment adds no method.
        return StepResult.success(user.get(), Set.of());
    }

    /** The new answer replaces the old ones. Should a removal fail, the old answer is dead anyway: only the newest counts. */
    private void removeReplaced(OrganizationRef organization, UserRef user, List<Credential> earlier, Credential added) {
        for (Credential old : earlier) {
            if (old.id().equals(added.id())) {
                continue;
            }
            try {
                credentials.remove(organization, user, old.id());
            } catch (IllegalStateException e) {
                LOG.log(Level.WARNING, "Could not remove a replaced security question in organization {0}: {1}", organization.handle(), e.getMessage());
            }
        }
    }

    private Prompt enrolmentPrompt(StepContext context) {
        return new Prompt(MessageKeys.ENROL_PROMPT,
                List.of(new Field(QUESTION, FieldType.CHOICE, MessageKeys.FIELD_QUESTION, true, Map.of("choices", questions.choices())),
                        new Field(ANSWER, FieldType.TEXT, MessageKeys.FIELD_ANSWER, true,
                                Map.of("autocomplete", "off", "maxLength", Integer.toString(MAX_ANSWER_LENGTH)))),
                List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_SAVE)),
                Map.of("questions", questions.described(context.locale())));
    }

    // ------------------------------------------------------------------ storage

    private record Stored(Credential credential, AnswerHash answer) {}

    /** The user's answer; should there be several (an enrolment that could not remove the old one), the newest counts. */
    private Optional<Stored> stored(OrganizationRef organization, UserRef user) {
        Stored newest = null;
        for (Credential c : credentials.list(organization, user, ID)) {
            Optional<AnswerHash> answer = AnswerHash.read(c.data());
            if (answer.isPresent() && (newest == null || c.createdAt().isAfter(newest.credential().createdAt()))) {
                newest = new Stored(c, answer.get());
            }
        }
        return Optional.ofNullable(newest);
    }
}
