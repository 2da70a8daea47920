package org.gatehouse.application.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse applications", description = "The registry of OAuth 2 / OpenID Connect applications.")
public @interface ApplicationsConfiguration {

    String PID = "org.gatehouse.application";

    @AttributeDefinition(name = "Cache refresh (seconds)",
            description = "How long an application read from the database is served from memory before it is read again;"
                    + " bounds how late a change made on another node is seen", min = "0", max = "300")
    int cacheTtlSeconds() default 5;

    @AttributeDefinition(name = "Cache size", description = "At most this many applications are kept in memory", min = "100")
    int cacheMaxEntries() default 10_000;

    @AttributeDefinition(name = "Bootstrap client check (seconds)",
            description = "How often the bootstrap machine client's secret is compared with its application", min = "1")
    int bootstrapSyncSeconds() default 15;
}
