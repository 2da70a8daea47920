package org.gatehouse.crypto.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Gatehouse password hashing",
        description = "PBKDF2-HMAC-SHA256. Raising the iterations rehashes each password at its owner's next login.")
public @interface PasswordHashingConfiguration {

    String PID = "org.gatehouse.crypto.password";

    /** OWASP Password Storage Cheat Sheet, 2023 onwards: 600,000 for PBKDF2-HMAC-SHA256. */
    @AttributeDefinition(name = "Iterations", min = "100000", max = "10000000")
    int iterations() default 600_000;
}
