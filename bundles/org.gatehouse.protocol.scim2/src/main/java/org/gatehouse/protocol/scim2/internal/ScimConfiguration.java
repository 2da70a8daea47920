package org.gatehouse.protocol.scim2.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Gatehouse SCIM 2.0",
        description = "Limits of the SCIM 2.0 server under /scim2. Custom user attributes come from the claim mapping of org.gatehouse.oauth2.")
public @interface ScimConfiguration {

    String PID = "org.gatehouse.scim2";

    @AttributeDefinition(name = "Largest page (count)", description = "A larger count is lowered to this (itemsPerPage tells)", min = "1", max = "1000")
    int max_results() default 200;

    @AttributeDefinition(name = "Longest filter (characters)", min = "16", max = "4096")
    int max_filter_length() default 2048;

    @AttributeDefinition(name = "Largest request body (bytes)", description = "Larger bodies are refused with 413", min = "1024", max = "16777216")
    int max_payload_bytes() default 1048576;

    @AttributeDefinition(name = "Most operations in one bulk request", min = "1", max = "1000")
    int bulk_max_operations() default 100;

    @AttributeDefinition(name = "Largest bulk request (bytes)", min = "1024", max = "16777216")
    int bulk_max_payload_bytes() default 1048576;

    @AttributeDefinition(name = "Most members in a group representation",
            description = "A larger group is answered with 400 tooMany unless members are excluded (excludedAttributes=members)",
            min = "1", max = "1000000")
    int max_group_members() default 10000;
}
