package org.gatehouse.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which request paths belong to the management API and which of them need an administrator. Paths
 * are normalized first (empty and dot segments, {@code ..}, matrix parameters) so that no spelling
 * of a protected path slips past the check.
 */
final class ApiPaths {
    private ApiPaths() {}

    static final String API = "api";
    static final String OPENAPI = "openapi.json";
    static final String HEALTH = "health";
    static final String ME = "me";
    static final String IMPORTS = "imports";

    /** @param path a request path relative to the application, decoded or not */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path == null) {
            return segments;
        }
        for (String raw : path.split("/")) {
            int matrix = raw.indexOf(';');
            String segment = matrix < 0 ? raw : raw.substring(0, matrix);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        return segments;
    }

    private static boolean underApi(List<String> segments) {
        return !segments.isEmpty() && segments.get(0).toLowerCase(Locale.ROOT).equals(API);
    }

    private static boolean isOpenApi(List<String> segments) {
        return segments.size() == 2 && segments.get(0).equals(API) && segments.get(1).equals(OPENAPI);
    }

    private static boolean isSelfService(List<String> segments) {
        return segments.size() >= 2 && segments.get(0).equals(API) && segments.get(1).equals(ME);
    }

    /**
     * @param decodedPath the request path, percent-decoded
     * @param rawPath the same path as sent
     * @return whether the path is under {@code /api} and is neither the public OpenAPI document nor
     *     the account holder's own area
     */
    static boolean requiresAdministrator(String decodedPath, String rawPath) {
        List<String> decoded = segments(decodedPath);
        List<String> raw = segments(rawPath);
        if (!underApi(decoded) && !underApi(raw)) {
            return false;
        }
        return !(isOpenApi(decoded) && isOpenApi(raw)) && !isAccountHolders(decodedPath, rawPath);
    }

    /**
     * @return whether the path is under {@code /api/me}, read both ways: a path that only one reading
     *     puts there (an encoded slash, a dot segment) stays an administrator's path
     */
    static boolean isAccountHolders(String decodedPath, String rawPath) {
        return isSelfService(segments(decodedPath)) && isSelfService(segments(rawPath));
    }

    /** @return whether the path is the import endpoint, which takes large bodies */
    static boolean isImport(String decodedPath) {
        List<String> segments = segments(decodedPath);
        return segments.size() == 2 && segments.get(0).equals(API) && segments.get(1).equals(IMPORTS);
    }

    /** @return whether the path is served by this bundle (under {@code /api}, or {@code /health}) */
    static boolean isManagement(String decodedPath) {
        List<String> segments = segments(decodedPath);
        return underApi(segments) || segments.size() == 1 && segments.get(0).equals(HEALTH);
    }
}
