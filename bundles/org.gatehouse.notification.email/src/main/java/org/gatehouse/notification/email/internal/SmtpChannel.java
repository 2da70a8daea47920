package org.gatehouse.notification.email.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.gatehouse.api.notification.ChannelDescriptor;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An email channel over SMTP, one per factory configuration. Opens a connection per message: OTP
 * mails are few and far between, and a pooled connection would only go stale.
 *
 * <p>Never throws from {@link #send}: every problem becomes a failed {@link DeliveryResult}. Never
 * logs bodies either, since they carry one-time codes.
 */
@Component(service = NotificationChannel.class, configurationPid = SmtpChannelConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SmtpChannelConfiguration.class, factory = true)
public final class SmtpChannel implements NotificationChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpChannel.class);

    private final SmtpSettings settings;
    private final ChannelDescriptor descriptor;
    private final SmtpSessions sessions;
    private final MailComposer composer;

    @Activate
    public SmtpChannel(SmtpChannelConfiguration config) {
        this(config, defaultTls());
    }

    /** @param tls how TLS connections are made: tests trust their own certificate authority */
    SmtpChannel(SmtpChannelConfiguration config, SSLSocketFactory tls) {
        this.settings = SmtpSettings.from(config);
        this.descriptor = new ChannelDescriptor(settings.id(), settings.displayName(), ChannelType.EMAIL);
        this.sessions = new SmtpSessions(settings, tls);
        this.composer = new MailComposer(settings, Clock.systemUTC());
        LOG.info("Email channel {} sends through {}:{} ({})", settings.id(), settings.host(), settings.port(), settings.security());
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public DeliveryResult send(Notification notification) {
        DeliveryResult result;
        try {
            result = SmtpSessions.withMailClassLoader(() -> deliver(notification));
        } catch (RuntimeException e) {
            // a bug or a broken installation must not fail the login that asked for the mail
            LOG.error("Email channel {} failed unexpectedly", settings.id(), e);
            result = DeliveryFailures.unexpected(e);
        }
        if (!result.accepted()) {
            LOG.warn("Email channel {} could not send a message ({}): {}", settings.id(), result.status(), result.detail());
        }
        return result;
    }

    private DeliveryResult deliver(Notification notification) {
        ComposedMail mail;
        try {
            mail = composer.compose(sessions.session(), notification);
        } catch (RejectedNotificationException e) {
            return DeliveryFailures.rejected(e);
        } catch (MessagingException e) {
            return DeliveryFailures.of(e);
        }
        Transport transport = null;
        try {
            transport = sessions.connect();
            transport.sendMessage(mail.message(), mail.message().getAllRecipients());
        } catch (MessagingException e) {
            return DeliveryFailures.of(e);
        } finally {
            closeQuietly(transport);
        }
        LOG.debug("Email channel {} handed over message {}", settings.id(), mail.messageId());
        return DeliveryResult.accepted(mail.messageId());
    }

    /** Once the server has accepted the message, a failed QUIT must not turn it into a failure. */
    private void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.debug("Email channel {}: closing the SMTP connection failed: {}", settings.id(), e.getMessage());
        }
    }

    /** The JVM's trust store, so operators trust a private CA the way they do for everything else. */
    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No TLS implementation is available", e);
        }
    }
}
