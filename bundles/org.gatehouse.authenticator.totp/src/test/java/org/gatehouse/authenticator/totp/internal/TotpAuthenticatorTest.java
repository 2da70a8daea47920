package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.sdk.testsupport.InMemoryCredentials;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpAuthenticatorTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final UserRef ALICE = new UserRef("PRIMARY", "u-1", "alice");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:10Z");
    private static final Totp SHA1_6 = new Totp(HashAlgorithm.SHA1, 6, 30);
    private static final StepResult INVALID = StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);

    private final InMemoryCredentials credentials = new InMemoryCredentials(Clock.fixed(NOW, ZoneOffset.UTC));

    private TotpAuthenticator at(Instant instant) {
        return at(instant, TotpSettings.from(TotpSettingsTest.defaultConfiguration()));
    }

    private TotpAuthenticator at(Instant instant, TotpSettings settings) {
        return new TotpAuthenticator(credentials, settings, Clock.fixed(instant, ZoneOffset.UTC), new SecureRandom());
    }

    /** Enrols an app directly in the store, as a finished enrolment would leave it. */
    private byte[] enrolled(Totp totp) {
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        credentials.add(ROOT, ALICE, new NewCredential(TotpAuthenticator.ID, Optional.empty(), "Phone",
                TotpCredentialData.write(totp, TotpCredentialData.NONE), Optional.of(Base32.encode(secret))));
        return secret;
    }

    private static String codeAt(byte[] secret, Instant instant) {
        return SHA1_6.code(secret, SHA1_6.step(instant));
    }

    private static Submission code(String code) {
        return new Submission(Action.SUBMIT, Map.of(TotpLoginStep.CODE, code));
    }

    private StepResult login(Instant instant, String code) {
        return at(instant).submit(new TestContext(ALICE), code(code));
    }

    @Test
    void describesItselfAsASecondFactorProducingOtp() {
        var descriptor = at(NOW).descriptor();
        assertThat(descriptor.id()).isEqualTo("totp");
        assertThat(descriptor.kind()).isEqualTo(AuthenticatorKind.SECOND_FACTOR);
        assertThat(descriptor.amr()).containsExactly("otp");
        assertThat(descriptor.configurationPid()).hasValue(TotpConfiguration.PID);
    }

    @Test
    void appliesOnlyToAKnownUserWithAnApp() {
        assertThat(at(NOW).applicability(new TestContext(null))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(at(NOW).applicability(new TestContext(ALICE))).isEqualTo(Applicability.NEEDS_ENROLMENT);
        enrolled(SHA1_6);
        assertThat(at(NOW).applicability(new TestContext(ALICE))).isEqualTo(Applicability.APPLICABLE);
        assertThat(at(NOW).applicability(new TestContext(new UserRef("PRIMARY", "u-2", "bob")))).isEqualTo(Applicability.NEEDS_ENROLMENT);
    }

    @Test
    void failsClosedWhenTheStoreIsDown() {
        credentials.unavailable(true);
        assertThat(at(NOW).applicability(new TestContext(ALICE))).isEqualTo(Applicability.APPLICABLE);
        assertThat(login(NOW, "123456")).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
    }

    @Test
    void promptsForAOneTimeCode() {
        StepResult result = at(NOW).start(new TestContext(ALICE));
        assertThat(result).isInstanceOfSatisfying(StepResult.Prompted.class, p -> {
            assertThat(p.prompt().messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);
            assertThat(p.prompt().fields()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("code");
                assertThat(f.type()).isEqualTo(FieldType.OTP);
            });
        });
        assertThat(at(NOW).start(new TestContext(null))).isInstanceOf(StepResult.Failure.class);
    }

    @Nested
    class Login {

        @Test
        void acceptsTheCurrentCodeAndRecordsItsStep() {
            byte[] secret = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(secret, NOW))).isEqualTo(StepResult.success(ALICE, Set.of("otp")));
            Credential stored = credentials.list(ROOT, ALICE, "totp").get(0);
            assertThat(stored.data()).containsEntry("last_step", Long.toString(SHA1_6.step(NOW)));
            assertThat(stored.lastUsedAt()).isPresent();
            assertThat(stored.version()).isEqualTo(2);
        }

        @Test
        void toleratesOneStepOfDriftEitherWay() {
            byte[] secret = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(secret, NOW.minusSeconds(30)))).isInstanceOf(StepResult.Success.class);
            assertThat(login(NOW, codeAt(secret, NOW.plusSeconds(30)))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void refusesCodesTwoStepsAway() {
            byte[] secret = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(secret, NOW.minusSeconds(60)))).isEqualTo(INVALID);
            assertThat(login(NOW, codeAt(secret, NOW.plusSeconds(60)))).isEqualTo(INVALID);
        }

        @Test
        void widerDriftIsAConfigurationChoice() {
            byte[] secret = enrolled(SHA1_6);
            TotpSettings twoSteps = new TotpSettings(SHA1_6, "Gatehouse", 2);
            assertThat(at(NOW, twoSteps).submit(new TestContext(ALICE), code(codeAt(secret, NOW.minusSeconds(60)))))
                    .isInstanceOf(StepResult.Success.class);
        }

        @Test
        void refusesAReplayedCode() {
            byte[] secret = enrolled(SHA1_6);
            String code = codeAt(secret, NOW);
            assertThat(login(NOW, code)).isInstanceOf(StepResult.Success.class);
            assertThat(login(NOW, code)).isEqualTo(INVALID);
            assertThat(login(NOW.plusSeconds(25), code)).as("still in the window, on another node").isEqualTo(INVALID);
        }

        @Test
        void refusesAnOlderCodeOnceANewerOneWasUsed() {
            byte[] secret = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(secret, NOW.plusSeconds(30)))).isInstanceOf(StepResult.Success.class);
            assertThat(login(NOW, codeAt(secret, NOW))).isEqualTo(INVALID);
            assertThat(login(NOW.plusSeconds(60), codeAt(secret, NOW.plusSeconds(60)))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void letsExactlyOneOfTwoConcurrentLoginsUseACode() throws Exception {
            byte[] secret = enrolled(SHA1_6);
            String code = codeAt(secret, NOW);
            credentials.synchroniseReads(2); // both read the unspent credential before either writes
            List<StepResult> results = race(2, () -> login(NOW, code));
            assertThat(results).filteredOn(r -> r instanceof StepResult.Success).hasSize(1);
            assertThat(results).filteredOn(r -> r.equals(INVALID)).hasSize(1);
        }

        @Test
        void letsExactlyOneOfManyConcurrentLoginsUseACode() throws Exception {
            byte[] secret = enrolled(SHA1_6);
            String code = codeAt(secret, NOW);
            List<StepResult> results = race(8, () -> login(NOW, code));
            assertThat(results).filteredOn(r -> r instanceof StepResult.Success).hasSize(1);
        }

        @Test
        void triesEveryAppOfTheUser() {
            enrolled(SHA1_6);
            byte[] second = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(second, NOW))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void verifiesEachAppWithTheParametersItWasEnrolledWith() {
            Totp sha512 = new Totp(HashAlgorithm.SHA512, 8, 30);
            byte[] secret = enrolled(sha512);
            String code = sha512.code(secret, sha512.step(NOW));
            assertThat(login(NOW, code.substring(2))).as("six digits of an eight-digit app").isEqualTo(INVALID);
            assertThat(login(NOW, code)).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void neverMatchesAnotherUsersApp() {
            byte[] secret = enrolled(SHA1_6);
            StepResult result = at(NOW).submit(new TestContext(new UserRef("PRIMARY", "u-2", "bob")), code(codeAt(secret, NOW)));
            assertThat(result).isEqualTo(INVALID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"12345a", "abcdef", "1234567", "12345", "123456789", "12-34-56", "1234567890123456789012345", "١٢٣٤٥٦"})
        void answersBadInputWithAFailure(String input) {
            enrolled(SHA1_6);
            assertThat(login(NOW, input)).isEqualTo(INVALID);
        }

        @Test
        void answersAnEmptyCodeWithAFailure() {
            enrolled(SHA1_6);
            StepResult missing = StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true);
            assertThat(login(NOW, "")).isEqualTo(missing);
            assertThat(login(NOW, "   ")).isEqualTo(missing);
            assertThat(at(NOW).submit(new TestContext(ALICE), new Submission(Action.SUBMIT, Map.of()))).isEqualTo(missing);
        }

        @Test
        void acceptsACodeTypedWithASpace() {
            byte[] secret = enrolled(SHA1_6);
            String code = codeAt(secret, NOW);
            assertThat(login(NOW, code.substring(0, 3) + " " + code.substring(3))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void skipsACredentialWithBrokenData() {
            credentials.add(ROOT, ALICE, new NewCredential("totp", Optional.empty(), "Broken", Map.of("digits", "seven"), Optional.of("JBSWY3DP")));
            credentials.add(ROOT, ALICE, new NewCredential("totp", Optional.empty(), "No secret", Map.of(), Optional.empty()));
            byte[] secret = enrolled(SHA1_6);
            assertThat(login(NOW, codeAt(secret, NOW))).isInstanceOf(StepResult.Success.class);
        }
    }

    @Nested
    class Enrolling {

        private final TestContext context = new TestContext(ALICE);

        private Prompt startEnrolment(Instant instant) {
            StepResult result = at(instant).startEnrolment(context);
            assertThat(result).isInstanceOf(StepResult.Prompted.class);
            return ((StepResult.Prompted) result).prompt();
        }

        private byte[] secretFromQrCode(Prompt prompt) {
            URI uri = URI.create((String) prompt.data().get("qr_code"));
            Map<String, String> query = new HashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return Base32.decode(query.get("secret")).orElseThrow();
        }

        @Test
        void showsAQrCodeTheManualKeyAndACodeField() {
            Prompt prompt = startEnrolment(NOW);
            assertThat(prompt.messageKey()).isEqualTo(MessageKeys.ENROL_PROMPT);
            assertThat(prompt.fields()).extracting(f -> f.name() + ":" + f.type()).containsExactly("qr_code:QR_CODE", "code:OTP");
            assertThat(prompt.actions()).extracting(Action::name).containsExactly("submit", "cancel");
            String uri = (String) prompt.data().get("qr_code");
            assertThat(uri).matches("otpauth://totp/Gatehouse:alice\\?secret=[A-Z2-7]{32}&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30");
            String secret = uri.replaceAll(".*secret=([A-Z2-7]+).*", "$1");
            assertThat((String) prompt.data().get("manual_key")).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}")
                    .isEqualTo(secret.replaceAll("(.{4})(?!$)", "$1 "));
            assertThat(secretFromQrCode(prompt)).hasSize(20);
            assertThat(credentials.list(ROOT, ALICE, "totp")).as("nothing stored before confirmation").isEmpty();
        }

        @Test
        void storesTheAppOnceAFirstCodeConfirmsIt() {
            Prompt prompt = startEnrolment(NOW);
            byte[] secret = secretFromQrCode(prompt);
            StepResult result = at(NOW).submitEnrolment(context, code(codeAt(secret, NOW)));

            assertThat(result).isEqualTo(StepResult.success(ALICE, Set.of("otp")));
            assertThat(context.values()).as("the pending secret is gone from the flow state").isEmpty();
            Credential stored = credentials.list(ROOT, ALICE, "totp").get(0);
            assertThat(stored.label()).isEqualTo("Authenticator app");
            assertThat(stored.data()).containsEntry("last_step", Long.toString(SHA1_6.step(NOW)))
                    .containsEntry("algorithm", "SHA1").containsEntry("digits", "6").containsEntry("period", "30");
            assertThat(credentials.secret(ROOT, stored)).hasValue(Base32.encode(secret));
            assertThat(stored.data().values()).noneMatch(v -> v.contains(Base32.encode(secret)));

            assertThat(at(NOW).applicability(new TestContext(ALICE))).isEqualTo(Applicability.APPLICABLE);
            assertThat(login(NOW, codeAt(secret, NOW))).as("the confirming code is spent").isEqualTo(INVALID);
            assertThat(login(NOW.plusSeconds(30), codeAt(secret, NOW.plusSeconds(30)))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void showsTheSameSecretUntilConfirmedSoAScannedCodeStaysValid() {
            byte[] first = secretFromQrCode(startEnrolment(NOW));
            assertThat(at(NOW).submitEnrolment(context, code("000000".equals(codeAt(first, NOW)) ? "111111" : "000000"))).isEqualTo(INVALID);
            byte[] again = secretFromQrCode(startEnrolment(NOW.plusSeconds(40)));
            assertThat(again).isEqualTo(first);
            assertThat(at(NOW.plusSeconds(40)).submitEnrolment(context, code(codeAt(first, NOW.plusSeconds(40)))))
                    .isInstanceOf(StepResult.Success.class);
        }

        @Test
        void keepsTheParametersShownInTheQrCodeWhenTheConfigurationChangesMidway() {
            TotpSettings eightDigits = new TotpSettings(new Totp(HashAlgorithm.SHA256, 8, 30), "Acme", 1);
            Prompt prompt = ((StepResult.Prompted) at(NOW, eightDigits).startEnrolment(context)).prompt();
            assertThat((String) prompt.data().get("qr_code")).contains("algorithm=SHA256&digits=8");
            byte[] secret = secretFromQrCode(prompt);
            Totp sha256 = new Totp(HashAlgorithm.SHA256, 8, 30);
            StepResult result = at(NOW).submitEnrolment(context, code(sha256.code(secret, sha256.step(NOW))));
            assertThat(result).isInstanceOf(StepResult.Success.class);
            assertThat(credentials.list(ROOT, ALICE, "totp").get(0).data()).containsEntry("algorithm", "SHA256").containsEntry("digits", "8");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "abcdef", "12345678", "1234567890123456789012345"})
        void answersBadInputWithAFailureAndKeepsTheEnrolmentOpen(String input) {
            startEnrolment(NOW);
            assertThat(at(NOW).submitEnrolment(context, code(input))).isInstanceOf(StepResult.Failure.class)
                    .extracting(r -> ((StepResult.Failure) r).retryable()).isEqualTo(true);
            assertThat(context.values()).containsKey(PendingEnrolment.SECRET);
            assertThat(credentials.list(ROOT, ALICE, "totp")).isEmpty();
        }

        @Test
        void cancellingForgetsTheSecret() {
            startEnrolment(NOW);
            StepResult result = at(NOW).submitEnrolment(context, new Submission("cancel", Map.of()));
            assertThat(result).isEqualTo(StepResult.failure(FailureReason.CANCELLED, MessageKeys.ENROL_CANCELLED, false));
            assertThat(context.values()).isEmpty();
        }

        @Test
        void aSubmissionWithoutAnEnrolmentStartsOne() {
            StepResult result = at(NOW).submitEnrolment(context, code("123456"));
            assertThat(result).isInstanceOf(StepResult.Prompted.class);
            assertThat(context.values()).containsKey(PendingEnrolment.SECRET);
        }

        @Test
        void keepsTheEnrolmentOpenWhenTheStoreIsDown() {
            byte[] secret = secretFromQrCode(startEnrolment(NOW));
            credentials.unavailable(true);
            assertThat(at(NOW).submitEnrolment(context, code(codeAt(secret, NOW))))
                    .isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
            credentials.unavailable(false);
            assertThat(at(NOW).submitEnrolment(context, code(codeAt(secret, NOW)))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void aSecondAppCanBeAdded() {
            byte[] first = enrolled(SHA1_6);
            byte[] second = secretFromQrCode(startEnrolment(NOW));
            assertThat(at(NOW).submitEnrolment(context, code(codeAt(second, NOW)))).isInstanceOf(StepResult.Success.class);
            assertThat(credentials.list(ROOT, ALICE, "totp")).hasSize(2);
            assertThat(login(NOW.plusSeconds(30), codeAt(first, NOW.plusSeconds(30)))).isInstanceOf(StepResult.Success.class);
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
}
