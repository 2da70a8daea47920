package org.gatehouse.application;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of applications. Implemented by the runtime; the OAuth 2 protocol, the management
 * API and dynamic client registration use it.
 *
 * <p>Lookups by client id are served from memory and are cheap enough for every token request;
 * changes made on another node become visible within a few seconds.
 */
@ProviderType
public interface Applications {

    /** @return the organization's applications, ordered by name */
    List<Application> list(OrganizationRef organization);

    /** @return the application with that client id, in any organization */
    Optional<Application> findByClientId(String clientId);

    /**
     * Creates an application from a template.
     *
     * @param metadata client metadata as JSON values under their RFC 7591 names, plus {@code
     *     client_name} and optionally {@code client_id}; the template fills in what is missing and
     *     refuses what is unsafe for it
     * @param viaDynamicRegistration also issue an RFC 7592 registration access token
     * @throws InvalidClientMetadataException for malformed, unknown or unsafe settings
     * @throws ApplicationConflictException when a requested {@code client_id} is taken
     */
    CreatedApplication create(
            OrganizationRef organization, ApplicationTemplate template, Map<String, Object> metadata, boolean viaDynamicRegistration);

    /**
     * Replaces an application's settings; the template stays.
     *
     * @throws ApplicationNotFoundException when there is no such application in the organization
     * @throws ApplicationConflictException when the stored version is not {@code expectedVersion}
     * @throws InvalidClientMetadataException for malformed, unknown or unsafe settings
     */
    Application update(OrganizationRef organization, String clientId, long expectedVersion, Map<String, Object> metadata);

    /**
     * Deletes an application; its tokens stop working.
     *
     * @throws ApplicationNotFoundException when there is no such application in the organization
     * @throws ApplicationConflictException when the stored version is not {@code expectedVersion}
     */
    void delete(OrganizationRef organization, String clientId, long expectedVersion);

    /**
     * Replaces a confidential application's secret; the old one stops working at once.
     *
     * @return the new secret, returned only here
     * @throws ApplicationNotFoundException when there is no such application in the organization
     * @throws InvalidClientMetadataException when the application authenticates without a secret
     */
    String rotateSecret(OrganizationRef organization, String clientId);

    /** @return the application as RFC 7591 JSON values (no secrets), plus {@code template} */
    Map<String, Object> describe(Application application);

    /** @return whether the presented secret is the application's; compares in constant time */
    boolean verifySecret(Application application, String presentedSecret);

    /**
     * @return the application's secret itself, for verifying {@code client_secret_jwt} assertions
     *     (HMAC); present only for applications registered with that method
     */
    Optional<byte[]> sharedSecret(Application application);

    /** @return whether the token is the application's RFC 7592 registration access token */
    boolean verifyRegistrationAccessToken(Application application, String presentedToken);
}
