package org.gatehouse.notification.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One SMTP connection. A factory configuration: each instance registers one email channel.
 *
 * <p>Secrets use a leading underscore ({@code _password} becomes the property {@code .password}):
 * Declarative Services does not copy properties whose names start with a dot into the service
 * registration, so the password is not visible to every bundle that looks the channel up.
 */
@ObjectClassDefinition(
        name = "Gatehouse SMTP email channel",
        description = "Sends notifications such as one-time codes by email through an SMTP server.")
public @interface SmtpChannelConfiguration {

    String FACTORY_PID = "org.gatehouse.notification.email";

    @AttributeDefinition(name = "Channel id", description = "Unique and stable, e.g. smtp-main: lower-case letters, digits and '-'.")
    String id() default "smtp";

    @AttributeDefinition(name = "Display name", description = "Shown in consoles and logs.")
    String displayName() default "SMTP";

    @AttributeDefinition(name = "Host", description = "Host name or IP address of the SMTP server.")
    String host();

    @AttributeDefinition(name = "Port", description = "587 for STARTTLS, 465 for SMTPS, 25 for a plain relay.", min = "1", max = "65535")
    int port() default 587;

    @AttributeDefinition(name = "Connection security",
            description = "STARTTLS is required, not opportunistic: the channel does not send if the server does not offer it.")
    SmtpSecurity security() default SmtpSecurity.STARTTLS;

    @AttributeDefinition(name = "Username", description = "Leave empty when the server needs no authentication.", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "From address", description = "The sender address, e.g. no-reply@example.com.")
    String fromAddress();

    @AttributeDefinition(name = "From name", description = "The sender name shown to recipients.", required = false)
    String fromName() default "";

    @AttributeDefinition(name = "EHLO name",
            description = "The host name this server announces to the SMTP server; empty for the local host name.", required = false)
    String ehloName() default "";

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300")
    int connectTimeout() default 10;

    @AttributeDefinition(name = "Read timeout (s)", description = "How long to wait for each answer of the server.", min = "1", max = "300")
    int readTimeout() default 20;

    @AttributeDefinition(name = "Ranking", description = "When several email channels are installed, the highest ranking one is used.",
            required = false)
    int service_ranking() default 0;
}
