package org.gatehouse.management.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Gatehouse management API", description = "Who may call the management REST API, and how.")
public @interface ManagementConfiguration {

    String PID = "org.gatehouse.management";

    @AttributeDefinition(name = "HTTP Basic for administrators",
            description = "Whether members of gatehouse-admins may authenticate with HTTP Basic (username and password) besides"
                    + " bearer access tokens with the scope gatehouse:admin: enabled, loopback (only callers connecting from"
                    + " the loopback interface, e.g. a shell on the server; a TLS-terminating proxy on the same host counts"
                    + " as loopback), or disabled (bearer tokens only). Also read under the key basic_auth.",
            options = {
                @Option(value = "enabled", label = "Enabled"),
                @Option(value = "loopback", label = "Loopback callers only"),
                @Option(value = "disabled", label = "Disabled: bearer tokens only")
            })
    String basic_auth() default "loopback";

    @AttributeDefinition(name = "Recent sign-in for account changes (s)",
            description = "How recently a user must have signed in (the token's auth_time) to remove one of their own sign-in methods"
                    + " through /api/me; older tokens get an RFC 9470 step-up challenge with this max_age",
            min = "30", max = "86400")
    int account_reauthentication_seconds() default 900;
}
