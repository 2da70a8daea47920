package org.gatehouse.userstore.table.internal;

/** The user attributes a table's columns can be mapped to, with the property that maps each. */
enum UserField {
    ID("column.id"),
    USERNAME("column.username"),
    PASSWORD("column.password"),
    SALT("column.salt"),
    EMAIL("column.email"),
    EMAIL_VERIFIED("column.emailVerified"),
    GIVEN_NAME("column.givenName"),
    FAMILY_NAME("column.familyName"),
    DISPLAY_NAME("column.displayName"),
    PHONE_NUMBER("column.phoneNumber"),
    ACTIVE("column.active"),
    CREATED("column.created"),
    MODIFIED("column.modified"),
    VERSION("column.version");

    final String property;

    UserField(String property) {
        this.property = property;
    }
}
