package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Active Directory encodings, checked against the documented layouts (AD itself cannot run here). */
class ActiveDirectoryTest {

    @Test
    void objectGuidHasMixedByteOrder() {
        // MS-DTYP 2.3.4: Data1 (4 bytes), Data2 and Data3 (2 bytes each) little-endian, Data4 as is
        byte[] stored = {0x04, 0x03, 0x02, 0x01, 0x06, 0x05, 0x08, 0x07, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
        assertThat(ActiveDirectory.guidString(stored)).isEqualTo("01020304-0506-0708-090a-0b0c0d0e0f10");
        assertThat(ActiveDirectory.guidBytes("01020304-0506-0708-090A-0B0C0D0E0F10")).isEqualTo(stored);
        assertThat(LdapFilters.escape(ActiveDirectory.guidBytes("01020304-0506-0708-090a-0b0c0d0e0f10")))
                .isEqualTo("\\04\\03\\02\\01\\06\\05\\08\\07\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10");
    }

    @Test
    void unicodePwdIsTheQuotedPasswordInUtf16le() {
        byte[] value = ActiveDirectory.unicodePwd("Pä55!".toCharArray());
        assertThat(value).isEqualTo("\"Pä55!\"".getBytes(StandardCharsets.UTF_16LE));
        assertThat(value).startsWith(0x22, 0x00, 0x50, 0x00, 0xe4, 0x00);
        assertThat(value).hasSize(14);
    }

    @Test
    void userAccountControlKeepsOtherFlags() {
        long normal = 0x200;
        long dontExpire = 0x10000;
        assertThat(ActiveDirectory.isDisabled(514)).isTrue();
        assertThat(ActiveDirectory.isDisabled(512)).isFalse();
        assertThat(ActiveDirectory.withDisabled(normal | dontExpire, true)).isEqualTo(normal | dontExpire | 2);
        assertThat(ActiveDirectory.withDisabled(normal | dontExpire | 2, false)).isEqualTo(normal | dontExpire);
        assertThat(ActiveDirectory.newAccount(true)).isEqualTo(512);
        assertThat(ActiveDirectory.newAccount(false)).isEqualTo(514);
        assertThat(ActiveDirectory.DISABLED_FILTER).isEqualTo("(userAccountControl:1.2.840.113556.1.4.803:=2)");
    }

    @Test
    void versionsFromEntryCsnAndUsnChanged() {
        long a = EntryVersion.parse("20261127041000.123456Z#000000#000#000000").orElseThrow();
        long b = EntryVersion.parse("20261127041000.123456Z#000001#000#000000").orElseThrow();
        long c = EntryVersion.parse("20261127041000.123457Z#000000#000#000000").orElseThrow();
        assertThat(a).isLessThan(b).isLessThanOrEqualTo(EntryVersion.MAX_VERSION);
        assertThat(String.valueOf(a)).as("an ETag of at most 18 digits").hasSizeLessThanOrEqualTo(18);
        assertThat(b).isLessThan(c);
        assertThat(EntryVersion.parse("884213")).contains(884213L);
        assertThat(EntryVersion.parse("garbage")).isEmpty();
        TreeMap<String, java.util.List<String>> values = new TreeMap<>();
        values.put("cn", java.util.List.of("x"));
        long h1 = EntryVersion.of(Optional.empty(), () -> values);
        values.put("cn", java.util.List.of("y"));
        assertThat(EntryVersion.of(Optional.empty(), () -> values)).isNotEqualTo(h1).isNotNegative().isLessThanOrEqualTo(EntryVersion.MAX_VERSION);
    }

    @Test
    void berEncodings() {
        assertThat(Ber.equalityFilter("entryCSN", "v")).containsExactly(0xa3, 13, 0x04, 8, 'e', 'n', 't', 'r', 'y', 'C', 'S', 'N', 0x04, 1, 'v');
        byte[] long300 = Ber.tlv(0x04, new byte[300]);
        assertThat(long300).startsWith(0x04, 0x82, 0x01, 0x2c);
        assertThat(Ber.passwordModify("uid=a", "pw".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(0x30, 11, 0x80, 5, 'u', 'i', 'd', '=', 'a', 0x82, 2, 'p', 'w');
    }
}
