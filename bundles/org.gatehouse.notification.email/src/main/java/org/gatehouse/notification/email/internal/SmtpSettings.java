package org.gatehouse.notification.email.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checked form of a {@link SmtpChannelConfiguration}. A configuration that would send
 * credentials in clear text, or mail from an address that is not one, fails the activation of the
 * channel with a message saying why, instead of failing every send later.
 */
record SmtpSettings(
        String id,
        String displayName,
        String host,
        int port,
        SmtpSecurity security,
        Optional<String> username,
        String password,
        InternetAddress from,
        Optional<String> ehloName,
        Duration connectTimeout,
        Duration readTimeout) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    static SmtpSettings from(SmtpChannelConfiguration config) {
        String id = required(config.id(), "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("The channel id must be 1-64 lower-case letters, digits or '-': " + id);
        }
        String host = required(config.host(), "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("Not a host name or IP address: " + host);
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("Not a port: " + config.port());
        }
        SmtpSecurity security = config.security() == null ? SmtpSecurity.STARTTLS : config.security();
        Optional<String> username = optional(config.username());
        String password = config._password() == null ? "" : config._password();
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("A password is configured without a username");
        }
        if (username.isPresent() && security == SmtpSecurity.NONE && !isLoopback(host)) {
            throw new IllegalArgumentException(
                    "Refusing to send SMTP credentials without TLS to " + host + ": use STARTTLS or SMTPS");
        }
        return new SmtpSettings(
                id,
                optional(config.displayName()).orElse(id),
                host,
                config.port(),
                security,
                username,
                password,
                sender(required(config.fromAddress(), "fromAddress"), config.fromName()),
                optional(config.ehloName()),
                seconds(config.connectTimeout(), "connectTimeout"),
                seconds(config.readTimeout(), "readTimeout"));
    }

    boolean authenticates() {
        return username.isPresent();
    }

    /** @return the domain of the sender address, for Message-IDs */
    String senderDomain() {
        String address = from.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        // the password stays out of every log line
        return "SmtpSettings[id=" + id + ", host=" + host + ", port=" + port + ", security=" + security
                + ", username=" + username.orElse("") + ", from=" + from.getAddress() + "]";
    }

    private static InternetAddress sender(String address, String name) {
        try {
            InternetAddress parsed = Addresses.bareAddress(address);
            Optional<String> personal = optional(name);
            if (personal.isPresent()) {
                if (HeaderText.hasControlCharacters(personal.get())) {
                    throw new IllegalArgumentException("The from name must be a single line");
                }
                parsed.setPersonal(personal.get(), StandardCharsets.UTF_8.name());
            }
            return parsed;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("Not a sender address: " + address + " (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("::1") || host.equals("[::1]");
    }

    private static Duration seconds(int value, String name) {
        if (value < 1 || value > 300) {
            throw new IllegalArgumentException(name + " must be 1-300 seconds: " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static String required(String value, String name) {
        return optional(value).orElseThrow(() -> new IllegalArgumentException("The setting " + name + " is required"));
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
