package org.gatehouse.api.authn;

import java.util.Objects;

/**
 * A button on a prompt.
 *
 * @param name the value that arrives as {@link Submission#action()}
 * @param labelKey the button label, an i18n key
 */
public record Action(String name, String labelKey) {

    /** The conventional name of the action that submits the prompt. */
    public static final String SUBMIT = "submit";

    public Action {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labelKey, "labelKey");
    }
}
