package org.gatehouse.authenticator.totp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "Gatehouse TOTP authenticator",
        description = "Codes from an authenticator app (RFC 6238). Digits and algorithm apply to new enrolments only: "
                + "every enrolled app keeps the parameters it was set up with.")
public @interface TotpConfiguration {

    String PID = "org.gatehouse.authenticator.totp";

    @AttributeDefinition(name = "Digits", description = "Length of the codes. Some apps support 6 only.",
            options = {@Option(label = "6", value = "6"), @Option(label = "8", value = "8")})
    int digits() default 6;

    @AttributeDefinition(name = "Algorithm",
            description = "HMAC of the codes. Some apps (Google Authenticator among them) ignore the setting and always use SHA1.")
    HashAlgorithm algorithm() default HashAlgorithm.SHA1;

    @AttributeDefinition(name = "Issuer",
            description = "The name authenticator apps show next to the account; no colon.")
    String issuer() default "Gatehouse";

    /** RFC 6238 section 5.2 recommends at most one step of tolerated network delay. */
    @AttributeDefinition(name = "Clock drift (steps)",
            description = "Time steps of 30 s accepted before and after the current one, for clock skew and typing time.",
            min = "0", max = "5")
    int driftSteps() default 1;
}
