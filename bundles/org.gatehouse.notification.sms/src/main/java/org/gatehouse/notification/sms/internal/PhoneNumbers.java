package org.gatehouse.notification.sms.internal;

import java.util.regex.Pattern;

/** ITU-T E.164 in its written form: a plus, a country code that does not start with 0, at most 15 digits. */
final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private PhoneNumbers() {}

    static boolean isE164(String value) {
        return value != null && E164.matcher(value).matches();
    }
}
