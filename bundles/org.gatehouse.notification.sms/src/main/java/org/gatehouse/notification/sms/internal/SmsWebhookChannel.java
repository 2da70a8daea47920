package org.gatehouse.notification.sms.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.notification.ChannelDescriptor;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.DeliveryResult.Status;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMS channel that posts each message as JSON to a webhook: {@code {"to": "+E164", "message":
 * "...", "metadata": {...}}}. Any SMS gateway can sit behind a small adapter that verifies the
 * bearer token or the signature and calls the gateway's own API.
 *
 * <p>Never throws from {@link #send}, and never logs the message: it holds one-time codes.
 */
@Component(service = NotificationChannel.class, configurationPid = SmsWebhookConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SmsWebhookConfiguration.class, factory = true)
public final class SmsWebhookChannel implements NotificationChannel {

    /** Anything longer is not an answer a webhook adapter gives; the rest is not read. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SmsWebhookChannel.class);

    private final SmsWebhookSettings settings;
    private final ChannelDescriptor descriptor;
    private final Optional<WebhookSignature> signature;
    private final ObjectMapper json = new ObjectMapper();
    private final WebhookResponses responses = new WebhookResponses(json);
    private final HttpClient http;
    private final Clock clock;

    @Activate
    public SmsWebhookChannel(SmsWebhookConfiguration config) {
        this(config, Clock.systemUTC());
    }

    SmsWebhookChannel(SmsWebhookConfiguration config, Clock clock) {
        this.clock = clock;
        this.settings = SmsWebhookSettings.from(config);
        this.descriptor = new ChannelDescriptor(settings.id(), settings.displayName(), ChannelType.SMS);
        this.signature = settings.signingSecret().map(WebhookSignature::new);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // never follow: a redirect would carry the code, and the bearer token, to another place
                .followRedirects(HttpClient.Redirect.NEVER)
                // adapters are small HTTP/1.1 services; this also spares loopback URLs the h2c upgrade
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        LOG.info("SMS channel {} posts to {}", settings.id(), settings.url());
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        DeliveryResult result;
        try {
            result = deliver(notification);
        } catch (RuntimeException e) {
            // a bug or a broken installation must not fail the login that asked for the SMS
            LOG.error("SMS channel {} failed unexpectedly", settings.id(), e);
            result = WebhookResponses.failed(Status.FAILED_RETRYABLE, "Unexpected failure: " + e.getClass().getName());
        }
        if (!result.accepted()) {
            LOG.warn("SMS channel {} could not send a message ({}): {}", settings.id(), result.status(), result.detail());
        }
        return result;
    }

    private DeliveryResult deliver(Notification notification) {
        if (!PhoneNumbers.isE164(notification.recipient())) {
            return WebhookResponses.failed(Status.FAILED_PERMANENT, "The recipient is not an E.164 phone number");
        }
        byte[] body;
        try {
            body = payload(notification);
        } catch (JsonProcessingException e) {
            return WebhookResponses.failed(Status.FAILED_PERMANENT, "The message cannot be written as JSON");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        // a fresh id per attempt is fine: the receiver deduplicates replays, and a retry carries a new code anyway
        signature.ifPresent(s -> s.headers("msg_" + UUID.randomUUID(), clock.instant(), body).forEach(request::header));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_RESPONSE_BYTES);
            }
            return responses.interpret(response.statusCode(), answer);
        } catch (HttpTimeoutException e) {
            return WebhookResponses.failed(Status.FAILED_RETRYABLE, "The webhook did not answer in time: " + e.getMessage());
        } catch (IOException e) {
            return WebhookResponses.failed(Status.FAILED_RETRYABLE, "Could not reach the webhook: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebhookResponses.failed(Status.FAILED_RETRYABLE, "Interrupted while waiting for the webhook");
        }
    }

    private byte[] payload(Notification notification) throws JsonProcessingException {
        ObjectNode root = json.createObjectNode();
        root.put("to", notification.recipient());
        root.put("message", notification.body());
        ObjectNode metadata = root.putObject("metadata");
        for (Map.Entry<String, String> entry : notification.metadata().entrySet()) {
            metadata.put(entry.getKey(), entry.getValue());
        }
        return json.writeValueAsBytes(root);
    }
}
