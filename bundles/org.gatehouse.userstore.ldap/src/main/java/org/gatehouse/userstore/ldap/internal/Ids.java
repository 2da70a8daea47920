package org.gatehouse.userstore.ldap.internal;

import java.util.regex.Pattern;

/** Entry ids as they travel through the API: UUIDs in their canonical string form. */
final class Ids {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

    /** Both entryUUID and objectGUID are UUIDs; anything else cannot name an entry and never reaches a filter. */
    static boolean isUuid(String id) {
        return id != null && UUID.matcher(id).matches();
    }
}
