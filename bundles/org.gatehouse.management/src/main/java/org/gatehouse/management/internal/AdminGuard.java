package org.gatehouse.management.internal;

import java.util.Optional;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserStore;

/**
 * Keeps the management API from locking everyone out of itself: the administrators' group cannot be
 * deleted or renamed, and its last active member cannot be removed, deleted or disabled.
 */
final class AdminGuard {
    private AdminGuard() {}

    private static final int SCAN = 100;

    static boolean isAdminGroup(Directory directory, UserStore store, Group group) {
        return group.name().equalsIgnoreCase(ManagementApi.ADMIN_GROUP) && directory.isPrimary(store);
    }

    static void checkGroupChange(Directory directory, UserStore store, Group group, String newName) {
        if (isAdminGroup(directory, store, group) && (newName == null || !newName.equalsIgnoreCase(ManagementApi.ADMIN_GROUP))) {
            throw new ApiException(ProblemType.UNSUPPORTED_OPERATION, 409,
                    "The group " + ManagementApi.ADMIN_GROUP + " grants access to the management API; it cannot be deleted or renamed");
        }
    }

    /** @param action what would happen to the user, for the message ("deleted", "disabled", "removed from the group") */
    static void checkNotLastAdmin(Directory directory, UserStore store, String userId, String action) {
        if (!store.descriptor().can(StoreCapability.GROUPS) || !directory.isPrimary(store)) {
            return;
        }
        Optional<Group> admins = store.findGroupByName(Directory.ORG, ManagementApi.ADMIN_GROUP);
        if (admins.isEmpty()) {
            return;
        }
        Page<User> members = store.membersOf(Directory.ORG, admins.get().id(), 0, SCAN);
        boolean member = false;
        boolean otherActive = false;
        for (User u : members.items()) {
            if (u.id().equals(userId)) {
                member = true;
            } else if (u.active()) {
                otherActive = true;
            }
        }
        boolean truncated = members.items().size() >= SCAN;
        if (member && !otherActive && !truncated) {
            throw new ApiException(ProblemType.UNSUPPORTED_OPERATION, 409,
                    "This user is the last active member of " + ManagementApi.ADMIN_GROUP
                            + " and cannot be " + action + "; make another user an administrator first");
        }
    }
}
