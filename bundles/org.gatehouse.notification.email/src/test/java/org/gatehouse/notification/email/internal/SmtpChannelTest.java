package org.gatehouse.notification.email.internal;

import org.gatehouse.sdk.testsupport.TypedConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.DeliveryResult.Status;
import org.gatehouse.api.notification.Notification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel against GreenMail, a real SMTP server, on plain SMTP, SMTPS and (through a relay that
 * adds it) STARTTLS; and against a scripted server for the reply codes GreenMail never sends.
 */
class SmtpChannelTest {

    private static final String USER = "mailer";
    private static final String PASSWORD = "s3cret-Pa55";

    /** Names the address 127.0.0.1, so TLS runs with host name verification on. */
    private static final TestCertificate CERTIFICATE = TestCertificate.forNames("127.0.0.1", "localhost");

    private static GreenMail greenMail;
    private static Path keyStoreDir;

    @BeforeAll
    static void startServer() throws Exception {
        // GreenMail reads its SMTPS key once per JVM, from these properties
        keyStoreDir = Files.createTempDirectory("greenmail-tls");
        System.setProperty("greenmail.tls.keystore.file", CERTIFICATE.writeKeyStore(keyStoreDir).toString());
        System.setProperty("greenmail.tls.keystore.password", new String(TestCertificate.PASSWORD));
        System.setProperty("greenmail.tls.key.password", new String(TestCertificate.PASSWORD));
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        greenMail.start();
        greenMail.setUser("mailer@gatehouse.test", USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        greenMail.stop();
        try (var files = Files.walk(keyStoreDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Test
    void sendsPlainTextWithSafeHeaders() throws Exception {
        SmtpChannel channel = new SmtpChannel(config(Map.of()));
        assertThat(channel.descriptor().id()).isEqualTo("test-smtp");
        assertThat(channel.descriptor().type()).isEqualTo(ChannelType.EMAIL);

        DeliveryResult result = channel.send(notification("alice@example.com", "Ihr Anmeldecode – gültig 5 Minuten", Optional.empty()));

        assertThat(result.status()).isEqualTo(Status.ACCEPTED);
        MimeMessage received = onlyReceived();
        assertThat(received.getSubject()).isEqualTo("Ihr Anmeldecode – gültig 5 Minuten");
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("no-reply@gatehouse.test");
        assertThat(from.getPersonal()).isEqualTo("Gatehouse Müller");
        assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(received.getContent()).asString().isEqualTo("Ihr Code lautet 123456. Grüße!");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(received.getHeader("Content-Language")).containsExactly("de");
        assertThat(received.getMessageID()).isEqualTo(result.providerMessageId().orElseThrow()).endsWith("@gatehouse.test>");
    }

    @Test
    void sendsAnHtmlAlternative() throws Exception {
        SmtpChannel channel = new SmtpChannel(config(Map.of()));

        DeliveryResult result = channel.send(notification("alice@example.com", "Code", Optional.of("<p>Ihr Code lautet <b>123456</b>.</p>")));

        assertThat(result.status()).isEqualTo(Status.ACCEPTED);
        MimeMessage received = onlyReceived();
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(0).getContent()).asString().isEqualTo("Ihr Code lautet 123456. Grüße!");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent()).asString().isEqualTo("<p>Ihr Code lautet <b>123456</b>.</p>");
    }

    @Test
    void authenticatesAndMapsARefusedLoginToAPermanentFailure() throws Exception {
        SmtpChannel right = new SmtpChannel(config(Map.of("username", USER, "_password", PASSWORD)));
        SmtpChannel wrong = new SmtpChannel(config(Map.of("username", USER, "_password", "wrong")));

        assertThat(right.send(notification("bob@example.com", "Code", Optional.empty())).status()).isEqualTo(Status.ACCEPTED);
        DeliveryResult refused = wrong.send(notification("bob@example.com", "Code", Optional.empty()));

        assertThat(refused.status()).isEqualTo(Status.FAILED_PERMANENT);
        assertThat(refused.detail()).doesNotContain("wrong");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void sendsOverSmtpsWithTheServerCertificateVerified() throws Exception {
        Map<String, Object> smtps = Map.of("security", SmtpSecurity.SMTPS, "port", greenMail.getSmtps().getPort(),
                "username", USER, "_password", PASSWORD);
        SmtpChannel trusting = new SmtpChannel(config(smtps), CERTIFICATE.trustingClient());
        SmtpChannel jdkTrustOnly = new SmtpChannel(config(smtps));

        assertThat(trusting.send(notification("carol@example.com", "Code", Optional.empty())).status()).isEqualTo(Status.ACCEPTED);
        DeliveryResult untrusted = jdkTrustOnly.send(notification("carol@example.com", "Code", Optional.empty()));

        assertThat(untrusted.status()).as("a certificate the JVM does not trust").isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void requiresStartTlsAndNeverFallsBackToPlainText() throws Exception {
        SmtpChannel channel = new SmtpChannel(config(Map.of("security", SmtpSecurity.STARTTLS, "username", USER, "_password", PASSWORD)),
                CERTIFICATE.trustingClient());

        DeliveryResult result = channel.send(notification("dave@example.com", "Code", Optional.empty()));

        assertThat(result.status()).isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(result.detail()).contains("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).as("nothing went out in clear text").isEmpty();
    }

    @Test
    void upgradesWithStartTlsAndAuthenticatesInsideTls() throws Exception {
        try (StartTlsRelay relay = new StartTlsRelay(CERTIFICATE.serverContext(), greenMail.getSmtp().getPort())) {
            SmtpChannel channel = new SmtpChannel(config(Map.of("security", SmtpSecurity.STARTTLS, "port", relay.port(),
                    "username", USER, "_password", PASSWORD)), CERTIFICATE.trustingClient());

            DeliveryResult result = channel.send(notification("erin@example.com", "Code", Optional.empty()));

            assertThat(result.status()).isEqualTo(Status.ACCEPTED);
            assertThat(relay.negotiatedProtocol()).hasValueSatisfying(p -> assertThat(p).isIn("TLSv1.3", "TLSv1.2"));
            assertThat(onlyReceived().getAllRecipients()).extracting(Object::toString).containsExactly("erin@example.com");
        }
    }

    @Test
    void refusesAStartTlsServerWhoseCertificateNamesAnotherHost() throws Exception {
        TestCertificate elsewhere = TestCertificate.forNames("mail.elsewhere.test");
        try (StartTlsRelay relay = new StartTlsRelay(elsewhere.serverContext(), greenMail.getSmtp().getPort())) {
            SmtpChannel channel = new SmtpChannel(config(Map.of("security", SmtpSecurity.STARTTLS, "port", relay.port())),
                    elsewhere.trustingClient());

            DeliveryResult result = channel.send(notification("frank@example.com", "Code", Optional.empty()));

            assertThat(result.status()).isEqualTo(Status.FAILED_RETRYABLE);
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void refusesHeaderInjectionAndAnythingButOneBareAddress() throws Exception {
        SmtpChannel channel = new SmtpChannel(config(Map.of()));

        assertThat(channel.send(notification("alice@example.com", "Code\r\nBcc: mallory@evil.test", Optional.empty())).status())
                .isEqualTo(Status.FAILED_PERMANENT);
        assertThat(channel.send(notification("alice@example.com", "Code\nX-Evil: 1", Optional.empty())).status())
                .isEqualTo(Status.FAILED_PERMANENT);
        for (String recipient : new String[] {
            "alice@example.com\r\nBcc: mallory@evil.test", "alice@example.com\nmallory@evil.test", "alice@example.com, mallory@evil.test",
            "Alice <alice@example.com>", "alice@example.com (Alice)", "undisclosed:;", "alice", "", "älice@example.com",
            "alice@example.com ", "a".repeat(250) + "@example.com"}) {
            assertThat(channel.send(notification(recipient, "Code", Optional.empty())).status()).as(recipient)
                    .isEqualTo(Status.FAILED_PERMANENT);
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void mapsReplyCodesToRetryableOrPermanent() throws Exception {
        assertThat(sendThrough(Map.of("RCPT", "550 5.1.1 No such user"))).isEqualTo(Status.FAILED_PERMANENT);
        assertThat(sendThrough(Map.of("RCPT", "450 4.2.1 Mailbox busy"))).isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(sendThrough(Map.of("MAIL", "553 5.7.1 Sender not allowed"))).isEqualTo(Status.FAILED_PERMANENT);
        assertThat(sendThrough(Map.of("MAIL", "451 4.3.0 Try again"))).isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(sendThrough(Map.of("DOT", "554 5.6.0 Message rejected"))).isEqualTo(Status.FAILED_PERMANENT);
        assertThat(sendThrough(Map.of("DOT", "452 4.3.1 Insufficient storage"))).isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(sendThrough(Map.of())).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void mapsUnreachableAndSilentServersToRetryable() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        assertThat(new SmtpChannel(config(Map.of("port", closedPort))).send(notification("a@example.com", "Code", Optional.empty())).status())
                .isEqualTo(Status.FAILED_RETRYABLE);

        try (ScriptedSmtpServer silent = ScriptedSmtpServer.silent()) {
            SmtpChannel channel = new SmtpChannel(config(Map.of("port", silent.port(), "readTimeout", 1)));
            long started = System.nanoTime();
            DeliveryResult result = channel.send(notification("a@example.com", "Code", Optional.empty()));
            assertThat(result.status()).isEqualTo(Status.FAILED_RETRYABLE);
            assertThat(result.detail()).containsIgnoringCase("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesConfigurationsThatWouldLeakCredentialsOrCannotWork() {
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("host", "smtp.example.com", "username", USER, "_password", PASSWORD))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without TLS");
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("_password", PASSWORD))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a username");
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("fromAddress", "Gatehouse <no-reply@gatehouse.test>"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sender address");
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("fromName", "Evil\r\nBcc: x@y.test"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("id", "Not An Id")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpChannel(config(Map.of("host", "")))).isInstanceOf(IllegalArgumentException.class);

        SmtpSettings settings = SmtpSettings.from(config(Map.of("security", SmtpSecurity.SMTPS, "username", USER, "_password", PASSWORD)));
        assertThat(settings.toString()).doesNotContain(PASSWORD);
    }

    private Status sendThrough(Map<String, String> replies) throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(replies)) {
            return new SmtpChannel(config(Map.of("port", server.port()))).send(notification("a@example.com", "Code", Optional.empty())).status();
        }
    }

    private static MimeMessage onlyReceived() {
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    static Notification notification(String recipient, String subject, Optional<String> html) {
        return new Notification(OrganizationRef.root(), recipient, subject, "Ihr Code lautet 123456. Grüße!", html, Locale.GERMAN, Map.of());
    }

    static SmtpChannelConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "test-smtp");
        values.put("host", "127.0.0.1");
        values.put("port", greenMail == null ? 25 : greenMail.getSmtp().getPort());
        values.put("security", SmtpSecurity.NONE);
        values.put("fromAddress", "no-reply@gatehouse.test");
        values.put("fromName", "Gatehouse Müller");
        values.put("connectTimeout", 2);
        values.put("readTimeout", 5);
        values.putAll(overrides);
        return TypedConfig.of(SmtpChannelConfiguration.class, values);
    }
}
