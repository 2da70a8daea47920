package org.gatehouse.management.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/** The routes of the management API, read from its resource classes' annotations. */
final class Routes {

    /** Every resource class of this bundle; a test checks that none is missing. */
    static final List<Class<?>> RESOURCES = List.of(
            HealthResource.class, OpenApiResource.class, UsersResource.class, GroupsResource.class, PluginsResource.class,
            ApplicationsResource.class, SessionsResource.class, ApplicationLoginFlowResource.class, OrganizationLoginFlowResource.class,
            UserLockResource.class, UserCredentialsResource.class, AccountResource.class, ImportsResource.class, ExportsResource.class);

    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private record Route(List<String> segments, Set<String> methods) {
        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                String s = segments.get(i);
                if (!(s.startsWith("{") && s.endsWith("}")) && !s.equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Routes(List<Class<?>> resources) {
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            Method[] methods;
            try {
                methods = resource.getMethods();
            } catch (LinkageError e) {
                // a resource whose optional package is not wired (e.g. applications without the
                // OIDC feature) is not served either; the other routes stay
                continue;
            }
            for (Method m : methods) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                List<String> segments = ApiPaths.segments(base + "/" + (sub == null ? "" : sub.value()));
                Route route = routes.stream().filter(r -> r.segments().equals(segments)).findFirst().orElseGet(() -> {
                    Route r = new Route(segments, new TreeSet<>());
                    routes.add(r);
                    return r;
                });
                route.methods().add(verb);
            }
        }
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** @return the value of {@code Allow} for a request path, if it is one of these routes */
    Optional<String> allow(String path) {
        List<String> segments = ApiPaths.segments(path);
        Set<String> methods = new TreeSet<>();
        for (Route r : routes) {
            if (r.matches(segments)) {
                methods.addAll(r.methods());
            }
        }
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return Optional.of(methods.stream()
                .sorted((a, b) -> Integer.compare(rank(a), rank(b)))
                .collect(Collectors.joining(", ")));
    }

    private static int rank(String method) {
        int i = ORDER.indexOf(method);
        return i < 0 ? ORDER.size() : i;
    }
}
