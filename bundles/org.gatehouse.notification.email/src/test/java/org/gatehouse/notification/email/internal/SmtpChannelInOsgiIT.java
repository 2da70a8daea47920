package org.gatehouse.notification.email.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The built bundle in a real OSGi framework (Felix, as in Karaf) beside the real Jakarta Mail and
 * Angus bundles, configured through Configuration Admin and activated by Declarative Services. It
 * proves what a unit test on a flat class path cannot: that the channel finds the mail
 * implementation across bundle class loaders, whatever context class loader the calling thread has,
 * and writes multipart messages without the Activation framework's content handlers.
 */
class SmtpChannelInOsgiIT {

    private GreenMail greenMail;
    private Framework framework;
    private Path storage;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        greenMail.setUser("mailer@gatehouse.test", "mailer", "never-visible");
        storage = Files.createTempDirectory("felix");
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                // the test talks to the channel through the API types of its own class path
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.gatehouse.api.notification;version=1.1.0,org.gatehouse.api.context;version=1.0.0,org.slf4j;version=1.7.36"));
        framework.start();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        greenMail.stop();
        try (var files = Files.walk(storage)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void sendsFromAThreadWithoutAContextClassLoader() throws Exception {
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        // Not angus-activation: the channel never asks the Activation framework for content handlers
        for (Class<?> fromJar : new Class<?>[] {DataHandler.class, Session.class, org.eclipse.angus.mail.smtp.SMTPTransport.class,
            org.osgi.util.function.Function.class,
            org.osgi.util.promise.Promise.class, org.osgi.service.component.ComponentContext.class,
            org.apache.felix.cm.impl.ConfigurationManager.class,
            org.apache.felix.scr.impl.Activator.class}) {
            bundles.add(context.installBundle(jarOf(fromJar)));
        }
        Bundle channelBundle = context.installBundle(Path.of(System.getProperty("gatehouse.bundle")).toUri().toString());
        bundles.add(channelBundle);
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        assertThat(channelBundle.getState()).isEqualTo(Bundle.ACTIVE);

        configure(context, Map.of("id", "osgi-smtp", "host", "127.0.0.1", "port", greenMail.getSmtp().getPort(), "security", "NONE",
                "username", "mailer", "fromAddress", "no-reply@gatehouse.test", "fromName", "Gatehouse"));
        ServiceTracker<NotificationChannel, NotificationChannel> tracker = new ServiceTracker<>(context, NotificationChannel.class, null);
        tracker.open();
        NotificationChannel channel = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
        assertThat(channel).as("the channel registered by DS").isNotNull();
        assertThat(tracker.getServiceReference().getBundle()).isEqualTo(channelBundle);
        assertThat(tracker.getServiceReference().getPropertyKeys()).doesNotContain(".password");

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(null);
        DeliveryResult result;
        try {
            result = channel.send(new Notification(OrganizationRef.root(), "alice@example.com", "Ihr Code", "Code: 123456",
                    Optional.of("<p>Code: <b>123456</b></p>"), Locale.GERMAN, Map.of()));
        } finally {
            thread.setContextClassLoader(previous);
        }
        tracker.close();

        assertThat(result.status()).as(result.detail()).isEqualTo(DeliveryResult.Status.ACCEPTED);
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Ihr Code");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getBodyPart(0).getContent()).asString().isEqualTo("Code: 123456");
        assertThat(parts.getBodyPart(1).getContent()).asString().isEqualTo("<p>Code: <b>123456</b></p>");
    }

    /** Creates the factory configuration through Configuration Admin, by reflection: its types live in the framework. */
    private static void configure(BundleContext context, Map<String, Object> values) throws Exception {
        ServiceTracker<Object, Object> admins = new ServiceTracker<>(context, "org.osgi.service.cm.ConfigurationAdmin", null);
        // all services: the system bundle would see Configuration Admin's types from the test class path, not the framework's
        admins.open(true);
        Object configAdmin = admins.waitForService(TimeUnit.SECONDS.toMillis(10));
        assertThat(configAdmin).as("Configuration Admin").isNotNull();
        ServiceReference<Object> reference = admins.getServiceReference();
        Class<?> adminType = reference.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configurationType = reference.getBundle().loadClass("org.osgi.service.cm.Configuration");
        Method create = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        Object configuration = create.invoke(configAdmin, SmtpChannelConfiguration.FACTORY_PID, "it", null);
        Dictionary<String, Object> properties = new Hashtable<>(values);
        properties.put(".password", "never-visible");
        configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
    }

    private static String jarOf(Class<?> type) throws URISyntaxException {
        return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }
}
