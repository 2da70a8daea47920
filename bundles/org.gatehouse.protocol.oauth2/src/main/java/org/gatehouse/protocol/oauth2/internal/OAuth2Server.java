package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.application.Applications;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.login.LoginTexts;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.crypto.SigningKeys;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.gatehouse.protocol.oauth2.VerifiedAccessToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.1 authorization server and OpenID Connect provider: one servlet on the HTTP
 * whiteboard that routes each endpoint to its handler, and the in-process bearer token verifier for
 * other bundles. Ended sessions turn into revocations and back-channel logouts elsewhere (a component of its own, {@link SessionEndListener}: the session store binds its listeners
 * eagerly, and this component needs the session store). The handlers are plain classes wired here.
 */
@Component(service = {Servlet.class, AccessTokenVerifier.class}, configurationPid = OAuth2Configuration.PID)
@Designate(ocd = OAuth2Configuration.class)
@HttpWhiteboardServletPattern({"/oauth2/*", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
public final class OAuth2Server extends HttpServlet implements AccessTokenVerifier {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Server.class);

    static final String AUTHORIZE = "/oauth2/authorize";
    static final String TOKEN = "/oauth2/token";
    static final String USERINFO = "/oauth2/userinfo";
    static final String JWKS = "/oauth2/jwks";
    static final String INTROSPECT = "/oauth2/introspect";
    static final String REVOKE = "/oauth2/revoke";
    static final String LOGOUT = "/oauth2/logout";
    static final String PAR = "/oauth2/par";
    static final String DEVICE_AUTHORIZATION = "/oauth2/device_authorization";
    static final String DEVICE = "/oauth2/device";
    static final String REGISTER = "/oauth2/register";
    static final String CONSENT = "/oauth2/consent";
    static final String AUTHN = "/oauth2/authn";

    private final transient Context context;
    private final transient Json json = new Json();
    private final transient TokenService tokens;
    private final transient TokenEndpoint token;
    private final transient AuthorizationEndpoint authorization;
    private final transient MetadataEndpoints metadata;
    private final transient ResourceEndpoints resources;
    private final transient PushedRequests pushed;
    private final transient DeviceEndpoints device;
    private final transient LogoutEndpoint logout;
    private final transient RegistrationEndpoint registration;
    private final transient OAuthStore store;
    private final transient AppNativeEndpoints appNative;
    /** The login pages' texts, for app-native prompts; without them the keys are sent as they are. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile transient LoginTexts loginTexts;
    private final transient ScheduledExecutorService housekeeping;

    @Activate
    public OAuth2Server(OAuth2Configuration config, @Reference Database database, @Reference SigningKeys keys, @Reference Applications applications,
            @Reference UserDirectory directory, @Reference SsoSessions sessions, @Reference LoginRequests logins, @Reference ServerInfo server,
            @Reference LoginEngine engine) {
        database.migrate("oauth2", Migration.load(OAuth2Server.class.getClassLoader(), "db/oauth2"));
        Clock clock = Clock.systemUTC();
        Jwts jwts = new Jwts(keys, json);
        this.context = new Context(config, server, clock, jwts);
        this.store = new OAuthStore(database.dataSource());
        UserClaims userClaims = new UserClaims(config.claim_mappings());
        this.tokens = new TokenService(store, jwts, json, applications, directory, clock, context::issuer, config.id_token_lifetime(), userClaims);
        ClientKeys clientKeys = new ClientKeys(clock);
        ClientAuthenticator clients = new ClientAuthenticator(applications, store, clientKeys, context);
        this.token = new TokenEndpoint(clients, tokens, store, json, context);
        this.authorization = new AuthorizationEndpoint(applications, store, sessions, logins, clientKeys, tokens, json, context);
        this.metadata = new MetadataEndpoints(context, keys, json, userClaims);
        this.resources = new ResourceEndpoints(clients, tokens, store, json);
        this.pushed = new PushedRequests(clients, authorization, store, json, context);
        this.device = new DeviceEndpoints(clients, applications, store, sessions, logins, json, context);
        this.logout = new LogoutEndpoint(applications, sessions, context);
        this.registration = new RegistrationEndpoint(applications, tokens, json, context);
        this.appNative = new AppNativeEndpoints(clients, authorization, logins, engine, () -> Optional.ofNullable(loginTexts),
                tokens, json, context);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-oauth2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
        LOG.info("OAuth 2 / OpenID Connect provider ready, issuer {}", context.issuer());
    }

    @Deactivate
    void deactivate() {
        housekeeping.shutdownNow();
    }

    private void purge() {
        try {
            int removed = store.purge(context.now());
            if (removed > 0) {
                LOG.debug("Removed {} expired OAuth rows", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging expired OAuth rows failed: {}", e.toString());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Exchange exchange = new Exchange(request, response, path);
        boolean browser = path.equals(AUTHORIZE) || path.startsWith(AUTHORIZE + "/") || path.equals(CONSENT) || path.equals(DEVICE) || path.equals(LOGOUT);
        try {
            if ("OPTIONS".equals(request.getMethod())) {
                preflight(exchange, path);
                return;
            }
            route(exchange, path);
        } catch (OAuthException e) {
            exchange.header("Cache-Control", "no-store");
            e.headers().forEach(exchange::header);
            if (browser) {
                exchange.html(e.status(), Pages.error("Cannot continue", e.getMessage()));
            } else {
                exchange.json(e.status(), json.write(Map.of("error", e.error(), "error_description", e.getMessage())));
            }
        } catch (OAuthStore.StoreException e) {
            LOG.warn("Database failure on {}: {}", path, e.getMessage());
            failure(exchange, browser, 503, "temporarily_unavailable", "The server is temporarily unavailable; retry shortly");
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure on {}", path, e);
            failure(exchange, browser, 500, "server_error", "The server could not complete the request");
        }
    }

    /**
     * CORS preflight for the endpoints single-page apps call. The preflight cannot name the client,
     * so it admits any origin without credentials; the actual response carries
     * Access-Control-Allow-Origin only for an origin the client registered (allowed_cors_origins).
     */
    private static void preflight(Exchange exchange, String path) {
        Optional<String> origin = exchange.header("Origin");
        if (origin.isEmpty() || !(path.equals(TOKEN) || path.equals(REVOKE) || path.equals(USERINFO) || path.startsWith(AUTHN))) {
            exchange.header("Allow", "GET, POST");
            exchange.status(204);
            return;
        }
        exchange.header("Access-Control-Allow-Origin", origin.get());
        exchange.header("Access-Control-Allow-Methods", path.equals(USERINFO) ? "GET, POST" : "POST");
        exchange.header("Access-Control-Allow-Headers", "Authorization, Content-Type, DPoP");
        exchange.header("Access-Control-Max-Age", "600");
        exchange.header("Vary", "Origin");
        exchange.status(204);
    }

    /** Lets the browser read the response when the origin is one the client registered. */
    static void allowOrigin(Exchange exchange, org.gatehouse.application.Application app) {
        exchange.header("Origin").filter(o -> app.metadata().allowedCorsOrigins().contains(o)).ifPresent(o -> {
            exchange.header("Access-Control-Allow-Origin", o);
            exchange.header("Vary", "Origin");
        });
    }

    private void failure(Exchange exchange, boolean browser, int status, String error, String description) throws IOException {
        if (browser) {
            exchange.html(status, Pages.error("Something went wrong", description));
        } else {
            exchange.json(status, json.write(Map.of("error", error, "error_description", description)));
        }
    }

    private void route(Exchange exchange, String path) throws IOException {
        switch (path) {
            case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" -> metadata.discovery(exchange);
            case JWKS -> metadata.jwks(exchange);
            case TOKEN -> token.handle(exchange);
            case AUTHORIZE -> authorization.authorize(exchange);
            case AUTHORIZE + "/resume" -> authorization.resume(exchange);
            case CONSENT -> authorization.consent(exchange);
            case AUTHN -> appNative.next(exchange);
            case AppNativeEndpoints.START -> appNative.start(exchange);
            case USERINFO -> resources.userinfo(exchange);
            case INTROSPECT -> resources.introspect(exchange);
            case REVOKE -> resources.revoke(exchange);
            case LOGOUT -> logout.logout(exchange);
            case PAR -> pushed.push(exchange);
            case DEVICE_AUTHORIZATION -> device.authorize(exchange);
            case DEVICE -> device.verify(exchange);
            default -> {
                if (path.equals(REGISTER) || path.startsWith(REGISTER + "/")) {
                    registration.handle(exchange);
                } else {
                    throw new OAuthException("not_found", "No such endpoint", 404);
                }
            }
        }
    }

    @Override
    public Optional<VerifiedAccessToken> verify(String accessToken) {
        try {
            return tokens.verifyAccessToken(accessToken).map(TokenService.ActiveToken::token);
        } catch (RuntimeException e) {
            LOG.debug("Token verification failed", e);
            return Optional.empty();
        }
    }

    /** What the handlers share: configuration, the issuer, the clock and the server's JWTs. */
    static final class Context {
        private final OAuth2Configuration config;
        private final ServerInfo server;
        private final Clock clock;
        private final Jwts jwts;

        Context(OAuth2Configuration config, ServerInfo server, Clock clock, Jwts jwts) {
            this.config = config;
            this.server = server;
            this.clock = clock;
            this.jwts = jwts;
        }

        String issuer() {
            return server.baseUrl().toString();
        }

        Instant now() {
            return clock.instant();
        }

        long clockSkew() {
            return config.clock_skew();
        }

        /** RFC 7523 §3: the audience of a client assertion is the issuer or the endpoint it is sent to. */
        boolean isOwnAudience(String aud) {
            String issuer = issuer();
            return aud.equals(issuer) || aud.equals(issuer + TOKEN) || aud.equals(issuer + INTROSPECT) || aud.equals(issuer + REVOKE)
                    || aud.equals(issuer + PAR) || aud.equals(issuer + DEVICE_AUTHORIZATION);
        }

        int codeLifetime() {
            return config.code_lifetime();
        }

        int requestLifetime() {
            return config.request_lifetime();
        }

        int parLifetime() {
            return config.par_lifetime();
        }

        int deviceCodeLifetime() {
            return config.device_code_lifetime();
        }

        int devicePollInterval() {
            return config.device_poll_interval();
        }

        String dynamicRegistration() {
            return config.dynamic_registration();
        }

        Jwts jwts() {
            return jwts;
        }

        Logger log() {
            return LOG;
        }

        boolean secure(Exchange exchange) {
            return exchange.isSecure() || issuer().startsWith("https:");
        }
    }
}
