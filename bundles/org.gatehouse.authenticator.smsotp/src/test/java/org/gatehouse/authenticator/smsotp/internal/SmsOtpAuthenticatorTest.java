package org.gatehouse.authenticator.smsotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.notification.sms.internal.SmsWebhookChannel;
import org.gatehouse.notification.sms.internal.SmsWebhookConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the step sends through the real webhook channel to a real HTTP server, and the test
 * reads the code from the SMS that arrived there.
 */
class SmsOtpAuthenticatorTest {

    private static final Pattern LEADING_CODE = Pattern.compile("^(\\d{6}) ");

    private final TestDirectory users = new TestDirectory();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private WebhookGateway gateway;
    private ChannelNotifications notifications;
    private UserRef alice;
    private SmsOtpAuthenticator step;

    @BeforeEach
    void setUp() throws Exception {
        gateway = new WebhookGateway();
        notifications = new ChannelNotifications(new SmsWebhookChannel(TypedConfig.of(SmsWebhookConfiguration.class,
                Map.of("id", "test-sms", "url", gateway.url(), "connectTimeout", 2, "requestTimeout", 5))));
        alice = users.add("alice", UserProfile.builder().phoneNumber("+4915112345678").build());
        step = authenticator(OtpSettings.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void describesItselfAndAppliesOnlyToUsersWithAnE164Number() {
        assertThat(step.descriptor().id()).isEqualTo("sms-otp");
        assertThat(step.descriptor().kind()).isEqualTo(AuthenticatorKind.SECOND_FACTOR);
        assertThat(step.descriptor().amr()).containsExactly("sms");
        UserRef local = users.add("bob", UserProfile.builder().phoneNumber("0151 12345678").build());
        UserRef none = users.add("carol", UserProfile.builder().email("carol@example.com").build());

        assertThat(step.applicability(login(alice))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.applicability(login(local))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(login(none))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(login(null))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.start(login(none))).isEqualTo(StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NO_PHONE, false));

        users.goDown();
        assertThat(step.applicability(login(alice))).as("fails closed").isEqualTo(Applicability.APPLICABLE);
        assertThat(step.start(login(alice))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
    }

    @Test
    void textsACodeThatPassesOnceAndKeepsOnlyItsHash() {
        TestContext login = new TestContext(alice, Locale.GERMAN, "Acme");

        Prompt prompt = prompted(step.start(login));

        assertThat(prompt.messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);
        assertThat(prompt.fields()).singleElement().satisfies(f -> assertThat(f.type()).isEqualTo(FieldType.OTP));
        assertThat(prompt.actions()).extracting(Action::name).containsExactly("submit", "resend");
        assertThat(prompt.data()).containsEntry("destination", "+49*********78");
        JsonNode sms = gateway.messages().get(0);
        assertThat(sms.get("to").asText()).isEqualTo("+4915112345678");
        assertThat(sms.get("message").asText()).contains("ist Ihr Anmeldecode für Acme");
        assertThat(sms.get("metadata").get("authenticator").asText()).isEqualTo("sms-otp");
        String code = codeIn(sms);
        assertThat(login.values.values()).noneMatch(v -> v.contains(code));

        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.success(alice, Set.of("sms")));
        assertThat(step.submit(login, code(code))).as("replay after success")
                .isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, true));
    }

    @Test
    void refusesWrongCodesUntilTheCodeIsDeadAndExpiresCodes() {
        TestContext login = login(alice);
        step.start(login);
        String code = codeIn(gateway.messages().get(0));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int attempt = 1; attempt < 5; attempt++) {
            assertThat(step.submit(login, code(wrong))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true));
        }
        assertThat(step.submit(login, code(wrong))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.TOO_MANY_ATTEMPTS, true));
        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, true));

        TestContext later = login(alice);
        step.start(later);
        String second = codeIn(gateway.messages().get(1));
        clock.advance(Duration.ofMinutes(5));
        assertThat(step.submit(later, code(second))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.EXPIRED, true));
    }

    @Test
    void rateLimitsResendsAndNeverTextsOnReentry() {
        TestContext login = login(alice);
        step.start(login);
        step.submit(login, code("000000"));
        assertThat(prompted(step.start(login)).messageKey()).as("the runtime re-entering").isEqualTo(MessageKeys.PROMPT_CODE);
        assertThat(gateway.messages()).hasSize(1);

        assertThat(prompted(step.submit(login, resend())).data()).containsEntry("retryAfterSeconds", 30L);
        clock.advance(Duration.ofSeconds(30));
        assertThat(prompted(step.submit(login, resend())).messageKey()).isEqualTo(MessageKeys.PROMPT_RESENT);
        clock.advance(Duration.ofSeconds(30));
        assertThat(prompted(step.submit(login, resend())).messageKey()).isEqualTo(MessageKeys.PROMPT_RESENT);
        clock.advance(Duration.ofSeconds(30));
        assertThat(prompted(step.submit(login, resend())).messageKey()).isEqualTo(MessageKeys.PROMPT_RESEND_LIMIT);
        assertThat(gateway.messages()).as("three SMS per login").hasSize(3);
        assertThat(notifications.sent.get()).isEqualTo(3);

        assertThat(step.submit(login, code(codeIn(gateway.messages().get(2))))).isInstanceOf(StepResult.Success.class);
    }

    @Test
    void mapsGatewayFailuresToUserSafeFailures() {
        gateway.answer(503);
        TestContext login = login(alice);
        assertThat(step.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED, true));
        assertThat(login.values).doesNotContainKeys("code.hash", "code.salt");

        gateway.answer(400);
        assertThat(step.start(login(alice))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED, false));
    }

    @Test
    void addsTheOriginBoundLineWhenConfigured() {
        SmsOtpAuthenticator bound = authenticator(new OtpSettings(8, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3,
                Optional.of("login.example.com")));
        bound.start(login(alice));
        String text = gateway.messages().get(0).get("message").asText();
        Matcher m = Pattern.compile("^(\\d{8}) [^\\n]+\\n\\n@login\\.example\\.com #(\\d{8})$").matcher(text);
        assertThat(m.matches()).as(text.replaceAll("\\d", "9")).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(2));
        assertThat(PhoneNumbers.mask("+15551234")).isEqualTo("+15****34");
    }

    private SmsOtpAuthenticator authenticator(OtpSettings settings) {
        return new SmsOtpAuthenticator(users.directory(), notifications, settings, clock, new SecureRandom());
    }

    private static TestContext login(UserRef user) {
        return new TestContext(user, Locale.ENGLISH, "Acme");
    }

    private static Submission code(String code) {
        return new Submission(Action.SUBMIT, Map.of("code", code));
    }

    private static Submission resend() {
        return new Submission("resend", Map.of());
    }

    private static Prompt prompted(StepResult result) {
        assertThat(result).isInstanceOf(StepResult.Prompted.class);
        return ((StepResult.Prompted) result).prompt();
    }

    private static String codeIn(JsonNode sms) {
        Matcher m = LEADING_CODE.matcher(sms.get("message").asText());
        assertThat(m.find()).as("a code in the SMS").isTrue();
        return m.group(1);
    }
}
