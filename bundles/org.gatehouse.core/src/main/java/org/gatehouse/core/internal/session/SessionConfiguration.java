package org.gatehouse.core.internal.session;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse sessions",
        description = "Browser single sign-on sessions and the login hand-over between protocols and the login pages.")
public @interface SessionConfiguration {

    String PID = "org.gatehouse.sessions";

    @AttributeDefinition(name = "Idle timeout (minutes)", description = "A session not used for this long ends", min = "1")
    int idleTimeoutMinutes() default 30;

    @AttributeDefinition(name = "Absolute lifetime (minutes)", description = "A session ends this long after login, however active; also the cookie's Max-Age", min = "1")
    int absoluteLifetimeMinutes() default 600;

    @AttributeDefinition(name = "Login request lifetime (minutes)", description = "How long a user has to finish a login the application began", min = "1")
    int loginRequestLifetimeMinutes() default 10;

    @AttributeDefinition(name = "Purge interval (minutes)", description = "How often expired sessions and login requests are deleted", min = "1")
    int purgeIntervalMinutes() default 10;
}
