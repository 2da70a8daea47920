package org.gatehouse.web.login.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code application/x-www-form-urlencoded} data within a size limit. */
final class FormData {

    /** The largest body a login form may send. */
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_FIELDS = 64;
    /** How much of a too-large body is still read (and dropped) so that the client gets its answer. */
    static final int MAX_DISCARDED = 1024 * 1024;

    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private FormData() {}

    /** Reads and drops up to {@code max} bytes, until the end of the body. */
    static void discard(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
            left -= n;
        }
    }

    /** Reads at most {@link #MAX_BODY} bytes; more is {@link TooLarge}. */
    static String readBody(InputStream in) throws IOException, TooLarge {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new TooLarge();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses form-encoded pairs. A name that appears twice is malformed: which value would count is
     * ambiguous, and ambiguity between layers is how parameter pollution works.
     */
    static Map<String, String> parse(String encoded) throws Malformed {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.putIfAbsent(name, value) != null) {
                throw new Malformed("The field '" + name + "' appears more than once");
            }
            if (values.size() > MAX_FIELDS) {
                throw new Malformed("Too many fields");
            }
        }
        return values;
    }

    private static String decode(String s) throws Malformed {
        try {
            // bytes that are not UTF-8 become U+FFFD: harmless, and no valid answer contains them
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("Bad percent-encoding");
        }
    }
}
