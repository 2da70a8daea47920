package org.gatehouse.notification.email.internal;

/**
 * Values that end up in mail headers. A CR or LF in a subject or an address would let whoever
 * controls the value start new headers (Bcc: ...) or even a new body; Jakarta Mail does not refuse
 * them, so the channel does, before anything is composed.
 */
final class HeaderText {

    private HeaderText() {}

    static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
