package org.gatehouse.api.claim;

import java.util.Map;
import org.gatehouse.api.userstore.AttributePath;

/**
 * OpenID Connect standard claim names and the user attributes they come from unless an
 * organization maps them otherwise.
 */
public final class StandardClaims {
    public static final String SUB = "sub";
    public static final String NAME = "name";
    public static final String GIVEN_NAME = "given_name";
    public static final String FAMILY_NAME = "family_name";
    public static final String PREFERRED_USERNAME = "preferred_username";
    public static final String EMAIL = "email";
    public static final String EMAIL_VERIFIED = "email_verified";
    public static final String PHONE_NUMBER = "phone_number";
    public static final String LOCALE = "locale";
    public static final String GROUPS = "groups";

    /** The default claim to attribute mapping. */
    public static final Map<String, AttributePath> DEFAULT_MAPPING = Map.of(
            NAME, AttributePath.DISPLAY_NAME,
            GIVEN_NAME, AttributePath.GIVEN_NAME,
            FAMILY_NAME, AttributePath.FAMILY_NAME,
            PREFERRED_USERNAME, AttributePath.USERNAME,
            EMAIL, AttributePath.EMAIL,
            PHONE_NUMBER, AttributePath.PHONE_NUMBER,
            LOCALE, AttributePath.LOCALE);

    private StandardClaims() {}
}
