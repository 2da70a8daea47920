package org.gatehouse.application;

import java.util.Objects;
import java.util.Optional;

/**
 * A new application with the secrets generated for it. The secrets are returned only here: the
 * server keeps digests (or, for {@code client_secret_jwt}, the secret sealed under the master key).
 *
 * @param application the application
 * @param clientSecret the client secret, for confidential applications that use one
 * @param registrationAccessToken the RFC 7592 registration access token, for applications created
 *     through dynamic registration
 */
public record CreatedApplication(Application application, Optional<String> clientSecret, Optional<String> registrationAccessToken) {
    public CreatedApplication {
        Objects.requireNonNull(application, "application");
        clientSecret = clientSecret == null ? Optional.empty() : clientSecret;
        registrationAccessToken = registrationAccessToken == null ? Optional.empty() : registrationAccessToken;
    }
}
