package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.ws.rs.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * Keeps the hand-written OpenAPI document and the JAX-RS resources in step: every resource method
 * must be documented, and every documented operation must exist. Resource classes are found by
 * scanning the compiled package, so a new resource cannot be forgotten either.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final JsonNode document = OpenApiResource.load(new JsonCodec());

    static List<Class<?>> resourceClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(JsonCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JsonCodec.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = JsonCodec.class.getPackageName() + "." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, JsonCodec.class.getClassLoader());
                if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                    classes.add(c);
                }
            }
        }
        return classes;
    }

    static Set<String> implementedOperations() throws Exception {
        Set<String> operations = new TreeSet<>();
        for (Class<?> c : resourceClasses()) {
            String base = c.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method m : c.getMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                javax.ws.rs.Path sub = m.getAnnotation(javax.ws.rs.Path.class);
                operations.add(verb + " " + join(base, sub == null ? "" : sub.value()));
            }
        }
        return operations;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Joins paths and drops template regular expressions: {@code {id: [0-9]+}} is {@code {id}}. */
    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
    }

    /** Operations of the management API's JAX-RS resources (paths served by other servlets say so with x-gatehouse-servlet). */
    private Set<String> documentedOperations() {
        return documentedOperations(false);
    }

    private Set<String> documentedOperations(boolean otherServlets) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (document.get("paths").get(path).has("x-gatehouse-servlet") != otherServlets) {
                continue;
            }
            for (Iterator<String> keys = document.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (HTTP_METHODS.contains(key)) {
                    operations.add(key + " " + path);
                }
            }
        }
        return operations;
    }

    @Test
    void theAppNativeEndpointsOfTheOAuthServletAreDescribedToo() {
        assertThat(documentedOperations(true)).containsExactly("post /oauth2/authn", "post /oauth2/authn/start");
        assertThat(document.get("paths").get("/oauth2/authn").get("x-gatehouse-servlet").asText()).isEqualTo("org.gatehouse.protocol.oauth2");
    }

    @Test
    void everyResourceMethodIsDocumentedAndViceVersa() throws Exception {
        Set<String> implemented = implementedOperations();
        assertThat(implemented).as("resource methods found by reflection").hasSizeGreaterThan(15);
        assertThat(documentedOperations()).isEqualTo(implemented);
    }

    @Test
    void theRouteTableKnowsEveryResource() throws Exception {
        assertThat(Routes.RESOURCES).containsExactlyInAnyOrderElementsOf(resourceClasses());
        Routes routes = new Routes(Routes.RESOURCES);
        assertThat(routes.allow("/api/users")).contains("GET, HEAD, POST, OPTIONS");
        assertThat(routes.allow("/api/groups/g1/members/u1")).contains("DELETE, OPTIONS");
        assertThat(routes.allow("/api/nope")).isEmpty();
        assertThat(routes.allow("/api/applications/abc")).contains("GET, HEAD, PUT, DELETE, OPTIONS");
        assertThat(routes.allow("/api/applications/abc/secret")).contains("POST, OPTIONS");
        assertThat(routes.allow("/api/applications/abc/login-flow")).contains("GET, HEAD, PUT, OPTIONS");
        assertThat(routes.allow("/api/login-flow")).contains("GET, HEAD, PUT, OPTIONS");
        assertThat(routes.allow("/api/users/u1/lock")).contains("GET, HEAD, DELETE, OPTIONS");
        assertThat(routes.allow("/api/me")).contains("GET, HEAD, OPTIONS");
        assertThat(routes.allow("/api/me/credentials/c1")).contains("DELETE, OPTIONS");
        assertThat(routes.allow("/api/users/u1/credentials")).contains("GET, HEAD, OPTIONS");
        assertThat(routes.allow("/api/users/u1/credentials/c1")).contains("DELETE, OPTIONS");
    }

    @Test
    void theDocumentedEndpointsAreTheSpecifiedOnes() throws Exception {
        assertThat(implementedOperations()).contains(
                "get /health", "get /api/openapi.json", "get /api/plugins",
                "get /api/users", "post /api/users", "get /api/users/{id}", "put /api/users/{id}", "patch /api/users/{id}",
                "delete /api/users/{id}", "put /api/users/{id}/password", "get /api/users/{id}/groups",
                "get /api/groups", "post /api/groups", "get /api/groups/{id}", "put /api/groups/{id}", "patch /api/groups/{id}",
                "delete /api/groups/{id}", "post /api/groups/{id}/members", "delete /api/groups/{id}/members/{userId}",
                "get /api/applications", "post /api/applications", "get /api/applications/{clientId}", "put /api/applications/{clientId}",
                "delete /api/applications/{clientId}", "post /api/applications/{clientId}/secret",
                "get /api/applications/{clientId}/login-flow", "put /api/applications/{clientId}/login-flow",
                "get /api/login-flow", "put /api/login-flow",
                "get /api/users/{id}/lock", "delete /api/users/{id}/lock",
                "get /api/users/{id}/credentials", "delete /api/users/{id}/credentials/{credentialId}");
    }

    @Test
    void everyReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        document.findValues("$ref").forEach(ref -> {
            String pointer = ref.asText().substring(1); // "#/components/..." -> "/components/..."
            if (document.at(pointer).isMissingNode()) {
                dangling.add(ref.asText());
            }
        });
        assertThat(dangling).isEmpty();
    }

    @Test
    void everyPathParameterIsDeclared() {
        document.get("paths").fields().forEachRemaining(path -> {
            Set<String> declared = new TreeSet<>();
            List<JsonNode> parameterLists = new ArrayList<>();
            parameterLists.add(path.getValue().path("parameters"));
            path.getValue().fields().forEachRemaining(op -> parameterLists.add(op.getValue().path("parameters")));
            for (JsonNode list : parameterLists) {
                for (JsonNode p : list) {
                    JsonNode resolved = p.has("$ref") ? document.at(p.get("$ref").asText().substring(1)) : p;
                    if ("path".equals(resolved.path("in").asText())) {
                        declared.add(resolved.get("name").asText());
                    }
                }
            }
            Set<String> inTemplate = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertThat(declared).as(path.getKey()).isEqualTo(inTemplate);
        });
    }

    @Test
    void everyOperationDocumentsItsErrors() {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!HTTP_METHODS.contains(op.getKey())) {
                return;
            }
            JsonNode responses = op.getValue().get("responses");
            assertThat(responses.has("500")).as(op.getKey() + " " + path.getKey()).isTrue();
            boolean isPublic = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            if (!isPublic) {
                assertThat(responses.has("401") && responses.has("403")).as(op.getKey() + " " + path.getKey()).isTrue();
            }
            if (op.getValue().has("requestBody")) {
                assertThat(responses.has("400") && responses.has("413") && responses.has("415")).as(op.getKey() + " " + path.getKey()).isTrue();
            }
            if (path.getKey().contains("{id}")) {
                assertThat(responses.has("404")).as(op.getKey() + " " + path.getKey()).isTrue();
            }
        }));
    }
}
