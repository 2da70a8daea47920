package org.gatehouse.sample.authenticator.securityquestion;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Typed configuration, PID {@value #PID}; optional (the defaults apply without one). In
 * {@code etc/org.gatehouse.sample.authenticator.securityquestion.cfg}:
 *
 * <pre>
 * questions = first-pet, birth-city, first-school
 * minAnswerLength = 3
 * iterations = 600000
 * </pre>
 */
@ObjectClassDefinition(name = "Sample security question authenticator",
        description = "A second factor that asks the security question the user chose (RFC 8176 amr 'kba')")
public @interface SecurityQuestionConfiguration {

    String PID = "org.gatehouse.sample.authenticator.securityquestion";

    @AttributeDefinition(name = "Questions",
            description = "Ids of the questions users choose from when they set the factor up (comma-separated in a .cfg file). Each is shown"
                    + " with the text security-question.question.<id> from the bundle's messages; bundled: first-pet, birth-city,"
                    + " first-school, childhood-street, first-concert")
    String[] questions() default {"first-pet", "birth-city", "first-school", "childhood-street"};

    @AttributeDefinition(name = "Minimum answer length", description = "Characters an answer needs at least, after normalisation", min = "1")
    int minAnswerLength() default 3;

    @AttributeDefinition(name = "PBKDF2 iterations",
            description = "Iterations of PBKDF2-HMAC-SHA256 for answers set up from now on; stored answers keep theirs", min = "100000")
    int iterations() default AnswerHash.DEFAULT_ITERATIONS;
}
