package org.gatehouse.authenticator.passkey.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The typed configuration of the passkey step (PID {@value PasskeyAuthenticator#PID}). */
@ObjectClassDefinition(
        id = PasskeyAuthenticator.PID,
        name = "Passkey authenticator",
        description = "FIDO2/WebAuthn passkeys: passwordless login, second factor and enrolment.")
public @interface PasskeyConfiguration {

    @AttributeDefinition(
            name = "Relying party id",
            description = "The domain passkeys are bound to, e.g. example.com (it must be the login page's host or a registrable "
                    + "suffix of it). Empty: the host of the login page. Changing it makes existing passkeys unusable.",
            required = false)
    String rpId() default "";

    @AttributeDefinition(name = "Relying party name", description = "The name authenticators show next to a passkey.")
    String rpName() default "Gatehouse";

    @AttributeDefinition(
            name = "Allowed origins",
            description = "Origins (scheme://host[:port]) a WebAuthn response may come from. Empty: the origin of the request "
                    + "and of the server's public URL.",
            required = false,
            cardinality = 100)
    String[] allowedOrigins() default {};

    @AttributeDefinition(
            name = "User verification",
            description = "Whether the authenticator must verify the user (PIN, biometrics).",
            options = {
                @Option(value = PasskeyAuthenticator.UV_AUTOMATIC,
                        label = "Required for passwordless login and enrolment, preferred as a second factor"),
                @Option(value = "required", label = "Required"),
                @Option(value = "preferred", label = "Preferred"),
                @Option(value = "discouraged", label = "Discouraged")
            })
    String userVerification() default PasskeyAuthenticator.UV_AUTOMATIC;

    @AttributeDefinition(
            name = "Attestation",
            description = "none: no attestation is asked for. direct: the authenticator's attestation is asked for, its "
                    + "signature checked and its format recorded (no trust anchors are evaluated).",
            options = {@Option(value = "none", label = "None"), @Option(value = "direct", label = "Direct")})
    String attestation() default "none";

    @AttributeDefinition(name = "Timeout (seconds)", description = "How long the browser and the server wait for the passkey.",
            type = AttributeType.INTEGER, min = "30", max = "900")
    int timeoutSeconds() default 300;
}
