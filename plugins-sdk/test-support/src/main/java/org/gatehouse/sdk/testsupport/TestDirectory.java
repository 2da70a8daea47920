package org.gatehouse.sdk.testsupport;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;

/**
 * A user directory with one store ({@value #DOMAIN}) holding the users a test adds. It answers what
 * an authenticator asks to find a user's profile ({@code UserDirectory.store(domain)}, then {@code
 * UserStore.findUserById}); any other call throws {@link UnsupportedOperationException}, so a test
 * notices when the code under test starts to depend on more. {@link #goDown()} makes the store
 * throw {@link StoreUnavailableException}, as during an outage.
 */
public final class TestDirectory {

    public static final String DOMAIN = "PRIMARY";

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** Adds an active user whose id and username are both {@code id}; @return the reference steps see */
    public UserRef add(String id, UserProfile profile) {
        User user = new User(id, DOMAIN, id, true, profile, 1, Instant.EPOCH, Instant.EPOCH);
        users.put(id, user);
        return user.ref();
    }

    /** From now on the store throws {@link StoreUnavailableException}. */
    public void goDown() {
        down = true;
    }

    public void comeBack() {
        down = false;
    }

    /** @return the directory to hand to the authenticator under test; it sees later additions */
    public UserDirectory directory() {
        UserStore store = proxy(UserStore.class, (method, args) -> {
            if (method.equals("findUserById")) {
                if (down) {
                    throw new StoreUnavailableException("store down", null);
                }
                return Optional.ofNullable(users.get((String) args[1]));
            }
            throw new UnsupportedOperationException(method);
        });
        return proxy(UserDirectory.class, (method, args) -> {
            if (method.equals("store")) {
                return DOMAIN.equals(args[0]) ? Optional.of(store) : Optional.empty();
            }
            throw new UnsupportedOperationException(method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> type.getSimpleName();
                };
            }
            return answer.answer(method.getName(), args);
        }));
    }
}
