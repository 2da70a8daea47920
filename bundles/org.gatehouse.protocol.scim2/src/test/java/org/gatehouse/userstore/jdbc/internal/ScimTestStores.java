package org.gatehouse.userstore.jdbc.internal;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.Database;

/** Real JDBC user stores for the SCIM tests (the store's constructor is package-private). */
public final class ScimTestStores {
    private ScimTestStores() {}

    public static WritableUserStore create(String domain, Database database, PasswordHasher hasher) {
        return create(domain, database, hasher, EnumSet.allOf(StoreCapability.class));
    }

    public static WritableUserStore create(String domain, Database database, PasswordHasher hasher, Set<StoreCapability> capabilities) {
        return new JdbcUserStore(new UserStoreDescriptor(domain, domain, capabilities), database, hasher, Clock.systemUTC());
    }
}
