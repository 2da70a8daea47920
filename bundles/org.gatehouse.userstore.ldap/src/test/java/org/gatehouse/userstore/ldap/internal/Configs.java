package org.gatehouse.userstore.ldap.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Configurations as Declarative Services builds them: the given values, the annotation's defaults for the rest. */
final class Configs {

    private Configs() {}

    /** @param values by method name, e.g. "url", "_bindPassword" */
    static LdapUserStoreConfiguration ldap(Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (LdapUserStoreConfiguration) Proxy.newProxyInstance(Configs.class.getClassLoader(), new Class<?>[] {LdapUserStoreConfiguration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return LdapUserStoreConfiguration.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "toString" -> "config" + v;
                            case "hashCode" -> v.hashCode();
                            default -> proxy == args[0];
                        };
                    }
                    return v.containsKey(method.getName()) ? v.get(method.getName()) : defaultOf(method);
                });
    }

    private static Object defaultOf(Method m) {
        Object d = m.getDefaultValue();
        if (d == null) {
            return m.getReturnType() == String.class ? null : m.getReturnType() == int.class ? 0 : m.getReturnType() == boolean.class ? false : null;
        }
        return d;
    }
}
