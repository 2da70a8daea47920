package org.gatehouse.core.internal.login;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse login flows", description = "How the login flow engine treats logins in progress.")
public @interface FlowConfiguration {

    String PID = "org.gatehouse.flows";

    @AttributeDefinition(name = "Flow lifetime (minutes)", description = "A login not finished within this time must start again", min = "1")
    int flowLifetimeMinutes() default 15;

    @AttributeDefinition(name = "Wrong answers per login", description = "After this many wrong answers in one login it ends (account lockout counts separately, across logins)", min = "1")
    int maxFailedAnswers() default 5;

    @AttributeDefinition(name = "Upgrade grace (seconds)",
            description = "How long a login waits for an authenticator that was just removed to come back (a bundle update) before it ends", min = "0")
    int upgradeGraceSeconds() default 10;

    @AttributeDefinition(name = "Purge interval (minutes)", description = "How often expired logins in progress are deleted", min = "1")
    int purgeIntervalMinutes() default 10;
}
