package org.gatehouse.sample.userstore.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Sample file user store", description = "Read-only users from a CSV file")
public @interface FileUserStoreConfiguration {

    @AttributeDefinition(name = "Domain", description = "Users log in as DOMAIN/username")
    String domain() default "SAMPLE";

    @AttributeDefinition(name = "CSV file", description = "Path of the CSV file; empty for the users bundled with the sample", required = false)
    String file() default "";
}
