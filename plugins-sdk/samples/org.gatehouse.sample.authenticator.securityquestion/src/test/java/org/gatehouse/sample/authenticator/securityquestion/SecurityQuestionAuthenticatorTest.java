package org.gatehouse.sample.authenticator.securityquestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.userstore.UserRef;
import org.junit.jupiter.api.Test;

class SecurityQuestionAuthenticatorTest {

    private static final UserRef ALICE = new UserRef("PRIMARY", "u-1", "alice");
    private static final UserRef BOB = new UserRef("PRIMARY", "u-2", "bob");
    private static final StepResult WRONG = StepResult.failure(FailureReason.CREDENTIALS, "security-question.error.wrong", true);

    private final InMemoryCredentials credentials = new InMemoryCredentials();
    /** The component as DS creates it, with the defaults of its typed configuration but the cheapest hash allowed. */
    private final SecurityQuestionAuthenticator authenticator = new SecurityQuestionAuthenticator(credentials,
            config(Map.of("iterations", AnswerHash.MIN_ITERATIONS)));

    /** A typed configuration as DS builds it: the given values, the annotation's defaults for the rest. */
    static SecurityQuestionConfiguration config(Map<String, Object> values) {
        return (SecurityQuestionConfiguration) Proxy.newProxyInstance(SecurityQuestionConfiguration.class.getClassLoader(),
                new Class<?>[] {SecurityQuestionConfiguration.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static Prompt prompt(StepResult result) {
        return assertInstanceOf(StepResult.Prompted.class, result, () -> "a prompt: " + result).prompt();
    }

    private static Submission answer(String question, String answer) {
        return new Submission(Action.SUBMIT, Map.of("question", question, "answer", answer));
    }

    /** Runs an enrolment to its end. */
    private void enrol(UserRef user, String question, String answer) {
        TestContext context = new TestContext(user);
        prompt(authenticator.startEnrolment(context));
        assertEquals(StepResult.success(user, Set.of()), authenticator.submitEnrolment(context, answer(question, answer)));
    }

    /** Runs a login step with one answer. */
    private StepResult login(UserRef user, String answer) {
        TestContext context = new TestContext(user);
        prompt(authenticator.start(context));
        return authenticator.submit(context, new Submission(Action.SUBMIT, Map.of("answer", answer)));
    }

    @Test
    void describesItselfAsASecondFactorWithKnowledgeBasedAuthentication() {
        assertEquals("security-question", authenticator.descriptor().id());
        assertEquals(AuthenticatorKind.SECOND_FACTOR, authenticator.descriptor().kind());
        assertEquals(Set.of("kba"), authenticator.descriptor().amr());
        assertEquals(Optional.of(SecurityQuestionConfiguration.PID), authenticator.descriptor().configurationPid());
    }

    @Test
    void appliesOnlyToIdentifiedUsersWhoHaveAnAnswer() {
        assertEquals(Applicability.NOT_APPLICABLE, authenticator.applicability(new TestContext(null)));
        assertEquals(Applicability.NEEDS_ENROLMENT, authenticator.applicability(new TestContext(ALICE)));
        enrol(ALICE, "security-question.question.first-pet", "Rex");
        assertEquals(Applicability.APPLICABLE, authenticator.applicability(new TestContext(ALICE)));
        assertEquals(Applicability.NEEDS_ENROLMENT, authenticator.applicability(new TestContext(BOB)));
        assertEquals(Applicability.NEEDS_ENROLMENT, authenticator.applicability(new TestContext(ALICE, new OrganizationRef("o-2", "other"), Locale.ENGLISH)),
                "answers are kept per organization");
        credentials.unavailable(true);
        assertEquals(Applicability.APPLICABLE, authenticator.applicability(new TestContext(BOB)), "fails closed: no new answer while the store is down");
    }

    @Test
    void theEnrolmentOffersTheConfiguredQuestionsAsAChoice() {
        SecurityQuestionAuthenticator configured = new SecurityQuestionAuthenticator(credentials,
                config(Map.of("questions", new String[] {"first-concert, birth-city"}, "iterations", AnswerHash.MIN_ITERATIONS)));
        Prompt prompt = prompt(configured.startEnrolment(new TestContext(ALICE, OrganizationRef.root(), Locale.GERMAN)));
        assertEquals("security-question.enrol.prompt", prompt.messageKey());
        Field question = prompt.fields().get(0);
        assertEquals(FieldType.CHOICE, question.type());
        assertEquals("security-question.question.first-concert,security-question.question.birth-city", question.hints().get("choices"));
        assertEquals(FieldType.TEXT, prompt.fields().get(1).type());
        assertEquals(List.of(Map.of("value", "security-question.question.first-concert", "text", "Welches war das erste Konzert, das Sie besucht haben?"),
                Map.of("value", "security-question.question.birth-city", "text", "In welcher Stadt sind Sie geboren?")), prompt.data().get("questions"));

        TestContext context = new TestContext(ALICE);
        configured.startEnrolment(context);
        assertEquals(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.UNKNOWN_QUESTION, true),
                configured.submitEnrolment(context, answer("security-question.question.first-pet", "Rex")), "not offered here");
        assertEquals(StepResult.success(ALICE, Set.of()), configured.submitEnrolment(context, answer("birth-city", "Oslo")), "the bare id works too");
    }

    @Test
    void storesOnlyASaltedHashOfTheNormalisedAnswer() {
        enrol(ALICE, "security-question.question.first-pet", "  Mister   Whiskers ");
        enrol(BOB, "security-question.question.first-pet", "mister whiskers");
        List<Credential> stored = credentials.all();
        assertEquals(2, stored.size());
        Credential alice = stored.get(0);
        assertEquals("security-question", alice.type());
        assertEquals(Set.of("question", "salt", "hash", "iterations"), alice.data().keySet());
        assertEquals("first-pet", alice.data().get("question"));
        assertEquals(Integer.toString(AnswerHash.MIN_ITERATIONS), alice.data().get("iterations"));
        assertFalse(alice.data().toString().toLowerCase(Locale.ROOT).contains("whiskers"));
        assertNotEquals(alice.data().get("salt"), stored.get(1).data().get("salt"), "a random salt per answer");
        assertNotEquals(alice.data().get("hash"), stored.get(1).data().get("hash"), "the same answer hashes differently for two users");
    }

    @Test
    void asksTheStoredQuestionAndAcceptsTheAnswerWhateverItsCaseAndSpacing() {
        enrol(ALICE, "security-question.question.birth-city", "San  Francisco");
        TestContext context = new TestContext(ALICE);
        Prompt prompt = prompt(authenticator.start(context));
        assertEquals("security-question.prompt.answer", prompt.messageKey());
        assertEquals(List.of(new Field("answer", FieldType.TEXT, "security-question.question.birth-city", true,
                Map.of("autocomplete", "off", "maxLength", "200"))), prompt.fields());
        assertEquals(StepResult.success(ALICE, Set.of("kba")),
                authenticator.submit(context, new Submission(Action.SUBMIT, Map.of("answer", " SAN FRANCISCO\t"))));
        assertTrue(credentials.all().get(0).lastUsedAt().isPresent(), "the use is recorded");
    }

    @Test
    void aWrongAnswerIsARetryableCredentialsFailure() {
        enrol(ALICE, "first-school", "Hillside");
        assertEquals(WRONG, login(ALICE, "Hillsides"));
        assertEquals(WRONG, login(ALICE, "x".repeat(500)));
        assertEquals(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_ANSWER, true), login(ALICE, "   "));
        assertEquals(StepResult.success(ALICE, Set.of("kba")), login(ALICE, "hillside"));
    }

    @Test
    void aUserWithoutAnAnswerIsNotAskedAnything() {
        assertEquals(StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NOT_ENROLLED, false), authenticator.start(new TestContext(BOB)));
        assertEquals(StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false), authenticator.start(new TestContext(null)));
    }

    @Test
    void tooShortAnswersAreRefusedAtEnrolment() {
        TestContext context = new TestContext(ALICE);
        authenticator.startEnrolment(context);
        assertEquals(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.SHORT_ANSWER, true),
                authenticator.submitEnrolment(context, answer("first-pet", " Ab  ")));
        assertEquals(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_ANSWER, true),
                authenticator.submitEnrolment(context, answer("first-pet", " ")));
        assertTrue(credentials.all().isEmpty());
    }

    @Test
    void aNewAnswerReplacesTheOldOne() {
        enrol(ALICE, "first-pet", "Rex");
        enrol(ALICE, "birth-city", "Oslo");
        assertEquals(1, credentials.all().size());
        assertEquals(WRONG, login(ALICE, "Rex"));
        assertEquals(StepResult.success(ALICE, Set.of("kba")), login(ALICE, "oslo"));
    }

    @Test
    void anAnswerToAQuestionReplacedMeanwhileAsksTheNewQuestion() {
        enrol(ALICE, "first-pet", "Rex");
        TestContext context = new TestContext(ALICE);
        prompt(authenticator.start(context));
        enrol(ALICE, "birth-city", "Rex");
        Prompt again = prompt(authenticator.submit(context, new Submission(Action.SUBMIT, Map.of("answer", "Rex"))));
        assertEquals("security-question.question.birth-city", again.fields().get(0).labelKey());
        assertEquals(StepResult.success(ALICE, Set.of("kba")), authenticator.submit(context, new Submission(Action.SUBMIT, Map.of("answer", "Rex"))));
    }

    @Test
    void aStoreOutageIsRetryableAndReportsNothingAboutTheAnswer() {
        enrol(ALICE, "first-pet", "Rex");
        TestContext context = new TestContext(ALICE);
        prompt(authenticator.start(context));
        credentials.unavailable(true);
        assertEquals(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true),
                authenticator.submit(context, new Submission(Action.SUBMIT, Map.of("answer", "Rex"))));
    }

    @Test
    void questionsMustBeValidIds() {
        assertThrows(IllegalArgumentException.class, () -> new Questions(new String[] {"First Pet"}));
        assertThrows(IllegalArgumentException.class, () -> new Questions(new String[] {" , "}));
        assertEquals(List.of("a", "b"), new Questions(new String[] {"a, b", "a"}).ids());
    }

    @Test
    void normalisationFoldsCaseSpacingAndCompatibilityForms() {
        assertEquals("mister whiskers", AnswerHash.normalise("  MISTER \t\n Whiskers "));
        assertEquals("office", AnswerHash.normalise("ＯＦＦＩＣＥ"));
        AnswerHash hash = AnswerHash.create("first-pet", "Rex", AnswerHash.MIN_ITERATIONS, new java.security.SecureRandom());
        assertEquals(hash.question(), AnswerHash.read(hash.data()).orElseThrow().question());
        assertTrue(AnswerHash.read(hash.data()).orElseThrow().matches("REX"));
        assertTrue(AnswerHash.read(Map.of("question", "x")).isEmpty());
        assertTrue(AnswerHash.read(Map.of("question", "x", "salt", "!!", "hash", "AA==")).isEmpty());
    }
}
