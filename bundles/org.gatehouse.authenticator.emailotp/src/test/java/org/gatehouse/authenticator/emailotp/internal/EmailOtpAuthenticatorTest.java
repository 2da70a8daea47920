package org.gatehouse.authenticator.emailotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notifications;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.notification.email.internal.SmtpChannel;
import org.gatehouse.notification.email.internal.SmtpChannelConfiguration;
import org.gatehouse.notification.email.internal.SmtpSecurity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the step sends through the real SMTP channel to GreenMail, the test reads the code
 * from the mail that arrived and types it in, as a user would.
 */
class EmailOtpAuthenticatorTest {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private static GreenMail greenMail;

    private final TestDirectory users = new TestDirectory();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private UserRef alice;
    private ChannelNotifications notifications;
    private EmailOtpAuthenticator step;

    @BeforeAll
    static void startMailServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterAll
    static void stopMailServer() {
        greenMail.stop();
    }

    @BeforeEach
    void setUp() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        alice = users.add("alice", UserProfile.builder().email("alice@example.com").emailVerified(true).build());
        notifications = new ChannelNotifications(new SmtpChannel(smtp(greenMail.getSmtp().getPort())));
        step = authenticator(OtpSettings.DEFAULTS, notifications);
    }

    @Test
    void describesItself() {
        assertThat(step.descriptor().id()).isEqualTo("email-otp");
        assertThat(step.descriptor().kind()).isEqualTo(AuthenticatorKind.SECOND_FACTOR);
        assertThat(step.descriptor().amr()).containsExactly("otp");
        assertThat(step.descriptor().configurationPid()).contains("org.gatehouse.authenticator.emailotp");
    }

    @Test
    void appliesOnlyToUsersWithAVerifiedAddressAndFailsClosedWhenTheStoreIsDown() {
        UserRef unverified = users.add("bob", UserProfile.builder().email("bob@example.com").emailVerified(false).build());
        UserRef none = users.add("carol", UserProfile.empty());

        assertThat(step.applicability(login(alice))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.applicability(login(unverified))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(login(none))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(login(null))).isEqualTo(Applicability.NOT_APPLICABLE);
        OtpSettings anyAddress = new OtpSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3, false);
        assertThat(authenticator(anyAddress, notifications).applicability(login(unverified))).isEqualTo(Applicability.APPLICABLE);

        users.goDown();
        assertThat(step.applicability(login(alice))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.start(login(alice))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
        assertThat(step.start(login(none))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true));
    }

    @Test
    void mailsACodeThatPassesOnceAndKeepsOnlyItsHash() throws Exception {
        TestContext login = new TestContext(alice, Locale.GERMAN, "Acme Portal");

        Prompt prompt = prompted(step.start(login));

        assertThat(prompt.messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);
        assertThat(prompt.fields()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("code");
            assertThat(f.type()).isEqualTo(FieldType.OTP);
            assertThat(f.hints()).containsEntry("autocomplete", "one-time-code");
        });
        assertThat(prompt.actions()).extracting(Action::name).containsExactly("submit", "resend");
        assertThat(prompt.data()).containsEntry("destination", "a***e@example.com");

        MimeMessage mail = onlyMail();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(mail.getSubject()).isEqualTo("Ihr Anmeldecode für Acme Portal");
        String code = codeIn(mail);
        assertThat(login.values.values()).noneMatch(v -> v.contains(code));

        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.success(alice, Set.of("otp")));
        assertThat(step.submit(login, code(code))).as("replay after success")
                .isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, true));
    }

    @Test
    void acceptsTheCodeWithSpacesButRefusesWrongOnesAndDiesAfterTheAttemptLimit() throws Exception {
        TestContext login = login(alice);
        step.start(login);
        String code = codeIn(onlyMail());
        String wrong = code.equals("000000") ? "111111" : "000000";

        StepResult invalid = StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
        for (int attempt = 1; attempt < 5; attempt++) {
            assertThat(step.submit(login, code(attempt == 2 ? "12ab56" : wrong))).isEqualTo(invalid);
        }
        assertThat(step.submit(login, code(""))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true));
        assertThat(step.submit(login, code(wrong))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.TOO_MANY_ATTEMPTS, true));
        assertThat(step.submit(login, code(code))).as("the right code, too late")
                .isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, true));

        TestContext second = login(alice);
        step.start(second);
        String spaced = codeIn(greenMail.getReceivedMessages()[1]);
        assertThat(step.submit(second, code(spaced.substring(0, 3) + " " + spaced.substring(3)))).isInstanceOf(StepResult.Success.class);
    }

    @Test
    void expiresCodes() throws Exception {
        TestContext login = login(alice);
        step.start(login);
        String code = codeIn(onlyMail());

        clock.advance(Duration.ofMinutes(5));

        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.EXPIRED, true));
        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, true));
    }

    @Test
    void rateLimitsResendsAndOnlyTheNewestCodeCounts() throws Exception {
        TestContext login = login(alice);
        step.start(login);
        String first = codeIn(onlyMail());

        Prompt wait = prompted(step.submit(login, resend()));
        assertThat(wait.messageKey()).isEqualTo(MessageKeys.PROMPT_WAIT);
        assertThat(wait.data()).containsEntry("retryAfterSeconds", 30L);
        clock.advance(Duration.ofSeconds(29));
        assertThat(prompted(step.submit(login, resend())).data()).containsEntry("retryAfterSeconds", 1L);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(prompted(step.submit(login, resend())).messageKey()).isEqualTo(MessageKeys.PROMPT_RESENT);
        assertThat(greenMail.waitForIncomingEmail(5000, 2)).isTrue();
        String second = codeIn(greenMail.getReceivedMessages()[1]);

        clock.advance(Duration.ofSeconds(30));
        assertThat(prompted(step.submit(login, resend())).data()).containsEntry("resendsLeft", 0);
        assertThat(greenMail.waitForIncomingEmail(5000, 3)).isTrue();
        String third = codeIn(greenMail.getReceivedMessages()[2]);
        clock.advance(Duration.ofMinutes(1));
        assertThat(prompted(step.submit(login, resend())).messageKey()).isEqualTo(MessageKeys.PROMPT_RESEND_LIMIT);
        assertThat(greenMail.getReceivedMessages()).as("three codes per login").hasSize(3);

        if (!first.equals(third) && !second.equals(third)) {
            assertThat(step.submit(login, code(first))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true));
            assertThat(step.submit(login, code(second))).isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true));
        }
        assertThat(step.submit(login, code(third))).isInstanceOf(StepResult.Success.class);
    }

    @Test
    void showsThePromptAgainWithoutMailingAnotherCode() throws Exception {
        TestContext login = login(alice);
        step.start(login);
        step.submit(login, code("000000"));

        // what the runtime does after a retryable failure: start again, to get the prompt
        assertThat(prompted(step.start(login)).messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);
        assertThat(prompted(step.submit(login, new Submission("unknown", Map.of()))).messageKey()).isEqualTo(MessageKeys.PROMPT_CODE);

        assertThat(notifications.sent.get()).isEqualTo(1);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void answersDeliveryFailuresWithAUserSafeMessageAndNoUsableCode() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        EmailOtpAuthenticator unreachable = authenticator(OtpSettings.DEFAULTS, new ChannelNotifications(new SmtpChannel(smtp(closedPort))));
        TestContext login = login(alice);

        assertThat(unreachable.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED, true));
        assertThat(login.values).doesNotContainKeys("code.hash", "code.salt");
        assertThat(prompted(unreachable.start(login)).data()).containsEntry("resendsLeft", 2);

        Notifications refusing = (type, n) -> new DeliveryResult(DeliveryResult.Status.FAILED_PERMANENT, Optional.empty(), "bad address");
        assertThat(authenticator(OtpSettings.DEFAULTS, refusing).start(login(alice)))
                .isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED, false));
    }

    @Test
    void neverLetsProfileOrApplicationDataInjectHeaders() throws Exception {
        UserRef mallory = users.add("mallory", UserProfile.builder().email("mallory@example.com\r\nBcc: victim@example.com").emailVerified(true).build());
        assertThat(step.start(login(mallory))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED, false));
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        TestContext login = new TestContext(alice, Locale.ENGLISH, "Evil\r\nBcc: victim@example.com <script>");
        prompted(step.start(login));
        MimeMessage mail = onlyMail();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getSubject()).isEqualTo("Your sign-in code for Evil  Bcc: victim@example.com <script>");
        String html = (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void makesCodesOfTheConfiguredLength() {
        OneTimeCodes codes = new OneTimeCodes(new SecureRandom());
        for (int i = 0; i < 200; i++) {
            assertThat(codes.generate(8)).matches("[0-9]{8}");
        }
        String salt = codes.newSalt();
        String hash = codes.hash(salt, "PRIMARY/alice", "12345678");
        assertThat(codes.matches(salt, "PRIMARY/alice", "12345678", hash)).isTrue();
        assertThat(codes.matches(salt, "PRIMARY/bob", "12345678", hash)).as("bound to the user").isFalse();
        assertThat(codes.matches(codes.newSalt(), "PRIMARY/alice", "12345678", hash)).isFalse();
        assertThat(EmailAddresses.mask("alice@example.com")).isEqualTo("a***e@example.com");
        assertThat(EmailAddresses.mask("a@example.com")).isEqualTo("a***@example.com");
        assertThat(EmailAddresses.mask("nobody")).isEqualTo("***");
    }

    private EmailOtpAuthenticator authenticator(OtpSettings settings, Notifications channel) {
        return new EmailOtpAuthenticator(users.directory(), channel, settings, clock, new SecureRandom());
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

    private static MimeMessage onlyMail() {
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    /** Reads the code from the plain-text part, as the user would read it. */
    private static String codeIn(MimeMessage mail) throws Exception {
        BodyPart text = ((MimeMultipart) mail.getContent()).getBodyPart(0);
        assertThat(text.getContentType()).startsWith("text/plain");
        Matcher m = SIX_DIGITS.matcher((String) text.getContent());
        assertThat(m.find()).as("a code in the mail").isTrue();
        return m.group(1);
    }

    private static SmtpChannelConfiguration smtp(int port) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "test-smtp");
        values.put("host", "127.0.0.1");
        values.put("port", port);
        values.put("security", SmtpSecurity.NONE);
        values.put("fromAddress", "no-reply@gatehouse.test");
        values.put("connectTimeout", 2);
        values.put("readTimeout", 5);
        return TypedConfig.of(SmtpChannelConfiguration.class, values);
    }
}
