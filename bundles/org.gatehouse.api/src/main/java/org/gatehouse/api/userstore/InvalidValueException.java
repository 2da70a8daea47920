package org.gatehouse.api.userstore;

/** A value is malformed or out of range (a username with spaces, an email without {@code @}). */
public class InvalidValueException extends UserStoreException {
    private static final long serialVersionUID = 1L;
    private final String attribute;

    public InvalidValueException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    /** @return the offending attribute, e.g. {@code emails.value} */
    public String attribute() {
        return attribute;
    }
}
