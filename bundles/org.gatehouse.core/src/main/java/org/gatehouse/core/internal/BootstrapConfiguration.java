package org.gatehouse.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Gatehouse bootstrap",
        description = "The first administrator and the machine client, created on first start. "
                + "GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME, GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD, GATEHOUSE_BOOTSTRAP_CLIENT_ID and "
                + "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET override these settings. Without a password or secret, strong ones are generated and printed once.")
public @interface BootstrapConfiguration {

    String PID = "org.gatehouse.bootstrap";

    @AttributeDefinition(name = "Admin username")
    String admin_username() default "admin";

    @AttributeDefinition(name = "Admin password", type = AttributeType.PASSWORD, required = false)
    String admin_password() default "";

    @AttributeDefinition(name = "Machine client id")
    String client_id() default "gatehouse-bootstrap";

    @AttributeDefinition(name = "Machine client secret", type = AttributeType.PASSWORD, required = false)
    String client_secret() default "";
}
