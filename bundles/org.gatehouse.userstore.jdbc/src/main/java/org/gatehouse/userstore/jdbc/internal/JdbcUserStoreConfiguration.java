package org.gatehouse.userstore.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse JDBC user store", description = "The default user store, in the Gatehouse database.")
public @interface JdbcUserStoreConfiguration {

    String PID = "org.gatehouse.userstore.jdbc";

    @AttributeDefinition(name = "Domain", description = "Upper-case name of the store; PRIMARY for the primary store")
    String domain() default "PRIMARY";

    @AttributeDefinition(name = "Display name")
    String displayName() default "Gatehouse database";
}
