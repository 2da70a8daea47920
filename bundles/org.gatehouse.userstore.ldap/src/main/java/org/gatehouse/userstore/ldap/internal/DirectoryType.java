package org.gatehouse.userstore.ldap.internal;

import java.util.List;
import java.util.Map;

/**
 * The kind of directory: decides the defaults of the mapping and switches on the Active Directory
 * specifics (objectGUID ids, userAccountControl, unicodePwd, uSNChanged versions).
 */
public enum DirectoryType {
    /** OpenLDAP and other RFC 4512 directories with inetOrgPerson entries. */
    OPENLDAP("inetOrgPerson", List.of("inetOrgPerson", "organizationalPerson", "person", "top"), "uid", "uid", "entryUUID", "groupOfNames",
            Map.of("name.givenName", "givenName", "name.familyName", "sn", "displayName", "displayName", "emails.value", "mail",
                    "phoneNumbers.value", "telephoneNumber", "locale", "preferredLanguage")),
    /** Microsoft Active Directory (and AD LDS). */
    ACTIVE_DIRECTORY("user", List.of("top", "person", "organizationalPerson", "user"), "sAMAccountName", "cn", "objectGUID", "group",
            Map.of("name.givenName", "givenName", "name.familyName", "sn", "displayName", "displayName", "emails.value", "mail",
                    "phoneNumbers.value", "telephoneNumber", "locale", "preferredLanguage"));

    final String userObjectClass;
    final List<String> newUserObjectClasses;
    final String usernameAttribute;
    final String userRdnAttribute;
    final String idAttribute;
    final String groupObjectClass;
    final Map<String, String> mapping;

    DirectoryType(String userObjectClass, List<String> newUserObjectClasses, String usernameAttribute, String userRdnAttribute,
            String idAttribute, String groupObjectClass, Map<String, String> mapping) {
        this.userObjectClass = userObjectClass;
        this.newUserObjectClasses = newUserObjectClasses;
        this.usernameAttribute = usernameAttribute;
        this.userRdnAttribute = userRdnAttribute;
        this.idAttribute = idAttribute;
        this.groupObjectClass = groupObjectClass;
        this.mapping = mapping;
    }

    boolean isActiveDirectory() {
        return this == ACTIVE_DIRECTORY;
    }
}
