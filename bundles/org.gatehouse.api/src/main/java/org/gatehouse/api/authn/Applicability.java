package org.gatehouse.api.authn;

/** Whether a step can run for the current user. */
public enum Applicability {
    /** The step can run. */
    APPLICABLE,
    /** The user must first enrol (register a device, set up a code generator). */
    NEEDS_ENROLMENT,
    /** The step cannot run for this user; a flow may skip it or offer another option. */
    NOT_APPLICABLE
}
