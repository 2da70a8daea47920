package org.gatehouse.authenticator.emailotp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Gatehouse email OTP authenticator",
        description = "One-time codes sent to the user's email address as a second factor. Needs an email channel.")
public @interface EmailOtpConfiguration {

    String PID = "org.gatehouse.authenticator.emailotp";

    @AttributeDefinition(name = "Code length", description = "Digits per code.", min = "6", max = "10")
    int codeLength() default 6;

    @AttributeDefinition(name = "Code lifetime (s)", min = "60", max = "3600")
    int codeLifetime() default 300;

    @AttributeDefinition(name = "Attempts per code", description = "Wrong entries after which a code is dead and a new one is needed.",
            min = "1", max = "10")
    int maxAttempts() default 5;

    @AttributeDefinition(name = "Resend interval (s)", description = "Shortest time between two codes sent in one login.",
            min = "0", max = "600")
    int resendInterval() default 30;

    @AttributeDefinition(name = "Codes per login", description = "How many codes one login may send, the first included.",
            min = "1", max = "10")
    int maxSends() default 3;

    @AttributeDefinition(name = "Require a verified address",
            description = "Send codes only to addresses marked as verified. Turning this off lets whoever could set the address receive the codes.")
    boolean requireVerifiedEmail() default true;
}
