package org.gatehouse.crypto.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse signing keys", description = "Keys that sign tokens, rotated with overlap.")
public @interface SigningKeysConfiguration {

    String PID = "org.gatehouse.crypto.signing";

    @AttributeDefinition(name = "Retired key retention (seconds)",
            description = "How long a retired key stays published; at least the longest lifetime of a token it signed", min = "60")
    long retiredKeyRetentionSeconds() default 86_400;

    @AttributeDefinition(name = "RSA key size (bits)", min = "2048", max = "4096")
    int rsaKeySize() default 2048;
}
