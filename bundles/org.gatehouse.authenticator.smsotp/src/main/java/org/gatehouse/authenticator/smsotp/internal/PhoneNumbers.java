package org.gatehouse.authenticator.smsotp.internal;

import java.util.regex.Pattern;

/** Phone numbers in E.164 written form ({@code +4915112345678}): checked and masked for display. */
final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private PhoneNumbers() {}

    static boolean isE164(String value) {
        return value != null && E164.matcher(value).matches();
    }

    /**
     * Keeps the plus and the first two digits (the country, mostly) and the last two digits, enough
     * to recognise one's own number: {@code +4915112345678} becomes {@code +49*********78}.
     */
    static String mask(String number) {
        if (number.length() < 7) {
            return "+***" + number.substring(Math.max(1, number.length() - 2));
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 5) + number.substring(number.length() - 2);
    }
}
