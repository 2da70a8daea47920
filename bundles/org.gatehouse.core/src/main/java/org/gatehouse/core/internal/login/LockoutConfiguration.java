package org.gatehouse.core.internal.login;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse account lockout",
        description = "Locks an account name for a while after too many failed password or one-time-code attempts.")
public @interface LockoutConfiguration {

    String PID = "org.gatehouse.lockout";

    @AttributeDefinition(name = "Enabled", description = "Lock accounts after repeated failures")
    boolean enabled() default true;

    @AttributeDefinition(name = "Failures before a lock", description = "Failed attempts within the window that lock the account", min = "1")
    int maxFailures() default 5;

    @AttributeDefinition(name = "Window (seconds)", description = "Failures older than this no longer count", min = "1")
    int windowSeconds() default 900;

    @AttributeDefinition(name = "Lock duration (seconds)", description = "How long a lock lasts (an administrator can lift it earlier)", min = "1")
    int lockSeconds() default 900;
}
