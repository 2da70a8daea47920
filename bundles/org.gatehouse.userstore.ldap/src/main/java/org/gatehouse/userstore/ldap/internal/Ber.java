package org.gatehouse.userstore.ldap.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few BER encodings the store sends that the LDAP library has no codec for: the value of the
 * assertion control (RFC 4528) and of the password modify extended operation (RFC 3062).
 */
final class Ber {

    private Ber() {}

    /** One TLV with the definite length form (X.690 8.1.3). */
    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 6);
        out.write(tag);
        int length = b.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length <= 0xff) {
            out.write(0x81);
            out.write(length);
        } else if (length <= 0xffff) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An equalityMatch filter {@code (attribute=value)} (RFC 4511 4.5.1: [3] AttributeValueAssertion). */
    static byte[] equalityFilter(String attribute, String value) {
        return tlv(0xa3, tlv(0x04, utf8(attribute)), tlv(0x04, utf8(value)));
    }

    /**
     * PasswdModifyRequestValue (RFC 3062 2): userIdentity [0] and newPasswd [2]; no oldPasswd, the
     * service account resets the password.
     */
    static byte[] passwordModify(String userDn, byte[] newPassword) {
        return tlv(0x30, tlv(0x80, utf8(userDn)), tlv(0x82, newPassword));
    }
}
