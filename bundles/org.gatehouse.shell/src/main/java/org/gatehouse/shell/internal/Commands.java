package org.gatehouse.shell.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.CommandException;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.plugin.PluginType;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;

/** What the gatehouse commands share. */
final class Commands {
    private Commands() {}

    /** Until the commands take an organization, they work on the root organization. */
    static final OrganizationRef ORG = OrganizationRef.root();

    static UserDirectory require(UserDirectory directory) throws CommandException {
        if (directory == null) {
            throw new CommandException("The Gatehouse user directory is not available; is the gatehouse-core feature started?");
        }
        return directory;
    }

    /** @param domain a store domain, any case; null for the primary store */
    static UserStore store(UserDirectory directory, String domain) throws CommandException {
        if (domain == null || domain.isBlank()) {
            return directory.primary();
        }
        String normalized = domain.trim().toUpperCase(Locale.ROOT);
        return directory.store(normalized).orElseThrow(() -> new CommandException(
                "There is no user store with domain " + normalized + "; known domains: "
                        + directory.stores().stream().map(s -> s.descriptor().domain()).collect(Collectors.joining(", "))));
    }

    /** Accepts {@code USER_STORE}, {@code user_store} and {@code user-store}. */
    static PluginType pluginType(String type) throws CommandException {
        try {
            return PluginType.valueOf(type.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CommandException("Unknown plugin type '" + type + "'; use one of "
                    + Arrays.stream(PluginType.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
