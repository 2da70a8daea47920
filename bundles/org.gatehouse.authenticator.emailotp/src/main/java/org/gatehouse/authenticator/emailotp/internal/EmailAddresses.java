package org.gatehouse.authenticator.emailotp.internal;

/** Shows enough of an address for the user to recognise it, and little to anyone looking over a shoulder. */
final class EmailAddresses {

    private EmailAddresses() {}

    /** {@code alice@example.com} becomes {@code a***e@example.com}; {@code a@example.com} becomes {@code a***@example.com}. */
    static String mask(String address) {
        int at = address.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at);
        int first = local.codePointAt(0);
        int last = local.codePointBefore(local.length());
        boolean single = local.codePointCount(0, local.length()) == 1;
        return new StringBuilder().appendCodePoint(first).append("***").append(single ? "" : new String(Character.toChars(last)))
                .append(domain).toString();
    }
}
