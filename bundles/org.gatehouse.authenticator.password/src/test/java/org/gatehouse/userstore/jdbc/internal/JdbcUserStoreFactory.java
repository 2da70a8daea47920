package org.gatehouse.userstore.jdbc.internal;

import java.time.Clock;
import java.util.EnumSet;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.Database;

/** Builds real JDBC stores for tests outside OSGi (the constructor is package-private). */
public final class JdbcUserStoreFactory {
    private JdbcUserStoreFactory() {}

    public static WritableUserStore create(String domain, Database database, PasswordHasher hasher) {
        return new JdbcUserStore(new UserStoreDescriptor(domain, domain, EnumSet.allOf(StoreCapability.class)), database, hasher, Clock.systemUTC());
    }
}
