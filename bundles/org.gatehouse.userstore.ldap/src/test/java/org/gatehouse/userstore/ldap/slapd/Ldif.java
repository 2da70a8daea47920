package org.gatehouse.userstore.ldap.slapd;

import java.util.List;

/** LDIF for test entries under {@link Slapd#SUFFIX}. */
public final class Ldif {

    private Ldif() {}

    /** An inetOrgPerson under ou=people; {@code extra} are further "attribute: value" lines. */
    public static String person(String uid, String givenName, String sn, String mail, String userPassword, String... extra) {
        StringBuilder b = new StringBuilder("dn: uid=").append(uid).append(",ou=people,").append(Slapd.SUFFIX).append('\n')
                .append("objectClass: inetOrgPerson\nuid: ").append(uid).append('\n')
                .append("cn: ").append(givenName).append(' ').append(sn).append('\n')
                .append("givenName: ").append(givenName).append('\n')
                .append("sn: ").append(sn).append('\n')
                .append("displayName: ").append(givenName).append(' ').append(sn).append('\n');
        if (mail != null) {
            b.append("mail: ").append(mail).append('\n');
        }
        if (userPassword != null) {
            b.append("userPassword: ").append(userPassword).append('\n');
        }
        for (String line : extra) {
            b.append(line).append('\n');
        }
        return b.append('\n').toString();
    }

    /** A groupOfNames under ou=groups with members given by uid. */
    public static String group(String cn, List<String> memberUids) {
        StringBuilder b = new StringBuilder("dn: cn=").append(cn).append(",ou=groups,").append(Slapd.SUFFIX).append('\n')
                .append("objectClass: groupOfNames\ncn: ").append(cn).append('\n');
        for (String uid : memberUids) {
            b.append("member: uid=").append(uid).append(",ou=people,").append(Slapd.SUFFIX).append('\n');
        }
        return b.append('\n').toString();
    }
}
