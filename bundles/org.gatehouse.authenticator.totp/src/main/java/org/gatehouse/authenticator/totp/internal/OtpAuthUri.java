package org.gatehouse.authenticator.totp.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/...} key URI that authenticator apps read from a QR code (the
 * de-facto "Key Uri Format" of Google Authenticator, followed by every app). The issuer appears both
 * as the label prefix and as a parameter, as the format recommends for old and new apps alike.
 */
final class OtpAuthUri {

    private OtpAuthUri() {}

    static String of(String issuer, String accountName, String base32Secret, Totp totp) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(accountName)
                + "?secret=" + base32Secret
                + "&issuer=" + encode(issuer)
                + "&algorithm=" + totp.algorithm().name()
                + "&digits=" + totp.digits()
                + "&period=" + totp.periodSeconds();
    }

    /** Percent-encoding as in a URI: apps show a '+' literally, so spaces must be %20. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
