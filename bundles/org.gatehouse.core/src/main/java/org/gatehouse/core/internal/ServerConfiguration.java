package org.gatehouse.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse server", description = "Public facts about this server. GATEHOUSE_BASE_URL overrides the base URL.")
public @interface ServerConfiguration {

    String PID = "org.gatehouse.server";

    @AttributeDefinition(name = "Public base URL",
            description = "e.g. https://id.example.com behind a TLS-terminating proxy; empty for this server's own listener",
            required = false)
    String baseUrl() default "";
}
