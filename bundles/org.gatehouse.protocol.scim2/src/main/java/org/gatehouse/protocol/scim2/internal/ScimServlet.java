package org.gatehouse.protocol.scim2.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCIM 2.0 server: one servlet on the HTTP whiteboard under {@code /scim2}. It reads the
 * request (bounded), authenticates the bearer token, lets {@link ScimService} answer, and writes
 * {@code application/scim+json}; every failure is a SCIM error body, never a stack trace.
 *
 * <p>The custom user attributes it publishes come from the OAuth 2 claim mapping ({@link
 * ClaimMappedAttributes}). The user directory, the token verifier and the server facts are dynamic
 * references: while one is missing the server answers 503.
 */
@Component(service = Servlet.class, configurationPid = ScimConfiguration.PID)
@Designate(ocd = ScimConfiguration.class)
@HttpWhiteboardServletPattern("/scim2/*")
// Pax Web keeps one servlet per name; without one every whiteboard servlet is "javax.servlet.Servlet"
@HttpWhiteboardServletName("gatehouse-scim2")
public final class ScimServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScimServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile UserDirectory directory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AccessTokenVerifier verifier;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ServerInfo server;

    private final transient Limits limits;
    private final transient Schemas schemas;

    @Activate
    public ScimServlet(ScimConfiguration config, @Reference ClaimMappedAttributes customAttributes) {
        this(Limits.of(config), new Schemas(customAttributes.names()));
    }

    ScimServlet(Limits limits, Schemas schemas) {
        this.limits = limits;
        this.schemas = schemas;
        LOG.info("SCIM 2.0 server ready under {}; custom user attributes: {}", Links.PREFIX,
                schemas.customAttributes().stream().map(AttributeDef::name).toList());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        ScimRequest scim = null;
        ScimResponse answer;
        try {
            List<String> path = path(request);
            byte[] body = body(request, method);
            UserDirectory d = directory;
            AccessTokenVerifier v = verifier;
            ServerInfo s = server;
            if (d == null || v == null || s == null) {
                throw ScimException.unavailable("SCIM is starting or being upgraded; retry shortly");
            }
            Caller caller = BearerAuthentication.authenticate(request.getHeader("Authorization"), v, d);
            scim = new ScimRequest(method, path, query(request), request.getHeader("If-Match"), request.getHeader("If-None-Match"), body, caller);
            answer = handler(d, s).handle(scim);
        } catch (ScimException e) {
            answer = ScimResponse.error(e);
        } catch (RuntimeException e) {
            answer = ScimService.failure(e, scim != null ? scim
                    : new ScimRequest(method, List.of(), Map.of(), null, null, new byte[0], null));
        }
        write(answer, response);
    }

    /** One request's view of the current services. */
    ScimService handler(UserDirectory d, ServerInfo s) {
        return new ScimService(new ScimContext(d, new Links(s.baseUrl().toString()), schemas, limits));
    }

    /** The undecoded path after {@code /scim2}, split and decoded here (so an encoded '/' stays inside its segment). */
    private static List<String> path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String rest = uri.substring(Math.min(uri.length(), context.length()));
        if (rest.length() < Links.PREFIX.length() || !rest.startsWith(Links.PREFIX)) {
            throw ScimException.notFound("No such endpoint");
        }
        return Paths.segments(rest.substring(Links.PREFIX.length()));
    }

    private byte[] body(HttpServletRequest request, String method) throws IOException {
        long length = request.getContentLengthLong();
        int max = limits.largestBody();
        if (length > max) {
            throw ScimException.tooLarge("The request body is larger than " + max + " bytes");
        }
        if (!("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
            return new byte[0];
        }
        byte[] body = read(request.getInputStream(), max);
        if (body.length > 0) {
            String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
            String bare = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type.trim();
            if (!bare.equals(ScimJson.MEDIA_TYPE) && !bare.equals("application/json")) {
                throw new ScimException(415, null, "Send the body as " + ScimJson.MEDIA_TYPE + " (or application/json)");
            }
        }
        if (body.length > limits.maxPayloadBytes() && !request.getRequestURI().endsWith("/Bulk")) {
            throw ScimException.tooLarge("The request body is larger than " + limits.maxPayloadBytes() + " bytes");
        }
        return body;
    }

    private static byte[] read(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                throw ScimException.tooLarge("The request body is larger than " + max + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            // the container parses the query lazily and throws on malformed percent-encoding
            throw ScimException.invalidValue("The query string is malformed");
        }
        parameters.forEach((k, v) -> out.put(k, new ArrayList<>(List.of(v))));
        return out;
    }

    private static void write(ScimResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (answer.body() == null) {
            return;
        }
        byte[] bytes = ScimJson.write(answer.body());
        response.setContentType(ScimJson.MEDIA_TYPE + ";charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
