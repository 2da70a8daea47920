package org.gatehouse.web.login.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Gatehouse login pages", description = "Branding and limits of the server-rendered login pages.")
public @interface LoginPagesConfiguration {

    String PID = "org.gatehouse.web.login";

    @AttributeDefinition(name = "Product name", description = "Shown at the top of every login page and in the window title")
    String productName() default "Gatehouse";

    @AttributeDefinition(name = "Style sheet URL",
            description = "The CSS of the login pages: a server-relative path, or an https URL (then allowed by the Content-Security-Policy)")
    String cssUrl() default StaticResourceServlet.CSS_PATH;
}
