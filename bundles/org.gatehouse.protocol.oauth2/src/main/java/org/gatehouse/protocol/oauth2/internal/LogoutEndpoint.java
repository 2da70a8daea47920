package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.crypto.Secrets;

/**
 * {@code /oauth2/logout}: OpenID Connect RP-Initiated Logout 1.0. With a valid {@code
 * id_token_hint} for the current session the session ends at once; otherwise the user confirms
 * first, so a third-party page cannot log users out. Redirects only to a registered {@code
 * post_logout_redirect_uri}.
 */
final class LogoutEndpoint {

    private final Applications applications;
    private final SsoSessions sessions;
    private final OAuth2Server.Context context;

    LogoutEndpoint(Applications applications, SsoSessions sessions, OAuth2Server.Context context) {
        this.applications = applications;
        this.sessions = sessions;
        this.context = context;
    }

    void logout(Exchange exchange) throws IOException {
        Parameters params = exchange.parameters();
        Optional<Jwts.Verified> hint = params.get("id_token_hint").flatMap(context.jwts()::verify)
                .filter(v -> context.issuer().equals(v.claims().get("iss")));
        if (params.has("id_token_hint") && hint.isEmpty()) {
            exchange.html(400, Pages.error("Cannot sign out", "The id_token_hint is not a valid ID token from this server."));
            return;
        }
        Optional<String> clientId = hint.map(h -> TokenService.list(h.claims().get("aud"))).filter(l -> l.size() == 1).map(l -> l.get(0))
                .or(() -> params.get("client_id"));
        if (hint.isPresent() && params.get("client_id").filter(id -> !id.equals(clientId.orElse(""))).isPresent()) {
            exchange.html(400, Pages.error("Cannot sign out", "client_id does not match the id_token_hint."));
            return;
        }
        Optional<Application> app = clientId.flatMap(applications::findByClientId);
        Optional<String> redirect = params.get("post_logout_redirect_uri");
        if (redirect.isPresent() && (app.isEmpty() || !app.get().metadata().postLogoutRedirectUris().contains(redirect.get()))) {
            exchange.html(400, Pages.error("Cannot sign out", "The post_logout_redirect_uri is not registered for this application."));
            return;
        }
        Optional<String> cookie = exchange.cookie(SsoSessions.COOKIE_NAME).filter(v -> v.length() <= 256);
        Optional<SsoSession> session = cookie.flatMap(sessions::resolve);
        boolean hintMatches = hint.isPresent() && session.map(s -> s.id().equals(hint.get().claims().get("sid"))
                || Subjects.of(s.user()).equals(hint.get().claims().get("sub"))).orElse(true);
        boolean confirmed = exchange.isPost() && "logout".equals(params.get("decision").orElse(""))
                && cookie.map(c -> Secrets.matches(c + "|logout", params.get("csrf").orElse(""))).orElse(true);
        if (session.isPresent() && !hintMatches && !confirmed) {
            Map<String, String> hidden = new LinkedHashMap<>();
            params.asMap().forEach((k, v) -> {
                if (!k.equals("csrf") && !k.equals("decision")) {
                    hidden.put(k, v);
                }
            });
            hidden.put("csrf", Secrets.digest(cookie.get() + "|logout"));
            String name = app.map(Application::name).orElse("the application");
            redirect.ifPresent(exchange::allowFormTarget);
            exchange.html(200, Pages.page("Sign out?", "<p>Do you want to sign out of " + Pages.escape(name) + " and this server?</p>"
                    + Pages.form(OAuth2Server.LOGOUT, hidden, "<button type=\"submit\" name=\"decision\" value=\"logout\" id=\"logout\">Sign out</button>")));
            return;
        }
        session.ifPresent(s -> sessions.end(s.id()));
        exchange.addHeader("Set-Cookie", SsoSessions.COOKIE_NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (context.secure(exchange) ? "; Secure" : ""));
        if (redirect.isPresent()) {
            String target = redirect.get() + params.get("state")
                    .map(s -> (redirect.get().contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
            exchange.redirect(302, target);
        } else {
            exchange.html(200, Pages.page("Signed out", "<p id=\"done\">You have signed out.</p>"));
        }
    }
}
