package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.gatehouse.api.context.RequestInfo;

/** One HTTP request to an OAuth endpoint and its response, without servlet details in the endpoints. */
final class Exchange {

    /** Larger form bodies are refused; no OAuth request needs more (request objects are the largest). */
    static final int MAX_BODY = 64 * 1024;

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final String path;
    private Parameters parameters;

    Exchange(HttpServletRequest request, HttpServletResponse response, String path) {
        this.request = request;
        this.response = response;
        this.path = path;
    }

    String method() {
        return request.getMethod();
    }

    /** @return the path below the servlet context, e.g. {@code /oauth2/token} */
    String path() {
        return path;
    }

    boolean isPost() {
        return "POST".equals(request.getMethod());
    }

    /**
     * @return the query parameters, plus the form body for a POST (a repeated name is an error)
     * @throws OAuthException for a body that is too large, not form-encoded, or malformed
     */
    Parameters parameters() {
        if (parameters == null) {
            Map<String, String> values = new LinkedHashMap<>();
            Parameters.parse(request.getQueryString(), values);
            if (isPost()) {
                Parameters.parse(formBody(), values);
            }
            parameters = new Parameters(values);
        }
        return parameters;
    }

    /** @return the query parameters only */
    Parameters queryParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        Parameters.parse(request.getQueryString(), values);
        return new Parameters(values);
    }

    private String formBody() {
        String type = Optional.ofNullable(request.getContentType()).orElse("");
        long length = request.getContentLengthLong();
        if (length > MAX_BODY) {
            throw new OAuthException("invalid_request", "Request body larger than " + MAX_BODY + " bytes", 413);
        }
        if (length == 0) {
            return "";
        }
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw OAuthException.invalidRequest("The body must be application/x-www-form-urlencoded");
        }
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * @return the raw body (form-encoded or JSON), its declared length read exactly, a chunked one up to the limit
     * @throws OAuthException 413 beyond {@link #MAX_BODY}
     */
    byte[] body() {
        long length = request.getContentLengthLong();
        if (length > MAX_BODY) {
            throw new OAuthException("invalid_request", "Request body larger than " + MAX_BODY + " bytes", 413);
        }
        try (InputStream in = request.getInputStream()) {
            if (length >= 0) {
                // the declared length, read into an array of that size (the servlet stream ends there)
                byte[] body = new byte[(int) length];
                if (in.readNBytes(body, 0, body.length) < body.length) {
                    throw OAuthException.invalidRequest("The request body ended before its Content-Length");
                }
                return body;
            }
            byte[] body = in.readNBytes(MAX_BODY + 1); // chunked: up to one byte past the limit, to tell
            if (body.length > MAX_BODY) {
                throw new OAuthException("invalid_request", "Request body larger than " + MAX_BODY + " bytes", 413);
            }
            return body;
        } catch (IOException e) {
            throw OAuthException.invalidRequest("The request body could not be read");
        }
    }

    Optional<String> contentType() {
        return Optional.ofNullable(request.getContentType());
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    Optional<String> cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    boolean isSecure() {
        return request.isSecure();
    }

    RequestInfo requestInfo() {
        return new RequestInfo(request.getRemoteAddr(), request.getHeader("User-Agent"), Optional.ofNullable(request.getHeader("Origin")));
    }

    void header(String name, String value) {
        response.setHeader(name, value);
    }

    void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    void json(int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    void html(int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (response.getHeader("Content-Security-Policy") == null) {
            response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Lets this page's forms lead to {@code target}'s origin as well: browsers check form-action
     * against every redirect that follows a form post, and consent or logout confirmations end in a
     * redirect to the client.
     */
    void allowFormTarget(String target) {
        String origin = origin(target);
        response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
                + (origin == null ? "" : " " + origin));
    }

    /**
     * @return the CSP source for a redirect URI: {@code scheme://authority} for http(s), the bare
     *     {@code scheme:} for a native app's private-use scheme, null for anything else
     */
    static String origin(String uri) {
        try {
            java.net.URI u = new java.net.URI(uri);
            String scheme = u.getScheme();
            if (scheme == null || !scheme.matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
                return null;
            }
            if (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) {
                String authority = u.getRawAuthority();
                return authority == null || !authority.matches("[A-Za-z0-9.\\-\\[\\]:]+") ? null : scheme + "://" + authority;
            }
            return scheme + ":";
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    void redirect(int status, String location) {
        response.setStatus(status);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }

    void status(int status) {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
    }
}
