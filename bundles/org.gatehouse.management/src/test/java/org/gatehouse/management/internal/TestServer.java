package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.Application;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The management API's JAX-RS singletons on CXF's servlet transport in Jetty 9.4, as in Karaf, for
 * tests that need their own set of resources and extensions.
 */
final class TestServer implements AutoCloseable {

    static final JsonCodec CODEC = new JsonCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Server jetty;
    final URI base;

    /** @param host the address to listen on, e.g. 127.0.0.1 */
    TestServer(String host, Object... singletons) throws Exception {
        Set<Object> all = new LinkedHashSet<>(List.of(singletons));
        Application application = new Application() {
            @Override
            public Set<Object> getSingletons() {
                return all;
            }
        };
        jetty = new Server(new InetSocketAddress(host, 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(application)), "/*");
        jetty.setHandler(context);
        jetty.start();
        String h = host.contains(":") ? "[" + host + "]" : host;
        base = URI.create("http://" + h + ":" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    static Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return CODEC.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        Reply is(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            return this;
        }

        Reply isProblem(int expected) {
            is(expected);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            JsonNode p = json();
            assertThat(p.get("status").asInt()).isEqualTo(expected);
            assertThat(p.hasNonNull("type")).isTrue();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }

        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
            return fields;
        }
    }
}
