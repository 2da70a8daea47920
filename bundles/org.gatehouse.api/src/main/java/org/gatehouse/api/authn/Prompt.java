package org.gatehouse.api.authn;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to ask the user: a heading message, typed fields and actions, plus data for rich fields
 * (for example WebAuthn options for {@link FieldType#WEBAUTHN_GET}).
 *
 * @param messageKey the heading or instruction, an i18n key
 * @param fields the inputs, in display order
 * @param actions the buttons; the first is the default
 * @param data JSON-compatible values (strings, numbers, booleans, lists, maps) for rich fields
 */
public record Prompt(String messageKey, List<Field> fields, List<Action> actions, Map<String, Object> data) {
    public Prompt {
        Objects.requireNonNull(messageKey, "messageKey");
        fields = List.copyOf(fields);
        actions = List.copyOf(actions);
        data = Map.copyOf(data);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("A prompt needs at least one action");
        }
    }

    public Prompt(String messageKey, List<Field> fields, List<Action> actions) {
        this(messageKey, fields, actions, Map.of());
    }
}
