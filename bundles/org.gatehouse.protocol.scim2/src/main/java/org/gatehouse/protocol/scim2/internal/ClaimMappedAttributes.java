package org.gatehouse.protocol.scim2.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The user attributes that the OAuth 2 server's claim mapping releases ({@code claim.mappings} of
 * {@code org.gatehouse.oauth2}), which SCIM publishes as its custom extension. A component of its
 * own because a component designates one configuration only: a change of that configuration
 * re-creates this component, and with it the SCIM servlet that references it.
 */
@Component(service = ClaimMappedAttributes.class, configurationPid = ClaimMappedAttributes.OAUTH2_PID)
public final class ClaimMappedAttributes {

    static final String OAUTH2_PID = "org.gatehouse.oauth2";

    private final List<String> names;

    @Activate
    public ClaimMappedAttributes(Map<String, Object> properties) {
        // the OAuth 2 server's typed configuration reads claim.mappings; accept the spelling claim_mappings too
        this.names = ClaimMappings.attributeNames(properties.containsKey("claim.mappings")
                ? properties.get("claim.mappings") : properties.get("claim_mappings"));
    }

    List<String> names() {
        return names;
    }
}
