package org.gatehouse.protocol.oauth2.internal;

import org.gatehouse.api.userstore.UserRef;

/**
 * The {@code sub} of a user: the id in the primary store as is, and {@code DOMAIN/id} for users of
 * secondary stores, so subjects stay unique and stable across stores.
 */
final class Subjects {
    static final String PRIMARY = "PRIMARY";

    private Subjects() {}

    static String of(UserRef user) {
        return PRIMARY.equals(user.domain()) ? user.id() : user.domain() + "/" + user.id();
    }
}
