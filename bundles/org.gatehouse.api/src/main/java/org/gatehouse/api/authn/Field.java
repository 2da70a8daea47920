package org.gatehouse.api.authn;

import java.util.Map;
import java.util.Objects;

/**
 * One input of a prompt.
 *
 * @param name the name under which the answer arrives in the {@link Submission}
 * @param type how it is rendered and validated
 * @param labelKey the label, an i18n key
 * @param required whether the user must fill it
 * @param hints rendering hints, e.g. {@code autocomplete=one-time-code}, {@code maxLength=6},
 *     {@code choices=a,b,c}
 */
public record Field(String name, FieldType type, String labelKey, boolean required, Map<String, String> hints) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(labelKey, "labelKey");
        hints = Map.copyOf(hints);
    }

    public Field(String name, FieldType type, String labelKey, boolean required) {
        this(name, type, labelKey, required, Map.of());
    }
}
