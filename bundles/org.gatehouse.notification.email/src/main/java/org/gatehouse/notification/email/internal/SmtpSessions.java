package org.gatehouse.notification.email.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Jakarta Mail sessions and transports for one SMTP configuration, and the class loader dance they
 * need in OSGi.
 *
 * <p>Jakarta Mail finds its implementation through {@link java.util.ServiceLoader} and resource
 * files, asking the thread context class loader (TCCL) first. In OSGi the TCCL is whatever the
 * calling thread happened to have (an HTTP worker's, often nothing useful), and the API bundle's own
 * loader cannot see the Angus bundle. So every call into Jakarta Mail runs with the TCCL set to the
 * class loader of the Angus mail bundle: it holds the {@code META-INF/services} entries (the
 * {@code StreamProvider} that {@link Session} needs on creation, the transport providers) and
 * imports the API, so what it finds is wired to the same API classes as this bundle. Our own
 * bundle's loader would not do: it cannot see resources inside another bundle, and creating the
 * Session then fails ({@code SmtpChannelInOsgiIT} runs the real bundles in Felix). The transports are
 * also created directly rather than through {@code Session.getTransport}, so provider lookup cannot
 * pick another implementation.
 */
final class SmtpSessions {

    private final SmtpSettings settings;
    private final Session session;

    SmtpSessions(SmtpSettings settings, SSLSocketFactory tls) {
        this.settings = settings;
        this.session = withMailClassLoader(() -> Session.getInstance(properties(settings, tls)));
    }

    Session session() {
        return session;
    }

    /** Opens a connection, authenticated if the settings have credentials. The caller closes it. */
    Transport connect() throws MessagingException {
        Transport transport = settings.security() == SmtpSecurity.SMTPS
                ? new SMTPSSLTransport(session, null)
                : new SMTPTransport(session, null);
        String username = settings.username().orElse(null);
        String password = settings.authenticates() ? settings.password() : null;
        transport.connect(settings.host(), settings.port(), username, password);
        return transport;
    }

    /** Runs an action with the TCCL set to the mail implementation's class loader (see the class comment). */
    static <T, E extends Exception> T withMailClassLoader(MailAction<T, E> action) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Like {@link Callable}, with the exception type kept. */
    @FunctionalInterface
    interface MailAction<T, E extends Exception> {
        T run() throws E;
    }

    static Properties properties(SmtpSettings settings, SSLSocketFactory tls) {
        // Angus reads mail.smtp.* for the smtp transport and mail.smtps.* for the smtps one
        String prefix = settings.security() == SmtpSecurity.SMTPS ? "mail.smtps." : "mail.smtp.";
        Properties p = new Properties();
        p.put(prefix + "host", settings.host());
        p.put(prefix + "port", Integer.toString(settings.port()));
        p.put(prefix + "connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.put(prefix + "timeout", Long.toString(settings.readTimeout().toMillis()));
        p.put(prefix + "from", settings.from().getAddress());
        p.put(prefix + "auth", Boolean.toString(settings.authenticates()));
        settings.ehloName().ifPresent(name -> p.put(prefix + "localhost", name));
        if (settings.security() != SmtpSecurity.NONE) {
            p.put(prefix + "ssl.socketFactory", tls);
            p.put(prefix + "ssl.checkserveridentity", "true");
            p.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
        }
        switch (settings.security()) {
            case STARTTLS:
                p.put(prefix + "starttls.enable", "true");
                p.put(prefix + "starttls.required", "true");
                break;
            case SMTPS:
                p.put(prefix + "ssl.enable", "true");
                break;
            case NONE:
            default:
                p.put(prefix + "starttls.enable", "false");
                break;
        }
        return p;
    }
}
