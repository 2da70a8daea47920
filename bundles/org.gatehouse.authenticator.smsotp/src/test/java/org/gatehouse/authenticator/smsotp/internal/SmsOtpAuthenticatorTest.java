package org.gatehouse.authenticator.smsotp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.notification.sms.internal.SmsWebhookChannel;
import org.gatehouse.notification.sms.internal.SmsWebhookConfiguration;
import org.gatehouse.sdk.testsupport.ChannelNotifications;
import org.gatehouse.sdk.testsupport.StepResults;
import org.gatehouse.sdk.testsupport.TestContext;
import org.gatehouse.sdk.testsupport.TestDirectory;
import org.gatehouse.sdk.testsupport.TypedConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMS part of the step, end to end: the component as Declarative Services builds it sends
 * through the real webhook channel to a real HTTP server, and the test reads the code from the SMS
 * that arrived there. The step's rules (attempts, expiry, resends) are the one-time-code library's
 * and tested there.
 */
class SmsOtpAuthenticatorTest {

    private static final Pattern LEADING_CODE = Pattern.compile("^(\\d{6}) ");

    private final TestDirectory users = new TestDirectory();
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
        step = authenticator(Map.of());
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
        assertThat(step.descriptor().configurationPid()).contains("org.gatehouse.authenticator.smsotp");
        UserRef local = users.add("bob", UserProfile.builder().phoneNumber("0151 12345678").build());
        UserRef none = users.add("carol", UserProfile.builder().email("carol@example.com").build());

        assertThat(step.applicability(new TestContext(alice))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.applicability(new TestContext(local))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(new TestContext(none))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.start(new TestContext(none))).isEqualTo(StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NO_PHONE, false));
        assertThat(gateway.messages()).isEmpty();
    }

    @Test
    void textsACodeThatPassesOnce() {
        TestContext login = new TestContext(alice).withLocale(Locale.GERMAN);

        Prompt prompt = StepResults.prompt(step.start(login));

        assertThat(prompt.messageKey()).isEqualTo("sms-otp.prompt.code");
        assertThat(prompt.data()).containsEntry("destination", "+49*********78");
        JsonNode sms = gateway.messages().get(0);
        assertThat(sms.get("to").asText()).isEqualTo("+4915112345678");
        assertThat(sms.get("message").asText()).contains("ist Ihr Anmeldecode für Acme");
        assertThat(sms.get("metadata").get("authenticator").asText()).isEqualTo("sms-otp");
        String code = codeIn(sms);
        assertThat(login.values().values()).noneMatch(v -> v.contains(code));

        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.success(alice, Set.of("sms")));
        assertThat(step.submit(login, code(code))).as("replay after success")
                .isEqualTo(StepResult.failure(FailureReason.EXPIRED, "sms-otp.error.no_active_code", true));
    }

    @Test
    void mapsGatewayFailuresToUserSafeFailures() {
        gateway.answer(503);
        TestContext login = new TestContext(alice);
        assertThat(step.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, "sms-otp.error.delivery_failed", true));
        assertThat(login.values()).doesNotContainKeys("code.hash", "code.salt");

        gateway.answer(400);
        assertThat(step.start(new TestContext(alice))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, "sms-otp.error.delivery_failed", false));
    }

    @Test
    void addsTheOriginBoundLineWhenConfigured() {
        SmsOtpAuthenticator bound = authenticator(Map.of("codeLength", 8, "originBoundDomain", " Login.Example.com "));
        bound.start(new TestContext(alice));
        String text = gateway.messages().get(0).get("message").asText();
        Matcher m = Pattern.compile("^(\\d{8}) [^\\n]+\\n\\n@login\\.example\\.com #(\\d{8})$").matcher(text);
        assertThat(m.matches()).as(text.replaceAll("\\d", "9")).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(2));
    }

    @Test
    void refusesAnInvalidConfigurationAtActivation() {
        assertThatThrownBy(() -> authenticator(Map.of("originBoundDomain", "login.example.com\n#123456")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originBoundDomain");
        assertThatThrownBy(() -> authenticator(Map.of("maxSends", 11))).hasMessage("maxSends must be 1-10: 11");
        assertThat(OriginBoundDomain.parse("  ")).isEqualTo(Optional.empty());
        assertThat(OriginBoundDomain.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void masksNumbers() {
        assertThat(PhoneNumbers.mask("+4915112345678")).isEqualTo("+49*********78");
        assertThat(PhoneNumbers.mask("+15551234")).isEqualTo("+15****34");
        assertThat(PhoneNumbers.isE164("+4915112345678")).isTrue();
        assertThat(PhoneNumbers.isE164("+049151")).isFalse();
    }

    private SmsOtpAuthenticator authenticator(Map<String, Object> config) {
        return new SmsOtpAuthenticator(TypedConfig.of(SmsOtpConfiguration.class, config), users.directory(), notifications);
    }

    private static Submission code(String code) {
        return new Submission(Action.SUBMIT, Map.of("code", code));
    }

    private static String codeIn(JsonNode sms) {
        Matcher m = LEADING_CODE.matcher(sms.get("message").asText());
        assertThat(m.find()).as("a code in the SMS").isTrue();
        return m.group(1);
    }
}
