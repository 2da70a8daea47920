package org.gatehouse.api.userstore;

/** An update or delete named a version that is no longer the stored one. Nothing was changed. */
public class VersionConflictException extends UserStoreException {
    private static final long serialVersionUID = 1L;
    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflictException(String entity, long expectedVersion, long actualVersion) {
        super(entity + " was changed by someone else: expected version " + expectedVersion + ", found " + actualVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
