package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.application.Application;
import org.gatehouse.application.ApplicationConflictException;
import org.gatehouse.application.ApplicationNotFoundException;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.Applications;
import org.gatehouse.application.CreatedApplication;
import org.gatehouse.application.InvalidClientMetadataException;

/**
 * {@code /oauth2/register}: OAuth 2.0 Dynamic Client Registration (RFC 7591, OpenID Connect Dynamic
 * Registration) gated by an initial access token, and its management protocol (RFC 7592) under
 * {@code /oauth2/register/{client_id}} with the registration access token.
 */
final class RegistrationEndpoint {

    static final String ADMIN_SCOPE = "gatehouse:admin";

    private final Applications applications;
    private final TokenService tokens;
    private final Json json;
    private final OAuth2Server.Context context;

    RegistrationEndpoint(Applications applications, TokenService tokens, Json json, OAuth2Server.Context context) {
        this.applications = applications;
        this.tokens = tokens;
        this.json = json;
        this.context = context;
    }

    void handle(Exchange exchange) throws IOException {
        String rest = exchange.path().substring(OAuth2Server.REGISTER.length());
        if (rest.isEmpty() || rest.equals("/")) {
            if (!exchange.isPost()) {
                exchange.header("Allow", "POST");
                throw new OAuthException("invalid_request", "Register with POST", 405);
            }
            register(exchange);
            return;
        }
        String clientId = rest.substring(1);
        Application app = applications.findByClientId(clientId).orElse(null);
        String token = bearer(exchange);
        if (app == null || !applications.verifyRegistrationAccessToken(app, token)) {
            throw OAuthException.invalidToken("Invalid registration access token");
        }
        OrganizationRef org = TokenService.organization(app.organizationId());
        switch (exchange.method()) {
            case "GET" -> exchange.json(200, json.write(describe(app, Optional.empty(), Optional.empty())));
            case "PUT" -> {
                Map<String, Object> metadata = body(exchange);
                if (!clientId.equals(metadata.get("client_id"))) {
                    throw new OAuthException("invalid_client_metadata", "The body must carry this client_id", 400);
                }
                metadata.remove("client_id");
                metadata.remove("client_secret");
                metadata.remove("registration_access_token");
                metadata.remove("registration_client_uri");
                metadata.remove("client_id_issued_at");
                metadata.remove("client_secret_expires_at");
                metadata.remove("template");
                try {
                    Application updated = applications.update(org, clientId, app.version(), metadata);
                    exchange.json(200, json.write(describe(updated, Optional.empty(), Optional.empty())));
                } catch (InvalidClientMetadataException e) {
                    throw new OAuthException(e.error(), e.getMessage(), 400);
                } catch (ApplicationConflictException e) {
                    throw new OAuthException("invalid_request", "The registration changed meanwhile; read it and retry", 409);
                }
            }
            case "DELETE" -> {
                try {
                    applications.delete(org, clientId, app.version());
                } catch (ApplicationNotFoundException | ApplicationConflictException e) {
                    throw OAuthException.invalidToken("Invalid registration access token");
                }
                exchange.status(204);
            }
            default -> {
                exchange.header("Allow", "GET, PUT, DELETE");
                throw new OAuthException("invalid_request", "Unsupported method", 405);
            }
        }
    }

    private void register(Exchange exchange) throws IOException {
        String policy = context.dynamicRegistration();
        if ("disabled".equals(policy)) {
            throw new OAuthException("access_denied", "Dynamic client registration is disabled", 403);
        }
        if (!"open".equals(policy)) {
            String token = bearer(exchange);
            TokenService.ActiveToken active = tokens.verifyAccessToken(token)
                    .orElseThrow(() -> OAuthException.invalidToken("The initial access token is invalid, expired or revoked"));
            if (!active.token().hasScope(ADMIN_SCOPE)) {
                throw new OAuthException("insufficient_scope", "The initial access token needs the scope " + ADMIN_SCOPE, 403,
                        Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + ADMIN_SCOPE + "\""));
            }
        }
        Map<String, Object> metadata = body(exchange);
        metadata.remove("client_id");
        metadata.remove("template");
        try {
            CreatedApplication created = applications.create(OrganizationRef.root(), ApplicationTemplate.STANDARD_OIDC, metadata, true);
            exchange.header("Location", context.issuer() + OAuth2Server.REGISTER + "/" + created.application().clientId());
            exchange.json(201, json.write(describe(created.application(), created.clientSecret(), created.registrationAccessToken())));
        } catch (InvalidClientMetadataException e) {
            throw new OAuthException(e.error(), e.getMessage(), 400);
        } catch (ApplicationConflictException e) {
            throw new OAuthException("invalid_client_metadata", e.getMessage(), 400);
        }
    }

    private Map<String, Object> describe(Application app, Optional<String> secret, Optional<String> registrationToken) {
        Map<String, Object> d = new LinkedHashMap<>(applications.describe(app));
        d.remove("template");
        secret.ifPresent(s -> {
            d.put("client_secret", s);
            d.put("client_secret_expires_at", 0);
        });
        d.put("client_id_issued_at", app.created().getEpochSecond());
        registrationToken.ifPresent(t -> d.put("registration_access_token", t));
        d.put("registration_client_uri", context.issuer() + OAuth2Server.REGISTER + "/" + app.clientId());
        return d;
    }

    private Map<String, Object> body(Exchange exchange) {
        if (!exchange.contentType().map(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")).orElse(false)) {
            throw new OAuthException("invalid_client_metadata", "The body must be application/json", 400);
        }
        try {
            return new LinkedHashMap<>(json.readObject(exchange.body()));
        } catch (IllegalArgumentException e) {
            throw new OAuthException("invalid_client_metadata", "The body is not a JSON object", 400);
        }
    }

    private static String bearer(Exchange exchange) {
        String header = exchange.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new OAuthException("invalid_token", "A bearer token is required", 401, Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\""));
        }
        return header.substring(7).trim();
    }
}
