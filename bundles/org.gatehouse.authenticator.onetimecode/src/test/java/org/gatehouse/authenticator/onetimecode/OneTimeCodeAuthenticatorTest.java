package org.gatehouse.authenticator.onetimecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.sdk.testsupport.MutableClock;
import org.gatehouse.sdk.testsupport.StepResults;
import org.gatehouse.sdk.testsupport.TestContext;
import org.gatehouse.sdk.testsupport.TestDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The whole step, through its public surface, with a delivery as a plugin author would write one. */
class OneTimeCodeAuthenticatorTest {

    private static final Pattern CODE_IN_TEXT = Pattern.compile("^(\\d+) is your code");
    private static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            "test-otp", "One-time code for tests", AuthenticatorKind.SECOND_FACTOR, Set.of("otp"), Optional.of("org.example.otp"));

    private final TestDirectory users = new TestDirectory();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Outbox outbox = new Outbox();
    private final StepKeys keys = new StepKeys("test-otp");
    private UserRef alice;
    private OneTimeCodeAuthenticator step;

    /** The keys as a plugin's messages file holds them, spelled out here so a renamed key fails a test. */
    record StepKeys(String id) {
        String key(String suffix) {
            return id + "." + suffix;
        }
    }

    @BeforeEach
    void setUp() {
        alice = users.add("alice", UserProfile.builder().email("alice@example.com").build());
        step = authenticator(OneTimeCodeSettings.DEFAULTS);
    }

    @Nested
    class ItsSurface {

        @Test
        void describesItselfWithThePluginsDescriptor() {
            assertThat(step.descriptor()).isSameAs(DESCRIPTOR);
        }

        @Test
        void isASecondFactorOnly() {
            AuthenticatorDescriptor first = new AuthenticatorDescriptor("x", "x", AuthenticatorKind.FIRST_FACTOR, Set.of("otp"), Optional.empty());
            assertThatThrownBy(() -> new OneTimeCodeAuthenticator(first, new TestDelivery(users.directory()), OneTimeCodeSettings.DEFAULTS, outbox))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("second factor");
        }

        @Test
        void publishesTheMessageKeysThePluginMustTranslate() {
            assertThat(OneTimeCodeAuthenticator.messageKeys("test-otp")).containsExactlyInAnyOrder(
                    "test-otp.prompt.code", "test-otp.prompt.resent", "test-otp.prompt.wait", "test-otp.prompt.resend_limit",
                    "test-otp.field.code", "test-otp.action.submit", "test-otp.action.resend", "test-otp.error.invalid_code",
                    "test-otp.error.missing_code", "test-otp.error.expired", "test-otp.error.too_many_attempts",
                    "test-otp.error.no_active_code", "test-otp.error.delivery_failed", "test-otp.error.try_later", "test-otp.error.no_user");
        }
    }

    @Nested
    class Applicability_ {

        @Test
        void appliesToUsersWithARecipientOnly() {
            UserRef none = users.add("carol", UserProfile.empty());
            assertThat(step.applicability(login(alice))).isEqualTo(Applicability.APPLICABLE);
            assertThat(step.applicability(login(none))).isEqualTo(Applicability.NOT_APPLICABLE);
            assertThat(step.applicability(login(null))).isEqualTo(Applicability.NOT_APPLICABLE);
            assertThat(step.start(login(none))).isEqualTo(StepResult.failure(FailureReason.NOT_ENROLLED, TestDelivery.NO_RECIPIENT, false));
            assertThat(outbox.sent).isEmpty();
        }

        @Test
        void failsClosedWhenTheStoreIsDown() {
            users.goDown();
            assertThat(step.applicability(login(alice))).isEqualTo(Applicability.APPLICABLE);
            TestContext login = login(alice);
            assertThat(step.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, keys.key("error.try_later"), true));
            assertThat(login.values()).isEmpty();
            assertThat(outbox.sent).isEmpty();
        }

        @Test
        void refusesToRunBeforeTheUserIsKnown() {
            StepResult noUser = StepResult.failure(FailureReason.CONFIGURATION, keys.key("error.no_user"), false);
            assertThat(step.start(login(null))).isEqualTo(noUser);
            assertThat(step.submit(login(null), code("123456"))).isEqualTo(noUser);
        }
    }

    @Nested
    class Codes {

        @Test
        void sendsACodeThatPassesOnceAndKeepsOnlyItsHash() {
            TestContext login = new TestContext(alice).withLocale(Locale.GERMAN).withApplicationName("Acme Portal");

            Prompt prompt = StepResults.prompt(step.start(login));

            assertThat(prompt.messageKey()).isEqualTo(keys.key("prompt.code"));
            assertThat(prompt.fields()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo(OneTimeCodeAuthenticator.CODE);
                assertThat(f.type()).isEqualTo(FieldType.OTP);
                assertThat(f.labelKey()).isEqualTo(keys.key("field.code"));
                assertThat(f.hints()).containsEntry("autocomplete", "one-time-code").containsEntry("inputmode", "numeric")
                        .containsEntry("maxLength", "6");
            });
            assertThat(prompt.actions()).extracting(Action::name).containsExactly(Action.SUBMIT, OneTimeCodeAuthenticator.RESEND);
            assertThat(prompt.actions()).extracting(Action::labelKey).containsExactly(keys.key("action.submit"), keys.key("action.resend"));
            assertThat(prompt.data()).containsEntry("destination", "a***").containsEntry("codeLength", 6).containsEntry("resendsLeft", 2);

            assertThat(outbox.sent).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo(ChannelType.EMAIL));
            Notification sent = outbox.last();
            assertThat(sent.recipient()).isEqualTo("alice@example.com");
            assertThat(sent.subject()).isEqualTo("Code for Acme Portal");
            assertThat(sent.body()).endsWith("(5 min, de)");
            assertThat(sent.htmlBody()).isPresent();
            assertThat(sent.locale()).isEqualTo(Locale.GERMAN);
            assertThat(sent.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("purpose", "login-code", "authenticator", "test-otp"));
            String code = codeIn(sent);
            assertThat(login.values().values()).noneMatch(v -> v.contains(code));

            assertThat(step.submit(login, code(code))).isEqualTo(StepResult.success(alice, Set.of("otp")));
            assertThat(step.submit(login, code(code))).as("replay after success")
                    .isEqualTo(StepResult.failure(FailureReason.EXPIRED, keys.key("error.no_active_code"), true));
        }

        @Test
        void makesCodesOfTheConfiguredLength() {
            OneTimeCodeAuthenticator eight = authenticator(new OneTimeCodeSettings(8, Duration.ofMinutes(10), 5, Duration.ZERO, 3));
            TestContext login = login(alice);
            assertThat(StepResults.prompt(eight.start(login)).data()).containsEntry("codeLength", 8);
            String code = codeIn(outbox.last());
            assertThat(code).matches("[0-9]{8}");
            assertThat(outbox.last().body()).contains("(10 min,");
            assertThat(eight.submit(login, code(code))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void acceptsSpacesAndDashesButRefusesWrongCodesAndDiesAfterTheAttemptLimit() {
            TestContext login = login(alice);
            step.start(login);
            String code = codeIn(outbox.last());
            String wrong = code.equals("000000") ? "111111" : "000000";

            StepResult invalid = StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.invalid_code"), true);
            assertThat(step.submit(login, code(wrong))).isEqualTo(invalid);
            assertThat(step.submit(login, code("12ab56"))).as("not digits, still an attempt").isEqualTo(invalid);
            assertThat(step.submit(login, code("1".repeat(40)))).as("far too long").isEqualTo(invalid);
            assertThat(step.submit(login, code("١٢٣٤٥٦"))).as("other scripts' digits").isEqualTo(invalid);
            assertThat(step.submit(login, code(" "))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.missing_code"), true));
            assertThat(step.submit(login, new Submission(Action.SUBMIT, Map.of()))).as("no field at all")
                    .isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.missing_code"), true));
            assertThat(step.submit(login, code(wrong))).isEqualTo(
                    StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.too_many_attempts"), true));
            assertThat(step.submit(login, code(code))).as("the right code, too late")
                    .isEqualTo(StepResult.failure(FailureReason.EXPIRED, keys.key("error.no_active_code"), true));

            TestContext second = login(alice);
            step.start(second);
            String next = codeIn(outbox.last());
            assertThat(step.submit(second, code(next.substring(0, 3) + " " + next.substring(3)))).isInstanceOf(StepResult.Success.class);
            TestContext third = login(alice);
            step.start(third);
            String dashed = codeIn(outbox.last());
            assertThat(step.submit(third, code(dashed.substring(0, 3) + "-" + dashed.substring(3)))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void theRightCodeOnTheLastAttemptStillPasses() {
            TestContext login = login(alice);
            step.start(login);
            String code = codeIn(outbox.last());
            String wrong = code.equals("000000") ? "111111" : "000000";
            for (int i = 1; i < 5; i++) {
                step.submit(login, code(wrong));
            }
            assertThat(step.submit(login, code(code))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void expiresCodes() {
            TestContext login = login(alice);
            step.start(login);
            String code = codeIn(outbox.last());

            clock.advance(Duration.ofMinutes(5).minusMillis(1));
            Map<String, String> beforeExpiry = Map.copyOf(login.values());
            assertThat(step.submit(login, code(code))).as("just in time").isInstanceOf(StepResult.Success.class);

            login.values().clear();
            login.values().putAll(beforeExpiry);
            clock.advance(Duration.ofMillis(1));
            assertThat(step.submit(login, code(code))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, keys.key("error.expired"), true));
            assertThat(step.submit(login, code(code))).isEqualTo(
                    StepResult.failure(FailureReason.EXPIRED, keys.key("error.no_active_code"), true));
        }

        @Test
        void aCodeIsBoundToItsUser() {
            UserRef bob = users.add("bob", UserProfile.builder().email("bob@example.com").build());
            TestContext alices = login(alice);
            step.start(alices);
            String code = codeIn(outbox.last());

            TestContext bobs = login(bob);
            bobs.values().putAll(alices.values());
            assertThat(step.submit(bobs, code(code))).as("alice's state in bob's login")
                    .isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.invalid_code"), true));
        }

        @Test
        void onceNoCodeMaySendAnotherTheFailuresAreFinal() {
            OneTimeCodeAuthenticator single = authenticator(new OneTimeCodeSettings(6, Duration.ofMinutes(1), 1, Duration.ZERO, 1));
            TestContext login = login(alice);
            single.start(login);
            String code = codeIn(outbox.last());
            String wrong = code.equals("000000") ? "111111" : "000000";
            assertThat(single.submit(login, code(wrong))).isEqualTo(
                    StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.too_many_attempts"), false));
            assertThat(single.submit(login, code(code))).isEqualTo(
                    StepResult.failure(FailureReason.EXPIRED, keys.key("error.no_active_code"), false));

            TestContext late = login(alice);
            single.start(late);
            clock.advance(Duration.ofMinutes(1));
            assertThat(single.submit(late, code(codeIn(outbox.last())))).isEqualTo(
                    StepResult.failure(FailureReason.EXPIRED, keys.key("error.expired"), false));
        }
    }

    @Nested
    class Resends {

        @Test
        void rateLimitsResendsAndOnlyTheNewestCodeCounts() {
            TestContext login = login(alice);
            step.start(login);
            String first = codeIn(outbox.last());

            Prompt wait = StepResults.prompt(step.submit(login, resend()));
            assertThat(wait.messageKey()).isEqualTo(keys.key("prompt.wait"));
            assertThat(wait.data()).containsEntry("retryAfterSeconds", 30L);
            clock.advance(Duration.ofMillis(29_001));
            assertThat(StepResults.prompt(step.submit(login, resend())).data()).as("rounded up").containsEntry("retryAfterSeconds", 1L);
            assertThat(outbox.sent).hasSize(1);

            clock.advance(Duration.ofMillis(999));
            Prompt resent = StepResults.prompt(step.submit(login, resend()));
            assertThat(resent.messageKey()).isEqualTo(keys.key("prompt.resent"));
            assertThat(resent.data()).containsEntry("resendsLeft", 1);
            String second = codeIn(outbox.last());

            clock.advance(Duration.ofSeconds(30));
            assertThat(StepResults.prompt(step.submit(login, resend())).data()).containsEntry("resendsLeft", 0);
            String third = codeIn(outbox.last());
            clock.advance(Duration.ofMinutes(1));
            assertThat(StepResults.prompt(step.submit(login, resend())).messageKey()).isEqualTo(keys.key("prompt.resend_limit"));
            assertThat(outbox.sent).as("three codes per login").hasSize(3);

            if (!first.equals(third) && !second.equals(third)) {
                StepResult invalid = StepResult.failure(FailureReason.CREDENTIALS, keys.key("error.invalid_code"), true);
                assertThat(step.submit(login, code(first))).isEqualTo(invalid);
                assertThat(step.submit(login, code(second))).isEqualTo(invalid);
            }
            assertThat(step.submit(login, code(third))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void aResentCodeGetsFreshAttemptsAndAFreshLifetime() {
            TestContext login = login(alice);
            step.start(login);
            String wrong = codeIn(outbox.last()).equals("000000") ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                step.submit(login, code(wrong));
            }
            clock.advance(Duration.ofMinutes(4));
            StepResults.prompt(step.submit(login, resend()));
            clock.advance(Duration.ofMinutes(4));
            assertThat(step.submit(login, code(codeIn(outbox.last())))).isInstanceOf(StepResult.Success.class);
        }

        @Test
        void showsThePromptAgainWithoutSendingAnotherCode() {
            TestContext login = login(alice);
            step.start(login);
            step.submit(login, code("000000"));

            // what the runtime may do after a retryable failure: start again, to get the prompt
            assertThat(StepResults.prompt(step.start(login)).messageKey()).isEqualTo(keys.key("prompt.code"));
            assertThat(StepResults.prompt(step.submit(login, new Submission("unknown", Map.of()))).messageKey()).isEqualTo(keys.key("prompt.code"));
            assertThat(outbox.sent).hasSize(1);
        }
    }

    @Nested
    class DeliveryFailures {

        @Test
        void aRetryableFailureLeavesNoUsableCodeButCountsTheSend() {
            outbox.answer(DeliveryResult.Status.FAILED_RETRYABLE);
            TestContext login = login(alice);

            assertThat(step.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, keys.key("error.delivery_failed"), true));
            assertThat(login.values()).doesNotContainKeys("code.hash", "code.salt", "code.expires");
            String lost = codeIn(outbox.last());
            assertThat(StepResults.prompt(step.start(login)).data()).containsEntry("resendsLeft", 2);
            assertThat(step.submit(login, code(lost))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, keys.key("error.no_active_code"), true));
        }

        @Test
        void aPermanentFailureIsFinal() {
            outbox.answer(DeliveryResult.Status.FAILED_PERMANENT);
            assertThat(step.start(login(alice))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, keys.key("error.delivery_failed"), false));
        }
    }

    @Nested
    class Settings {

        @Test
        void refusesOutOfRangeValuesNamingTheSetting() {
            assertThatThrownBy(() -> OneTimeCodeSettings.of(5, 300, 5, 30, 3)).hasMessage("codeLength must be 6-10: 5");
            assertThatThrownBy(() -> OneTimeCodeSettings.of(6, 59, 5, 30, 3)).hasMessage("codeLifetime must be 60-3600: 59");
            assertThatThrownBy(() -> OneTimeCodeSettings.of(6, 300, 11, 30, 3)).hasMessage("maxAttempts must be 1-10: 11");
            assertThatThrownBy(() -> OneTimeCodeSettings.of(6, 300, 5, -1, 3)).hasMessage("resendInterval must be 0-600: -1");
            assertThatThrownBy(() -> OneTimeCodeSettings.of(6, 300, 5, 30, 0)).hasMessage("maxSends must be 1-10: 0");
            assertThat(OneTimeCodeSettings.of(6, 300, 5, 30, 3)).isEqualTo(OneTimeCodeSettings.DEFAULTS);
        }

        @Test
        void statesTheLifetimeInWholeMinutesRoundedUp() {
            assertThat(OneTimeCodeSettings.of(6, 60, 5, 30, 3).lifetimeMinutes()).isEqualTo(1);
            assertThat(OneTimeCodeSettings.of(6, 61, 5, 30, 3).lifetimeMinutes()).isEqualTo(2);
            assertThat(OneTimeCodeSettings.DEFAULTS.lifetimeMinutes()).isEqualTo(5);
        }

        @Test
        void neverPrintsTheCode() {
            assertThat(new CodeToSend("123456", 5, Locale.ENGLISH, "Acme").toString()).doesNotContain("123456");
            assertThat(new CodeMessage("Code", "123456 is it", Optional.of("<b>123456</b>")).toString()).doesNotContain("123456");
            assertThat(CodeMessage.text("123456")).isEqualTo(new CodeMessage("", "123456", Optional.empty()));
        }
    }

    private OneTimeCodeAuthenticator authenticator(OneTimeCodeSettings settings) {
        return new OneTimeCodeAuthenticator(DESCRIPTOR, new TestDelivery(users.directory()), settings, outbox, clock, new SecureRandom());
    }

    private static TestContext login(UserRef user) {
        return new TestContext(user);
    }

    private static Submission code(String code) {
        return new Submission(Action.SUBMIT, Map.of(OneTimeCodeAuthenticator.CODE, code));
    }

    private static Submission resend() {
        return new Submission(OneTimeCodeAuthenticator.RESEND, Map.of());
    }

    private static String codeIn(Notification notification) {
        Matcher m = CODE_IN_TEXT.matcher(notification.body());
        assertThat(m.find()).as("a code in the message").isTrue();
        return m.group(1);
    }
}
