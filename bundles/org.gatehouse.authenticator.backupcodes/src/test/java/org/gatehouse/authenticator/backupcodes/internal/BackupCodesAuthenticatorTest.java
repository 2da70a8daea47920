package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.sdk.testsupport.InMemoryCredentials;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupCodesAuthenticatorTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final UserRef ALICE = new UserRef("PRIMARY", "u-1", "alice");
    private static final UserRef BOB = new UserRef("PRIMARY", "u-2", "bob");
    private static final StepResult INVALID = StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
    private static final Submission CONFIRM = new Submission(Action.SUBMIT, Map.of("saved", "true"));

    /** Every credential is created a second after the one before, as on a real clock. */
    private final InMemoryCredentials credentials = new InMemoryCredentials(new SteppingClock(Instant.parse("2026-03-01T12:00:00Z")));
    private final BackupCodesAuthenticator authenticator = new BackupCodesAuthenticator(credentials, new SecureRandom());

    /** Runs an enrolment to its end. @return the codes as shown */
    private List<String> enrol(UserRef user) {
        TestContext context = new TestContext(user);
        List<String> codes = shownCodes(authenticator.startEnrolment(context));
        assertThat(authenticator.submitEnrolment(context, CONFIRM)).isEqualTo(StepResult.success(user, Set.of()));
        return codes;
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownCodes(StepResult result) {
        assertThat(result).isInstanceOf(StepResult.Prompted.class);
        return (List<String>) ((StepResult.Prompted) result).prompt().data().get("codes");
    }

    private StepResult login(UserRef user, String code) {
        return authenticator.submit(new TestContext(user), new Submission(Action.SUBMIT, Map.of("code", code)));
    }

    private Credential stored(UserRef user) {
        List<Credential> sets = credentials.list(ROOT, user, "backup-codes");
        assertThat(sets).hasSize(1);
        return sets.get(0);
    }

    @Test
    void describesItselfAsRecoveryProducingOtp() {
        var descriptor = authenticator.descriptor();
        assertThat(descriptor.id()).isEqualTo("backup-codes");
        assertThat(descriptor.kind()).isEqualTo(AuthenticatorKind.RECOVERY);
        assertThat(descriptor.amr()).containsExactly("otp");
    }

    @Test
    void appliesWhileTheUserHasAnUnusedCode() {
        assertThat(authenticator.applicability(new TestContext(null))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(authenticator.applicability(new TestContext(ALICE))).isEqualTo(Applicability.NEEDS_ENROLMENT);
        List<String> codes = enrol(ALICE);
        assertThat(authenticator.applicability(new TestContext(ALICE))).isEqualTo(Applicability.APPLICABLE);
        codes.forEach(code -> assertThat(login(ALICE, code)).isInstanceOf(StepResult.Success.class));
        assertThat(authenticator.applicability(new TestContext(ALICE))).as("all used").isEqualTo(Applicability.NEEDS_ENROLMENT);
    }

    @Test
    void failsClosedWhenTheStoreIsDown() {
        List<String> codes = enrol(ALICE);
        credentials.unavailable(true);
        assertThat(authenticator.applicability(new TestContext(ALICE))).isEqualTo(Applicability.APPLICABLE);
        assertThat(login(ALICE, codes.get(0))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
    }

    @Nested
    class Enrolling {

        private final TestContext context = new TestContext(ALICE);

        @Test
        void showsTenCodesOnceWithAConfirmation() {
            StepResult result = authenticator.startEnrolment(context);
            Prompt prompt = ((StepResult.Prompted) result).prompt();
            assertThat(prompt.messageKey()).isEqualTo(MessageKeys.ENROL_PROMPT);
            assertThat(shownCodes(result)).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}"));
            assertThat(prompt.fields()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("saved");
                assertThat(f.type()).isEqualTo(FieldType.CHECKBOX);
                assertThat(f.required()).isTrue();
            });
            assertThat(prompt.actions()).extracting(Action::name).containsExactly("submit", "cancel");
            assertThat(credentials.list(ROOT, ALICE, "backup-codes")).as("nothing stored before confirmation").isEmpty();
            String state = context.values().toString();
            shownCodes(result).forEach(code -> assertThat(state).doesNotContain(code).doesNotContain(code.replace("-", "")));
        }

        @Test
        void storesOneCredentialOfSaltedHashesOnConfirmation() {
            List<String> codes = shownCodes(authenticator.startEnrolment(context));
            StepResult result = authenticator.submitEnrolment(context, CONFIRM);
            assertThat(result).as("seeing codes proves nothing: no AMR").isEqualTo(StepResult.success(ALICE, Set.of()));
            assertThat(context.values()).isEmpty();
            Credential set = stored(ALICE);
            assertThat(set.label()).isEqualTo("Backup codes");
            assertThat(set.data()).containsEntry("remaining", "10").containsEntry("scheme", "hmac-sha256-salted");
            assertThat(set.data().keySet()).filteredOn(k -> k.startsWith("code.")).hasSize(10);
            // the hashes are keyed; the key is the credential's secret, which the credential store seals
            assertThat(credentials.secret(ROOT, set)).get().asString().matches("[A-Za-z0-9_-]{43}");
            assertThat(set.data().toString()).doesNotContain(credentials.secret(ROOT, set).get());
            String data = set.data().toString();
            codes.forEach(code -> assertThat(data).doesNotContain(code).doesNotContain(code.replace("-", "")));
        }

        @Test
        void anUnconfirmedSubmissionShowsANewSet() {
            List<String> first = shownCodes(authenticator.startEnrolment(context));
            StepResult again = authenticator.submitEnrolment(context, new Submission(Action.SUBMIT, Map.of()));
            assertThat(((StepResult.Prompted) again).prompt().messageKey()).isEqualTo(MessageKeys.ENROL_NOT_CONFIRMED);
            List<String> second = shownCodes(again);
            assertThat(second).doesNotContainAnyElementsOf(first);
            assertThat(authenticator.submitEnrolment(context, CONFIRM)).isInstanceOf(StepResult.Success.class);
            assertThat(login(ALICE, first.get(0))).isEqualTo(INVALID);
            assertThat(login(ALICE, second.get(0))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void acceptsTheCheckboxAsAPlainFormSendsIt() {
            authenticator.startEnrolment(context);
            assertThat(authenticator.submitEnrolment(context, new Submission(Action.SUBMIT, Map.of("saved", "on"))))
                    .isInstanceOf(StepResult.Success.class);
        }

        @Test
        void regeneratingReplacesTheOldSet() {
            List<String> old = enrol(ALICE);
            assertThat(login(ALICE, old.get(0))).isInstanceOf(StepResult.Success.class);
            List<String> fresh = enrol(ALICE);
            assertThat(stored(ALICE).data()).containsEntry("remaining", "10");
            old.forEach(code -> assertThat(login(ALICE, code)).isEqualTo(INVALID));
            assertThat(login(ALICE, fresh.get(9))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void theOldSetIsDeadEvenWhenItsRemovalFails() {
            List<String> old = enrol(ALICE);
            credentials.failRemovals(true);
            List<String> fresh = enrol(ALICE);
            assertThat(credentials.list(ROOT, ALICE, "backup-codes")).hasSize(2);
            assertThat(login(ALICE, old.get(0))).isEqualTo(INVALID);
            assertThat(login(ALICE, fresh.get(0))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void cancellingKeepsTheEarlierSet() {
            List<String> old = enrol(ALICE);
            TestContext again = new TestContext(ALICE);
            authenticator.startEnrolment(again);
            assertThat(authenticator.submitEnrolment(again, new Submission("cancel", Map.of())))
                    .isEqualTo(StepResult.failure(FailureReason.CANCELLED, MessageKeys.ENROL_CANCELLED, false));
            assertThat(again.values()).isEmpty();
            assertThat(login(ALICE, old.get(0))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void keepsThePendingSetWhenTheStoreIsDown() {
            List<String> codes = shownCodes(authenticator.startEnrolment(context));
            credentials.unavailable(true);
            assertThat(authenticator.submitEnrolment(context, CONFIRM))
                    .isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
            credentials.unavailable(false);
            assertThat(authenticator.submitEnrolment(context, CONFIRM)).isInstanceOf(StepResult.Success.class);
            assertThat(login(ALICE, codes.get(0))).isInstanceOf(StepResult.Success.class);
        }
    }

    @Nested
    class Login {

        @Test
        void promptsForACode() {
            StepResult result = authenticator.start(new TestContext(ALICE));
            Prompt prompt = ((StepResult.Prompted) result).prompt();
            assertThat(prompt.messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);
            assertThat(prompt.fields()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("code"));
            assertThat(authenticator.start(new TestContext(null))).isInstanceOf(StepResult.Failure.class);
        }

        @Test
        void eachCodeWorksOnce() {
            List<String> codes = enrol(ALICE);
            assertThat(login(ALICE, codes.get(3))).isEqualTo(StepResult.success(ALICE, Set.of("otp")));
            assertThat(login(ALICE, codes.get(3))).isEqualTo(INVALID);
            Credential set = stored(ALICE);
            assertThat(set.data()).containsEntry("remaining", "9").doesNotContainKey("code.3");
            assertThat(set.lastUsedAt()).isPresent();
            assertThat(login(ALICE, codes.get(4))).isInstanceOf(StepResult.Success.class);
            assertThat(stored(ALICE).data()).containsEntry("remaining", "8");
        }

        @Test
        void acceptsTheCodeHoweverItIsTyped() {
            List<String> codes = enrol(ALICE);
            assertThat(login(ALICE, codes.get(0).toUpperCase())).isInstanceOf(StepResult.Success.class);
            assertThat(login(ALICE, codes.get(1).replace("-", ""))).isInstanceOf(StepResult.Success.class);
            assertThat(login(ALICE, " " + codes.get(2).replace("-", " ") + " ")).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void neverAcceptsAnotherUsersCode() {
            enrol(ALICE);
            List<String> bobs = enrol(BOB);
            assertThat(login(ALICE, bobs.get(0))).isEqualTo(INVALID);
            assertThat(login(BOB, bobs.get(0))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void refusesAUserWithoutCodes() {
            assertThat(login(ALICE, "abcde-23456")).isEqualTo(INVALID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abcde-2345o", "0000000000", "abcde", "abcde-23456-abcde-23456-abcde", "'; drop table --", "ａbcde-23456"})
        void answersBadInputWithAFailure(String input) {
            enrol(ALICE);
            assertThat(login(ALICE, input)).isEqualTo(INVALID);
            assertThat(stored(ALICE).version()).as("nothing written").isEqualTo(1);
        }

        @Test
        void answersAnEmptyCodeWithAFailure() {
            enrol(ALICE);
            StepResult missing = StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true);
            assertThat(login(ALICE, "")).isEqualTo(missing);
            assertThat(authenticator.submit(new TestContext(ALICE), new Submission(Action.SUBMIT, Map.of()))).isEqualTo(missing);
        }

        @Test
        void ofTwoLoginsRacingWithOneCodeExactlyOnePasses() throws Exception {
            String code = enrol(ALICE).get(0);
            credentials.synchroniseReads(2); // both read the set with the code unused before either writes
            List<StepResult> results = race(2, () -> login(ALICE, code));
            assertThat(results).filteredOn(r -> r instanceof StepResult.Success).hasSize(1);
            assertThat(results).filteredOn(r -> r.equals(INVALID)).hasSize(1);
            assertThat(stored(ALICE).data()).containsEntry("remaining", "9");
        }

        @Test
        void ofManyLoginsRacingWithOneCodeExactlyOnePasses() throws Exception {
            String code = enrol(ALICE).get(0);
            List<StepResult> results = race(8, () -> login(ALICE, code));
            assertThat(results).filteredOn(r -> r instanceof StepResult.Success).hasSize(1);
        }

        @Test
        void twoDifferentCodesUsedAtOnceBothPass() throws Exception {
            List<String> codes = enrol(ALICE);
            credentials.synchroniseReads(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<StepResult> first = pool.submit(() -> login(ALICE, codes.get(0)));
                Future<StepResult> second = pool.submit(() -> login(ALICE, codes.get(1)));
                assertThat(first.get()).isInstanceOf(StepResult.Success.class);
                assertThat(second.get()).as("the loser of the write reads again and finds its code unused").isInstanceOf(StepResult.Success.class);
            } finally {
                pool.shutdownNow();
            }
            assertThat(stored(ALICE).data()).containsEntry("remaining", "8");
        }
    }

    private static List<StepResult> race(int threads, Callable<StepResult> login) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<StepResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(login));
            }
            List<StepResult> results = new ArrayList<>();
            for (Future<StepResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A clock one second later at every reading. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong seconds;

        SteppingClock(Instant start) {
            this.seconds = new AtomicLong(start.getEpochSecond());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
