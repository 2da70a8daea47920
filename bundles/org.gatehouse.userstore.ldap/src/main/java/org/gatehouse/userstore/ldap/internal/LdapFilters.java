package org.gatehouse.userstore.ldap.internal;

/**
 * Escaping for LDAP search filters (RFC 4515 section 3). Every value that reaches a filter string
 * goes through here, so a value can never close a parenthesis, add a wildcard or end the filter:
 * {@code *)(uid=*} becomes the literal {@code \2a\29\28uid=\2a}.
 */
final class LdapFilters {

    /** A filter that every entry matches (every entry has an object class). */
    static final String TRUE = "(objectClass=*)";
    /** A filter that no entry matches. */
    static final String FALSE = "(!(objectClass=*))";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LdapFilters() {}

    /**
     * Escapes an assertion value: the four specials {@code * ( ) \}, NUL and every other control
     * character become {@code \xx}. Non-ASCII characters stay as they are; the filter travels as
     * UTF-8 (RFC 4515 allows UTF-8 in values).
     */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '(' || c == ')' || c == '\\' || c < 0x20 || c == 0x7f) {
                sb.append('\\').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escapes binary values (e.g. an objectGUID): every byte as {@code \xx}. */
    static String escape(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length * 3);
        for (byte b : value) {
            sb.append('\\').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return sb.toString();
    }

    static String equality(String attribute, String value) {
        return "(" + attribute + "=" + escape(value) + ")";
    }

    static String present(String attribute) {
        return "(" + attribute + "=*)";
    }

    static String and(String... filters) {
        return join('&', filters);
    }

    static String or(String... filters) {
        return join('|', filters);
    }

    static String not(String filter) {
        return "(!" + filter + ")";
    }

    private static String join(char op, String... filters) {
        if (filters.length == 1) {
            return filters[0];
        }
        StringBuilder sb = new StringBuilder().append('(').append(op);
        for (String f : filters) {
            sb.append(f);
        }
        return sb.append(')').toString();
    }
}
