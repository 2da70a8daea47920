package org.gatehouse.web.login.internal;

/** Escapes text for HTML element content and quoted attribute values. */
final class Html {

    private Html() {}

    /** @return the text with {@code & < > " '} replaced by character references; {@code null} becomes empty */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement == null && (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f)) {
                replacement = "\uFFFD"; // control characters are not allowed in HTML text
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
