package org.gatehouse.protocol.oauth2.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "Gatehouse OAuth 2 / OpenID Connect",
        description = "Lifetimes and policies of the authorization server. Per-application token lifetimes are set on each application.")
public @interface OAuth2Configuration {

    String PID = "org.gatehouse.oauth2";

    @AttributeDefinition(name = "Authorization code lifetime (s)", min = "10", max = "600")
    int code_lifetime() default 60;

    @AttributeDefinition(name = "ID token lifetime (s)", min = "60", max = "86400")
    int id_token_lifetime() default 300;

    @AttributeDefinition(name = "Authorization request lifetime (s)", description = "How long a user may take to log in and consent", min = "60", max = "3600")
    int request_lifetime() default 600;

    @AttributeDefinition(name = "Pushed authorization request lifetime (s)", min = "10", max = "600")
    int par_lifetime() default 90;

    @AttributeDefinition(name = "Device code lifetime (s)", min = "60", max = "3600")
    int device_code_lifetime() default 600;

    @AttributeDefinition(name = "Device polling interval (s)", min = "1", max = "60")
    int device_poll_interval() default 5;

    @AttributeDefinition(name = "Dynamic client registration", options = {
            @Option(value = "token", label = "With an initial access token (an admin bearer token)"),
            @Option(value = "open", label = "Open to anyone"),
            @Option(value = "disabled", label = "Disabled")})
    String dynamic_registration() default "token";

    @AttributeDefinition(name = "Claims from user attributes",
            description = "Entries claim=attribute: the user attribute released as that claim with the profile scope, or when requested by name",
            required = false)
    String[] claim_mappings() default {};

    @AttributeDefinition(name = "Maximum clock skew for client assertions (s)", min = "0", max = "300")
    int clock_skew() default 30;
}
