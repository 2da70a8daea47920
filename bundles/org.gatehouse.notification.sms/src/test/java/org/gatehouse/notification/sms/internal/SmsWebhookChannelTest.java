package org.gatehouse.notification.sms.internal;

import org.gatehouse.sdk.testsupport.TypedConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.DeliveryResult.Status;
import org.gatehouse.api.notification.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel against a real HTTP server standing in for a gateway adapter. */
class SmsWebhookChannelTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-webhook";
    private static final String TOKEN = "gateway-token-123";

    private WebhookServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new WebhookServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void postsTheMessageAsSignedJson() throws Exception {
        SmsWebhookChannel channel = new SmsWebhookChannel(config(Map.of("_bearerToken", TOKEN, "_signingSecret", SECRET)));
        assertThat(channel.descriptor().type()).isEqualTo(ChannelType.SMS);
        server.answer(200, "{\"messageId\":\"msg-42\",\"status\":\"queued\"}");

        DeliveryResult result = channel.send(sms("+4915112345678", "Ihr Code: 123456 – gültig 5 Minuten", Map.of("purpose", "login")));

        assertThat(result).isEqualTo(DeliveryResult.accepted("msg-42"));
        WebhookServer.Received request = server.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/sms");
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get("to").asText()).isEqualTo("+4915112345678");
        assertThat(body.get("message").asText()).isEqualTo("Ihr Code: 123456 – gültig 5 Minuten");
        assertThat(body.get("metadata").get("purpose").asText()).isEqualTo("login");

        // what an adapter does (Standard Webhooks): HMAC over "id.timestamp.raw body", compared in constant time,
        // and the timestamp checked against its clock
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).startsWith("msg_");
        assertThat(Long.parseLong(timestamp)).isCloseTo(java.time.Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
        assertThat(MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                request.header("webhook-signature").getBytes(StandardCharsets.US_ASCII))).isTrue();
        // every message has its own id, so a receiver can refuse one it has seen
        channel.send(sms("+4915112345678", "again", Map.of()));
        assertThat(server.received().get(1).header("webhook-id")).isNotEqualTo(id);
    }

    @Test
    void sendsNoCredentialsWhenNoneAreConfiguredAndReadsTheProviderId() throws Exception {
        SmsWebhookChannel channel = new SmsWebhookChannel(config(Map.of()));

        assertThat(channel.send(sms("+15551234567", "x", Map.of())).providerMessageId()).isEmpty();
        assertThat(server.received().get(0).header("Authorization")).isNull();
        assertThat(server.received().get(0).header("webhook-signature")).isNull();
        assertThat(new ObjectMapper().readTree(server.received().get(0).body()).get("metadata").isObject()).isTrue();

        server.answer(201, "{\"id\": 987654}");
        assertThat(channel.send(sms("+15551234567", "x", Map.of()))).isEqualTo(DeliveryResult.accepted("987654"));
        server.answer(202, "accepted, not json");
        assertThat(channel.send(sms("+15551234567", "x", Map.of()))).isEqualTo(DeliveryResult.accepted(null));
    }

    @Test
    void mapsStatusCodesToRetryableOrPermanent() {
        SmsWebhookChannel channel = new SmsWebhookChannel(config(Map.of()));
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            server.answer(status, "{\"error\":\"busy\"}");
            assertThat(channel.send(sms("+15551234567", "x", Map.of())).status()).as("HTTP %d", status).isEqualTo(Status.FAILED_RETRYABLE);
        }
        for (int status : new int[] {400, 401, 403, 404, 410, 422, 301, 302}) {
            server.answer(status, "{\"messageId\":\"ignored\"}");
            DeliveryResult result = channel.send(sms("+15551234567", "x", Map.of()));
            assertThat(result.status()).as("HTTP %d", status).isEqualTo(Status.FAILED_PERMANENT);
            assertThat(result.providerMessageId()).isEmpty();
        }
    }

    @Test
    void refusesRecipientsThatAreNotE164WithoutCallingTheWebhook() {
        SmsWebhookChannel channel = new SmsWebhookChannel(config(Map.of()));
        for (String recipient : new String[] {"015112345678", "+015112345678", "+49 151 12345678", "+49-151-12345678",
            "+1234567890123456", "+1", "+4915112345678\r\nX-Evil: 1", "tel:+4915112345678", "", "+４９１５１"}) {
            assertThat(channel.send(sms(recipient, "x", Map.of())).status()).as(recipient).isEqualTo(Status.FAILED_PERMANENT);
        }
        assertThat(channel.send(sms("+123456789012345", "x", Map.of())).status()).as("15 digits").isEqualTo(Status.ACCEPTED);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void mapsTimeoutsAndUnreachableWebhooksToRetryable() throws Exception {
        server.delay(3000);
        SmsWebhookChannel slow = new SmsWebhookChannel(config(Map.of("requestTimeout", 1)));
        long started = System.nanoTime();
        DeliveryResult timedOut = slow.send(sms("+15551234567", "x", Map.of()));
        assertThat(timedOut.status()).isEqualTo(Status.FAILED_RETRYABLE);
        assertThat(timedOut.detail()).contains("in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));

        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        SmsWebhookChannel unreachable = new SmsWebhookChannel(config(Map.of("url", "http://127.0.0.1:" + closedPort + "/sms")));
        assertThat(unreachable.send(sms("+15551234567", "x", Map.of())).status()).isEqualTo(Status.FAILED_RETRYABLE);
    }

    @Test
    void acceptsOnlyTlsOrLoopbackUrlsAndStrongSecrets() {
        assertThat(new SmsWebhookChannel(config(Map.of("url", "https://sms.example.com/hook"))).descriptor().id()).isEqualTo("test-sms");
        assertThat(new SmsWebhookChannel(config(Map.of("url", "http://localhost:8080/hook")))).isNotNull();
        assertThatThrownBy(() -> new SmsWebhookChannel(config(Map.of("url", "http://sms.example.com/hook"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> new SmsWebhookChannel(config(Map.of("url", "https://user:pw@sms.example.com/hook"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info");
        assertThatThrownBy(() -> new SmsWebhookChannel(config(Map.of("url", "ftp://sms.example.com/hook"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmsWebhookChannel(config(Map.of("_signingSecret", "short"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
        assertThatThrownBy(() -> new SmsWebhookChannel(config(Map.of("_bearerToken", "two\r\nlines"))))
                .isInstanceOf(IllegalArgumentException.class);

        SmsWebhookSettings settings = SmsWebhookSettings.from(config(Map.of("_bearerToken", TOKEN, "_signingSecret", SECRET)));
        assertThat(settings.toString()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }

    private static Notification sms(String to, String text, Map<String, String> metadata) {
        return new Notification(OrganizationRef.root(), to, "", text, Optional.empty(), Locale.GERMAN, metadata);
    }

    private SmsWebhookConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "test-sms");
        values.put("url", server.url());
        values.put("connectTimeout", 2);
        values.put("requestTimeout", 5);
        values.putAll(overrides);
        return TypedConfig.of(SmsWebhookConfiguration.class, values);
    }

    @Test
    void aStandardWebhooksSecretIsReadAsItsBase64Bytes() {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String standard = "whsec_" + java.util.Base64.getEncoder().encodeToString(raw);
        assertThat(WebhookSignature.keyBytes(standard)).isEqualTo(raw);
        assertThat(WebhookSignature.keyBytes("whsec_not base64 at all!!")).isEqualTo("whsec_not base64 at all!!".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.keyBytes(SECRET)).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        // the example of the specification's reference libraries: same id, time and body give their signature
        WebhookSignature s = new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(s.headers("msg_p5jXN8AQM9LWM0D4loKWxJek", java.time.Instant.ofEpochSecond(1614265330),
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)).get("webhook-signature"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
