package org.gatehouse.management.internal;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into the core's stores (login flows, account locks, credentials). Their documented failure
 * when the database cannot be reached is a plain {@link IllegalStateException}: that is a 503 to
 * retry, not an unexpected 500. Subclasses carry a meaning of their own (a version conflict) and
 * pass through to the caller.
 */
final class CoreCalls {
    private CoreCalls() {}

    private static final Logger LOG = LoggerFactory.getLogger(CoreCalls.class);

    /** @param what the store, for the answer and the log: "The login flow store" */
    static <T> T call(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            if (e.getClass() != IllegalStateException.class) {
                throw e;
            }
            // the cause names database internals: logged for the operator, never sent to the client
            LOG.warn("{} failed; answered 503", what, e);
            throw ApiException.unavailable(what + " is unavailable; retry shortly");
        }
    }

    static void run(Runnable call, String what) {
        call(() -> {
            call.run();
            return null;
        }, what);
    }
}
