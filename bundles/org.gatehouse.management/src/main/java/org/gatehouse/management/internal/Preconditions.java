package org.gatehouse.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.VersionConflictException;

/**
 * Optimistic concurrency of the management API. An entity's version travels as a strong ETag,
 * {@code "<version>"}. A change must name the version it is based on, either in {@code If-Match}
 * (a mismatch is 412 Precondition Failed) or as {@code version} in the body (a mismatch is 409
 * Conflict); naming neither is 428 Precondition Required.
 */
final class Preconditions {
    private Preconditions() {}

    /** Where the expected version came from; decides the status of a mismatch. */
    enum Source { IF_MATCH, BODY, NONE }

    /** The version a change is based on. */
    record Expected(long version, Source source) {}

    /** A parsed {@code If-Match} header. */
    record IfMatch(boolean present, boolean any, List<Long> versions) {
        static final IfMatch ABSENT = new IfMatch(false, false, List.of());

        boolean matches(long version) {
            return any || versions.contains(version);
        }
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Parses {@code If-Match}: {@code *} or a list of entity tags. Weak tags never match (If-Match
     * compares strongly), nor do tags that are not versions.
     */
    static IfMatch parseIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return IfMatch.ABSENT;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return new IfMatch(true, true, List.of());
        }
        List<Long> versions = new ArrayList<>();
        int i = 0;
        int n = value.length();
        boolean valid = true;
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean weak = false;
            if (value.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                valid = false;
                break;
            }
            int end = value.indexOf('"', i + 1);
            if (end < 0) {
                valid = false;
                break;
            }
            String opaque = value.substring(i + 1, end);
            if (!weak && opaque.matches("[0-9]{1,18}")) {
                versions.add(Long.parseLong(opaque));
            }
            i = end + 1;
        }
        if (!valid) {
            throw ApiException.invalidField("If-Match", "Must be * or a list of entity tags such as \"3\"");
        }
        return new IfMatch(true, false, List.copyOf(versions));
    }

    /**
     * Decides the version an update is based on, checking both sources against the current version.
     *
     * @throws ApiException 428 when neither is given, 412 on an If-Match mismatch, 409 on a body version mismatch
     */
    static Expected forUpdate(IfMatch ifMatch, Optional<Long> bodyVersion, long current, String entity) {
        if (ifMatch.present() && ifMatch.any() && bodyVersion.isEmpty()) {
            throw required("If-Match: * names no version; send If-Match: \"" + current + "\" or a version field");
        }
        if (!ifMatch.present() && bodyVersion.isEmpty()) {
            throw required("Send If-Match with the ETag you read, or the version in the body, so that concurrent changes are not lost");
        }
        Source source = Source.BODY;
        if (ifMatch.present() && !ifMatch.any()) {
            if (!ifMatch.matches(current)) {
                throw failed(entity, current);
            }
            source = Source.IF_MATCH;
        }
        if (bodyVersion.isPresent() && bodyVersion.get() != current) {
            throw conflict(entity, bodyVersion.get(), current);
        }
        return new Expected(current, source);
    }

    /** For DELETE, where a precondition is optional. */
    static Expected forDelete(IfMatch ifMatch, long current, String entity) {
        if (ifMatch.present() && !ifMatch.matches(current)) {
            throw failed(entity, current);
        }
        return new Expected(current, ifMatch.present() && !ifMatch.any() ? Source.IF_MATCH : Source.NONE);
    }

    /** Translates a conflict the store detected (a concurrent change after our check). */
    static ApiException onConflict(VersionConflictException e, Expected expected, String entity) {
        return expected.source() == Source.IF_MATCH
                ? failed(entity, e.actualVersion())
                : conflict(entity, e.expectedVersion(), e.actualVersion());
    }

    private static ApiException required(String detail) {
        return new ApiException(ProblemType.PRECONDITION_REQUIRED, 428, detail);
    }

    static ApiException failed(String entity, long current) {
        Problem p = new Problem(ProblemType.PRECONDITION_FAILED.uri(), ProblemType.PRECONDITION_FAILED.title(412), 412,
                "The " + entity + " has changed: If-Match does not match the current version " + current, null, null);
        return new ApiException(p, Map.of("ETag", etag(current)));
    }

    private static ApiException conflict(String entity, long expected, long current) {
        Problem p = new Problem(ProblemType.VERSION_CONFLICT.uri(), ProblemType.VERSION_CONFLICT.title(409), 409,
                "The " + entity + " has changed: the request is based on version " + expected + ", the current version is " + current,
                List.of(new Problem.FieldError("version", "Expected " + current)), null);
        return new ApiException(p, Map.of("ETag", etag(current)));
    }
}
