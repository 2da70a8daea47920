package org.gatehouse.notification.sms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One SMS webhook. A factory configuration: each instance registers one SMS channel.
 *
 * <p>Secrets use a leading underscore ({@code _signingSecret} becomes the property
 * {@code .signingSecret}): Declarative Services keeps properties whose names start with a dot out of
 * the service registration, where every bundle could read them.
 */
@ObjectClassDefinition(
        name = "Gatehouse SMS webhook channel",
        description = "Sends SMS by posting {\"to\", \"message\", \"metadata\"} as JSON to a webhook that hands them to an SMS gateway.")
public @interface SmsWebhookConfiguration {

    String FACTORY_PID = "org.gatehouse.notification.sms";

    @AttributeDefinition(name = "Channel id", description = "Unique and stable, e.g. sms-main: lower-case letters, digits and '-'.")
    String id() default "sms-webhook";

    @AttributeDefinition(name = "Display name", description = "Shown in consoles and logs.")
    String displayName() default "SMS webhook";

    @AttributeDefinition(name = "Webhook URL", description = "An https:// URL (http:// only for 127.0.0.1, ::1 or localhost).")
    String url();

    @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD, required = false,
            description = "Sent as 'Authorization: Bearer <token>' when set.")
    String _bearerToken() default "";

    @AttributeDefinition(name = "Signing secret", type = AttributeType.PASSWORD, required = false,
            description = "When set (at least 32 characters; whsec_<base64> is read as those bytes), each request is signed as the"
                    + " Standard Webhooks specification says: webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 of"
                    + " id.timestamp.body), so the gateway adapter can verify the sender and refuse replays.")
    String _signingSecret() default "";

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "60")
    int connectTimeout() default 5;

    @AttributeDefinition(name = "Request timeout (s)", description = "How long to wait for the whole answer.", min = "1", max = "120")
    int requestTimeout() default 10;

    @AttributeDefinition(name = "Ranking", description = "When several SMS channels are installed, the highest ranking one is used.",
            required = false)
    int service_ranking() default 0;
}
