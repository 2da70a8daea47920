package org.gatehouse.protocol.scim2.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Entity tags of SCIM resources (RFC 7644 section 3.14): the store's version as a weak tag,
 * {@code W/"<version>"}, compared weakly (a strong {@code "<version>"} names the same version).
 */
final class ETags {
    private ETags() {}

    static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /** A parsed {@code If-Match} or {@code If-None-Match}: absent, {@code *}, or a list of versions. */
    record Condition(boolean present, boolean any, List<Long> versions) {
        static final Condition ABSENT = new Condition(false, false, List.of());

        boolean matches(long version) {
            return any || versions.contains(version);
        }
    }

    /** @throws ScimException 400 invalidVers for a header that is not {@code *} or a list of entity tags */
    static Condition parse(String header) {
        if (header == null || header.isBlank()) {
            return Condition.ABSENT;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return new Condition(true, true, List.of());
        }
        List<Long> versions = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                throw ScimException.invalidVersion("The precondition must be * or entity tags such as W/\"3\"");
            }
            int end = value.indexOf('"', i + 1);
            if (end < 0) {
                throw ScimException.invalidVersion("Unterminated entity tag in the precondition");
            }
            String opaque = value.substring(i + 1, end);
            if (opaque.matches("[0-9]{1,18}")) {
                versions.add(Long.parseLong(opaque));
            }
            i = end + 1;
        }
        return new Condition(true, false, List.copyOf(versions));
    }
}
