package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.apache.directory.api.ldap.model.filter.FilterParser;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.junit.jupiter.api.Test;

/** SCIM filters become escaped LDAP filters over the mapping; what cannot be translated is refused. */
class FilterTranslatorTest {

    private static final FilterTranslator T = new FilterTranslator(Map.of(
            "id", new FilterTranslator.Target("entryUUID", FilterTranslator.Kind.ID),
            "username", new FilterTranslator.Target("uid", FilterTranslator.Kind.TEXT),
            "active", new FilterTranslator.Target("objectClass", FilterTranslator.Kind.ACTIVE),
            "emails", new FilterTranslator.Target("mail", FilterTranslator.Kind.TEXT),
            "emails.value", new FilterTranslator.Target("mail", FilterTranslator.Kind.TEXT),
            "meta.created", new FilterTranslator.Target("createTimestamp", FilterTranslator.Kind.TIME),
            "groups.value", new FilterTranslator.Target("memberOf", FilterTranslator.Kind.REFERENCE)),
            "(!(employeeType=disabled))",
            id -> id.equals("11111111-2222-3333-4444-555555555555") ? Optional.of("cn=staff,ou=groups,dc=example,dc=org") : Optional.empty());

    private static String t(String scim) {
        String ldap = T.translate(Filter.parse(scim));
        try {
            FilterParser.parse(ldap); // always a well-formed filter
        } catch (java.text.ParseException e) {
            throw new AssertionError("not an LDAP filter: " + ldap, e);
        }
        return ldap;
    }

    @Test
    void comparisons() {
        assertThat(t("userName eq \"alice\"")).isEqualTo("(uid=alice)");
        assertThat(t("userName ne \"alice\"")).isEqualTo("(!(uid=alice))");
        assertThat(t("userName co \"li\"")).isEqualTo("(uid=*li*)");
        assertThat(t("userName sw \"al\"")).isEqualTo("(uid=al*)");
        assertThat(t("userName ew \"ce\"")).isEqualTo("(uid=*ce)");
        assertThat(t("userName co \"\"")).isEqualTo("(uid=*)");
        assertThat(t("emails pr")).isEqualTo("(mail=*)");
        assertThat(t("userName ge \"b\"")).isEqualTo("(uid>=b)");
        assertThat(t("userName gt \"b\"")).isEqualTo("(&(uid>=b)(!(uid=b)))");
        assertThat(t("userName lt \"b\"")).isEqualTo("(&(uid<=b)(!(uid=b)))");
        assertThat(t("emails.value eq null")).isEqualTo("(!(mail=*))");
    }

    @Test
    void logicAndValuePaths() {
        assertThat(t("userName eq \"a\" and (emails co \"@x\" or not (userName sw \"b\"))"))
                .isEqualTo("(&(uid=a)(|(mail=*@x*)(!(uid=b*))))");
        assertThat(t("emails[value ew \"@example.org\"]")).isEqualTo("(mail=*@example.org)");
        assertThatThrownBy(() -> t("emails[type eq \"work\"]")).isInstanceOf(InvalidFilterException.class).hasMessageContaining("emails.type");
    }

    @Test
    void specialAttributes() {
        assertThat(t("active eq true")).isEqualTo("(!(employeeType=disabled))");
        assertThat(t("active eq false")).isEqualTo("(!(!(employeeType=disabled)))");
        assertThat(t("active ne true")).isEqualTo("(!(!(employeeType=disabled)))");
        assertThat(t("id eq \"0E4A4B0C-1D2E-4F50-8A9B-0C1D2E3F4A5B\"")).isEqualTo("(entryUUID=0e4a4b0c-1d2e-4f50-8a9b-0c1d2e3f4a5b)");
        assertThat(t("id eq \"x)(uid=*\"")).isEqualTo(LdapFilters.FALSE);
        assertThat(t("meta.created ge \"2026-01-31T13:00:00+01:00\"")).isEqualTo("(createTimestamp>=20260131120000Z)");
        assertThat(t("groups.value eq \"11111111-2222-3333-4444-555555555555\"")).isEqualTo("(memberOf=cn=staff,ou=groups,dc=example,dc=org)");
        assertThat(t("groups.value eq \"99999999-2222-3333-4444-555555555555\"")).isEqualTo(LdapFilters.FALSE);
        assertThatThrownBy(() -> t("active co \"t\"")).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> t("meta.created ge \"yesterday\"")).isInstanceOf(InvalidFilterException.class);
    }

    /** RFC 4515 3: * ( ) \ NUL must be escaped; a value can never change the filter's structure. */
    @Test
    void valuesAreEscaped() {
        assertThat(t("userName eq \"*)(uid=*\"")).isEqualTo("(uid=\\2a\\29\\28uid=\\2a)");
        assertThat(t("userName eq \"a\\\\b\"")).isEqualTo("(uid=a\\5cb)");
        assertThat(t("userName co \"*\"")).isEqualTo("(uid=*\\2a*)");
        assertThat(T.translate(Filter.eq(AttributePath.USERNAME, "x\u0000y"))).isEqualTo("(uid=x\\00y)");
        assertThat(t("userName eq \"Jörg\"")).isEqualTo("(uid=Jörg)");
        assertThat(LdapFilters.escape(new byte[] {0, (byte) 0xff, 0x2a})).isEqualTo("\\00\\ff\\2a");
    }

    @Test
    void unknownAttributesAreRefused() {
        assertThatThrownBy(() -> t("password eq \"x\"")).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("'password' cannot be searched");
        assertThatThrownBy(() -> T.sortAttribute(AttributePath.of("active"))).isInstanceOf(InvalidFilterException.class);
        assertThat(T.sortAttribute(AttributePath.of("USERNAME"))).isEqualTo("uid");
    }
}
