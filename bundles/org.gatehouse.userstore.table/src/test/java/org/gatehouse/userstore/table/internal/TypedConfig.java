package org.gatehouse.userstore.table.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds an instance of a configuration annotation the way Declarative Services does: given values
 * by method name, the declared defaults for the rest.
 */
final class TypedConfig {

    private TypedConfig() {}

    static <A> A of(Class<A> type, Map<String, ?> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values.keySet();
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
            }
        });
        return type.cast(proxy);
    }
}
