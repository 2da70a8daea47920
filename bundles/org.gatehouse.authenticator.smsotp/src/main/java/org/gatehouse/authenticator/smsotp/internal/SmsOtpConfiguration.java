package org.gatehouse.authenticator.smsotp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Gatehouse SMS OTP authenticator",
        description = "One-time codes sent by SMS to the user's phone number (E.164) as a second factor. Needs an SMS channel.")
public @interface SmsOtpConfiguration {

    String PID = "org.gatehouse.authenticator.smsotp";

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

    @AttributeDefinition(name = "Codes per login", description = "How many codes one login may send, the first included. Each SMS costs money.",
            min = "1", max = "10")
    int maxSends() default 3;

    @AttributeDefinition(name = "Origin-bound domain", required = false,
            description = "When set (e.g. login.example.com), each SMS ends with the line '@login.example.com #123456' "
                    + "(origin-bound one-time codes, as the WebOTP API reads them): browsers then offer the code only on that site.")
    String originBoundDomain() default "";
}
