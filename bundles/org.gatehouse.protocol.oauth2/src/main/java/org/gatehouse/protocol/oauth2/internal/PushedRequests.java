package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatehouse.application.Application;
import org.gatehouse.crypto.Secrets;

/** {@code /oauth2/par}: pushed authorization requests (RFC 9126). */
final class PushedRequests {

    private final ClientAuthenticator clients;
    private final AuthorizationEndpoint authorization;
    private final OAuthStore store;
    private final Json json;
    private final OAuth2Server.Context context;

    PushedRequests(ClientAuthenticator clients, AuthorizationEndpoint authorization, OAuthStore store, Json json, OAuth2Server.Context context) {
        this.clients = clients;
        this.authorization = authorization;
        this.store = store;
        this.json = json;
        this.context = context;
    }

    void push(Exchange exchange) throws IOException {
        if (!exchange.isPost()) {
            exchange.header("Allow", "POST");
            throw new OAuthException("invalid_request", "The PAR endpoint accepts POST only", 405);
        }
        Parameters params = exchange.parameters();
        if (params.has("request_uri")) {
            throw OAuthException.invalidRequest("request_uri is not allowed in a pushed authorization request");
        }
        Application app = clients.authenticate(exchange, params, true).application();
        Parameters effective = params.has("request") ? params.overriddenBy(authorizationRequestObject(app, params)) : params;
        Map<String, String> values = new LinkedHashMap<>(effective.asMap());
        values.remove("client_secret");
        values.remove("client_assertion");
        values.remove("client_assertion_type");
        values.remove("request");
        values.put("client_id", app.clientId());
        try {
            AuthorizationRequest.validate(app, new Parameters(values), app.metadata().defaultMaxAge());
        } catch (AuthorizationRequest.Untrusted e) {
            throw OAuthException.invalidRequest(e.getMessage());
        } catch (AuthorizationRequest.Redirectable e) {
            throw new OAuthException(e.error, e.getMessage(), 400);
        }
        String id = Secrets.generate(24);
        Instant now = context.now();
        store.insertPending(new OAuthStore.Pending(id, app.clientId(), json.writeString(values), true, now, now.plusSeconds(context.parLifetime()), false));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("request_uri", AuthorizationEndpoint.PAR_PREFIX + id);
        response.put("expires_in", context.parLifetime());
        exchange.json(201, json.write(response));
    }

    private Map<String, String> authorizationRequestObject(Application app, Parameters params) {
        try {
            return authorization.requestObject(app, params, params.require("request"));
        } catch (AuthorizationRequest.Untrusted e) {
            throw new OAuthException("invalid_request_object", e.getMessage(), 400);
        } catch (AuthorizationRequest.Redirectable e) {
            throw new OAuthException(e.error, e.getMessage(), 400);
        }
    }
}
