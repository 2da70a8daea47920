package org.gatehouse.authenticator.emailotp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
import org.gatehouse.api.notification.Notifications;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.notification.email.internal.SmtpChannel;
import org.gatehouse.notification.email.internal.SmtpChannelConfiguration;
import org.gatehouse.notification.email.internal.SmtpSecurity;
import org.gatehouse.sdk.testsupport.ChannelNotifications;
import org.gatehouse.sdk.testsupport.StepResults;
import org.gatehouse.sdk.testsupport.TestContext;
import org.gatehouse.sdk.testsupport.TestDirectory;
import org.gatehouse.sdk.testsupport.TypedConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The email part of the step, end to end: the component as Declarative Services builds it sends
 * through the real SMTP channel to GreenMail, and the test reads the code from the mail that
 * arrived and types it in, as a user would. The step's rules (attempts, expiry, resends) are the
 * one-time-code library's and tested there.
 */
class EmailOtpAuthenticatorTest {

    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private static GreenMail greenMail;

    private final TestDirectory users = new TestDirectory();
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
        step = authenticator(Map.of(), notifications);
    }

    @Test
    void describesItself() {
        assertThat(step.descriptor().id()).isEqualTo("email-otp");
        assertThat(step.descriptor().kind()).isEqualTo(AuthenticatorKind.SECOND_FACTOR);
        assertThat(step.descriptor().amr()).containsExactly("otp");
        assertThat(step.descriptor().configurationPid()).contains("org.gatehouse.authenticator.emailotp");
    }

    @Test
    void refusesAnInvalidConfigurationAtActivation() {
        assertThatThrownBy(() -> authenticator(Map.of("codeLength", 4), notifications))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("codeLength must be 6-10: 4");
    }

    @Test
    void appliesOnlyToUsersWithAVerifiedAddressUnlessConfiguredOtherwise() {
        UserRef unverified = users.add("bob", UserProfile.builder().email("bob@example.com").emailVerified(false).build());
        UserRef none = users.add("carol", UserProfile.empty());

        assertThat(step.applicability(new TestContext(alice))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.applicability(new TestContext(unverified))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.applicability(new TestContext(none))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(step.start(new TestContext(unverified))).isEqualTo(StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NO_ADDRESS, false));
        EmailOtpAuthenticator anyAddress = authenticator(Map.of("requireVerifiedEmail", false), notifications);
        assertThat(anyAddress.applicability(new TestContext(unverified))).isEqualTo(Applicability.APPLICABLE);
        assertThat(anyAddress.applicability(new TestContext(none))).isEqualTo(Applicability.NOT_APPLICABLE);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void mailsACodeThatPassesOnce() throws Exception {
        TestContext login = new TestContext(alice).withLocale(Locale.GERMAN).withApplicationName("Acme Portal");

        Prompt prompt = StepResults.prompt(step.start(login));

        assertThat(prompt.messageKey()).isEqualTo("email-otp.prompt.code");
        assertThat(prompt.data()).containsEntry("destination", "a***e@example.com");
        MimeMessage mail = onlyMail();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(mail.getSubject()).isEqualTo("Ihr Anmeldecode für Acme Portal");
        assertThat(((String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent())).contains("lang=\"de\"");
        String code = codeIn(mail);
        assertThat(login.values().values()).noneMatch(v -> v.contains(code));

        assertThat(step.submit(login, code(code))).isEqualTo(StepResult.success(alice, Set.of("otp")));
        assertThat(step.submit(login, code(code))).as("replay after success")
                .isEqualTo(StepResult.failure(FailureReason.EXPIRED, "email-otp.error.no_active_code", true));
    }

    @Test
    void answersAnUnreachableMailServerWithAUserSafeMessageAndNoUsableCode() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        EmailOtpAuthenticator unreachable = authenticator(Map.of(), new ChannelNotifications(new SmtpChannel(smtp(closedPort))));
        TestContext login = new TestContext(alice);

        assertThat(unreachable.start(login)).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, "email-otp.error.delivery_failed", true));
        assertThat(login.values()).doesNotContainKeys("code.hash", "code.salt");
    }

    @Test
    void neverLetsProfileOrApplicationDataInjectHeaders() throws Exception {
        UserRef mallory = users.add("mallory", UserProfile.builder().email("mallory@example.com\r\nBcc: victim@example.com").emailVerified(true).build());
        assertThat(step.start(new TestContext(mallory))).isEqualTo(StepResult.failure(FailureReason.UPSTREAM, "email-otp.error.delivery_failed", false));
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        TestContext login = new TestContext(alice).withApplicationName("Evil\r\nBcc: victim@example.com <script>");
        StepResults.prompt(step.start(login));
        MimeMessage mail = onlyMail();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getSubject()).isEqualTo("Your sign-in code for Evil  Bcc: victim@example.com <script>");
        String html = (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void masksAddresses() {
        assertThat(EmailAddresses.mask("alice@example.com")).isEqualTo("a***e@example.com");
        assertThat(EmailAddresses.mask("a@example.com")).isEqualTo("a***@example.com");
        assertThat(EmailAddresses.mask("nobody")).isEqualTo("***");
    }

    private EmailOtpAuthenticator authenticator(Map<String, Object> config, Notifications channel) {
        return new EmailOtpAuthenticator(TypedConfig.of(EmailOtpConfiguration.class, config), users.directory(), channel);
    }

    private static Submission code(String code) {
        return new Submission(Action.SUBMIT, Map.of("code", code));
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
