package org.gatehouse.protocol.scim2.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the OAuth 2 server's {@code claim_mappings} ({@code claim=attribute} entries) for the user
 * attributes they release: those become SCIM's custom extension attributes.
 */
final class ClaimMappings {
    private ClaimMappings() {}

    /** @param raw a String, String[] or collection of entries as configuration admin delivers them; may be null */
    static List<String> attributeNames(Object raw) {
        List<String> entries = new ArrayList<>();
        if (raw instanceof String s) {
            for (String e : s.split(",")) {
                entries.add(e);
            }
        } else if (raw instanceof String[] a) {
            entries.addAll(List.of(a));
        } else if (raw instanceof Collection<?> c) {
            c.forEach(e -> entries.add(String.valueOf(e)));
        }
        List<String> names = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0 && eq < entry.length() - 1) {
                String attribute = entry.substring(eq + 1).trim();
                if (!names.contains(attribute)) {
                    names.add(attribute);
                }
            }
        }
        return names;
    }
}
