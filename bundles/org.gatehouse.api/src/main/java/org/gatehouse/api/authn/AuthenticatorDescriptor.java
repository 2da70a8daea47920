package org.gatehouse.api.authn;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an authenticator is.
 *
 * @param id unique, stable identifier used in flow definitions: lower-case letters, digits and
 *     {@code -}, e.g. {@code password}, {@code totp}, {@code acme-security-question}
 * @param displayName the name shown in consoles and on option pickers
 * @param kind where the authenticator may stand in a flow
 * @param amr the Authentication Method Reference values (RFC 8176) it produces, e.g. {@code pwd}, {@code otp}
 * @param configurationPid the PID of its typed configuration (metatype), if it has one
 */
public record AuthenticatorDescriptor(
        String id, String displayName, AuthenticatorKind kind, Set<String> amr, Optional<String> configurationPid) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public AuthenticatorDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("An authenticator id is 1-64 lower-case letters, digits or '-': " + id);
        }
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
        amr = Set.copyOf(amr);
        configurationPid = configurationPid == null ? Optional.empty() : configurationPid;
    }

    public AuthenticatorDescriptor(String id, String displayName, AuthenticatorKind kind, Set<String> amr) {
        this(id, displayName, kind, amr, Optional.empty());
    }
}
