package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.crypto.Secrets;

/**
 * The device authorization grant (RFC 8628): the device authorization endpoint and the
 * verification page where the user enters the code, logs in and approves.
 */
final class DeviceEndpoints {

    static final String PENDING = "pending";
    static final String APPROVED = "approved";
    static final String DENIED = "denied";
    static final String USED = "used";

    /** RFC 8628 §6.1: consonants only, no look-alikes; 20^8 codes. */
    private static final char[] ALPHABET = "BCDFGHJKLMNPQRSTVWXZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientAuthenticator clients;
    private final Applications applications;
    private final OAuthStore store;
    private final SsoSessions sessions;
    private final LoginRequests logins;
    private final Json json;
    private final OAuth2Server.Context context;

    DeviceEndpoints(ClientAuthenticator clients, Applications applications, OAuthStore store, SsoSessions sessions, LoginRequests logins, Json json,
            OAuth2Server.Context context) {
        this.clients = clients;
        this.applications = applications;
        this.store = store;
        this.sessions = sessions;
        this.logins = logins;
        this.json = json;
        this.context = context;
    }

    /** POST /oauth2/device_authorization */
    void authorize(Exchange exchange) throws IOException {
        if (!exchange.isPost()) {
            exchange.header("Allow", "POST");
            throw new OAuthException("invalid_request", "The device authorization endpoint accepts POST only", 405);
        }
        Parameters params = exchange.parameters();
        Application app = clients.authenticate(exchange, params, true).application();
        if (!app.metadata().grantTypes().contains(TokenEndpoint.DEVICE_CODE)) {
            throw OAuthException.unauthorizedClient("This client may not use the device authorization grant");
        }
        Set<String> requested = Scopes.parse(params.get("scope").orElse(null));
        Set<String> granted = Scopes.granted(requested, app.metadata().scopes());
        if (!requested.isEmpty() && granted.isEmpty()) {
            throw OAuthException.invalidScope("None of the requested scopes is allowed for this client");
        }
        String deviceCode = Secrets.generate(32);
        Instant now = context.now();
        String userCode = null;
        for (int attempt = 0; attempt < 5 && userCode == null; attempt++) {
            String candidate = newUserCode();
            try {
                store.insertDeviceCode(new OAuthStore.DeviceCode(Secrets.digest(deviceCode), candidate, app.clientId(), granted, PENDING, Optional.empty(),
                        context.devicePollInterval(), Optional.empty(), now, now.plusSeconds(context.deviceCodeLifetime())));
                userCode = candidate;
            } catch (OAuthStore.StoreException e) {
                if (!e.isUniqueViolation()) {
                    throw e;
                }
            }
        }
        if (userCode == null) {
            throw new OAuthException("temporarily_unavailable", "Could not allocate a user code; retry", 503);
        }
        String verification = context.issuer() + OAuth2Server.DEVICE;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("device_code", deviceCode);
        response.put("user_code", format(userCode));
        response.put("verification_uri", verification);
        response.put("verification_uri_complete", verification + "?user_code=" + format(userCode));
        response.put("expires_in", context.deviceCodeLifetime());
        response.put("interval", context.devicePollInterval());
        exchange.json(200, json.write(response));
    }

    private static String newUserCode() {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    private static String format(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    /** Users type codes loosely: case, dashes and spaces do not matter. */
    static String normalize(String typed) {
        return typed == null ? "" : typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    }

    /** GET and POST /oauth2/device */
    void verify(Exchange exchange) throws IOException {
        Parameters params = exchange.parameters();
        Optional<String> typed = params.get("user_code").map(DeviceEndpoints::normalize).filter(c -> c.length() == 8);
        if (typed.isEmpty()) {
            exchange.html(params.has("user_code") ? 400 : 200, codeEntry(params.has("user_code") ? "That code is not valid. Check it and try again." : null));
            return;
        }
        Instant now = context.now();
        Optional<OAuthStore.DeviceCode> device = store.findDeviceByUserCode(typed.get())
                .filter(d -> d.expires().isAfter(now) && PENDING.equals(d.status()));
        Optional<Application> app = device.flatMap(d -> applications.findByClientId(d.clientId()));
        if (device.isEmpty() || app.isEmpty()) {
            exchange.html(400, codeEntry("That code is not valid or has expired. Check it and try again."));
            return;
        }
        Optional<SsoSession> session = exchange.cookie(SsoSessions.COOKIE_NAME).filter(v -> v.length() <= 256).flatMap(sessions::resolve);
        if (session.isEmpty()) {
            LoginRequest login = new LoginRequest(TokenService.organization(app.get().organizationId()), app.get().ref(),
                    OAuth2Server.DEVICE + "?user_code=" + URLEncoder.encode(format(typed.get()), StandardCharsets.UTF_8), false, false,
                    Optional.empty(), Optional.empty(), List.of(), List.of(), now);
            exchange.redirect(303, context.issuer() + logins.loginPageFor(logins.begin(login)));
            return;
        }
        String csrf = Secrets.digest(device.get().digest() + "|" + session.get().id());
        Optional<String> decision = exchange.isPost() ? params.get("decision") : Optional.empty();
        if (decision.isEmpty()) {
            Map<String, String> hidden = new LinkedHashMap<>();
            hidden.put("user_code", format(typed.get()));
            hidden.put("csrf", csrf);
            exchange.html(200, Pages.consent(app.get().name(), device.get().scopes(), OAuth2Server.DEVICE, hidden)
                    .replace("</h1>", "</h1><p>Code <strong id=\"confirm_code\">" + format(typed.get()) + "</strong></p>"));
            return;
        }
        if (!Secrets.matches(device.get().digest() + "|" + session.get().id(), params.get("csrf").orElse(""))) {
            exchange.html(403, Pages.error("Cannot continue", "The form was not sent from this page. Start again on your device."));
            return;
        }
        if ("approve".equals(decision.get())) {
            SsoSession s = session.get();
            Application a = app.get();
            Grant grant = new Grant(Secrets.generate(16), a.organizationId(), a.clientId(), Optional.of(s.user()), device.get().scopes(), Optional.of(s.id()),
                    Optional.of(s.authTime()), s.amr(), s.acr(), Optional.empty(), now, now.plus(a.metadata().refreshTokenAbsoluteLifetime()), Optional.empty());
            store.insertGrant(grant);
            store.transitionDevice(device.get().digest(), PENDING, APPROVED, grant.id());
            sessions.join(s.id(), a.clientId());
            exchange.html(200, Pages.page("Device connected", "<p id=\"done\">You may return to your device.</p>"));
        } else {
            store.transitionDevice(device.get().digest(), PENDING, DENIED, null);
            exchange.html(200, Pages.page("Request denied", "<p id=\"done\">The device was not given access.</p>"));
        }
    }

    private static String codeEntry(String error) {
        return Pages.page("Connect a device", (error == null ? "" : "<p id=\"error\" role=\"alert\">" + Pages.escape(error) + "</p>")
                + "<form method=\"post\" action=\"" + OAuth2Server.DEVICE + "\"><label for=\"user_code\">Code shown on your device</label>"
                + "<input id=\"user_code\" name=\"user_code\" autocomplete=\"one-time-code\" autocapitalize=\"characters\" required>"
                + "<button type=\"submit\" id=\"submit\">Continue</button></form>");
    }
}
