package org.gatehouse.userstore.ldap.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What is peculiar to Active Directory: the byte order of objectGUID, the encoding of unicodePwd
 * and the flags of userAccountControl.
 */
final class ActiveDirectory {

    /** userAccountControl: the account is disabled. */
    static final int ACCOUNTDISABLE = 0x0002;
    /** userAccountControl: no password is required (never set by this store). */
    static final int PASSWD_NOTREQD = 0x0020;
    /** userAccountControl: a default account type that represents a typical user. */
    static final int NORMAL_ACCOUNT = 0x0200;

    /** LDAP_MATCHING_RULE_BIT_AND: {@code (userAccountControl:1.2.840.113556.1.4.803:=2)} matches disabled accounts. */
    static final String DISABLED_FILTER = "(userAccountControl:1.2.840.113556.1.4.803:=" + ACCOUNTDISABLE + ")";

    private ActiveDirectory() {}

    /**
     * objectGUID is 16 bytes whose first three fields are little-endian (Microsoft's GUID layout):
     * the string form 01020304-0506-0708-090a-0b0c0d0e0f10 is stored as 04 03 02 01 06 05 08 07 09 0a ...
     */
    static String guidString(byte[] guid) {
        if (guid == null || guid.length != 16) {
            throw new IllegalArgumentException("An objectGUID has 16 bytes");
        }
        byte[] b = guid;
        return String.format(Locale.ROOT, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    }

    /** The inverse of {@link #guidString}. */
    static byte[] guidBytes(String uuid) {
        if (!Ids.isUuid(uuid)) {
            throw new IllegalArgumentException("Not a GUID: " + uuid);
        }
        String hex = uuid.replace("-", "");
        byte[] canonical = new byte[16];
        for (int i = 0; i < 16; i++) {
            canonical[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] b = canonical;
        return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
    }

    /**
     * The value of unicodePwd: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5.1). Active
     * Directory accepts it only over an encrypted connection (LDAPS or StartTLS).
     */
    static byte[] unicodePwd(char[] password) {
        CharBuffer quoted = CharBuffer.allocate(password.length + 2);
        quoted.put('"').put(password).put('"').flip();
        ByteBuffer encoded = StandardCharsets.UTF_16LE.encode(quoted);
        byte[] result = new byte[encoded.remaining()];
        encoded.get(result);
        Arrays.fill(quoted.array(), '\0');
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return result;
    }

    static boolean isDisabled(long userAccountControl) {
        return (userAccountControl & ACCOUNTDISABLE) != 0;
    }

    /** Sets or clears the disable flag, keeping every other flag as it is. */
    static long withDisabled(long userAccountControl, boolean disabled) {
        return disabled ? userAccountControl | ACCOUNTDISABLE : userAccountControl & ~ACCOUNTDISABLE;
    }

    /** userAccountControl of a new user: a normal account, disabled until it has a password if it is to be inactive. */
    static long newAccount(boolean active) {
        return withDisabled(NORMAL_ACCOUNT, !active);
    }
}
