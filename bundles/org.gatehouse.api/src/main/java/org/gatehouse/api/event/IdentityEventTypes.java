package org.gatehouse.api.event;

/** The event types the runtime publishes. Plugins may publish their own, named {@code vendor.thing}. */
public final class IdentityEventTypes {
    public static final String USER_CREATED = "user.created";
    public static final String USER_UPDATED = "user.updated";
    public static final String USER_DELETED = "user.deleted";
    public static final String PASSWORD_CHANGED = "user.password.changed";
    public static final String GROUP_CREATED = "group.created";
    public static final String GROUP_UPDATED = "group.updated";
    public static final String GROUP_DELETED = "group.deleted";
    public static final String GROUP_MEMBER_ADDED = "group.member.added";
    public static final String GROUP_MEMBER_REMOVED = "group.member.removed";
    public static final String LOGIN_SUCCEEDED = "login.succeeded";
    public static final String LOGIN_FAILED = "login.failed";
    /** Too many failed attempts locked an account name (attributes: {@code lockedUntil}). */
    public static final String ACCOUNT_LOCKED = "account.locked";
    /** An administrator lifted a lock before it ran out. */
    public static final String ACCOUNT_UNLOCKED = "account.unlocked";
    /** A user set up a factor (attributes: {@code credentialType}). */
    public static final String CREDENTIAL_ADDED = "credential.added";
    /** A factor was removed (attributes: {@code credentialType}). */
    public static final String CREDENTIAL_REMOVED = "credential.removed";

    private IdentityEventTypes() {}
}
