package org.gatehouse.authenticator.backupcodes.internal;

/**
 * Every i18n key this authenticator puts into prompts and failures; the texts are in
 * {@code gatehouse/messages*.properties}, and a test keeps the two in step.
 */
final class MessageKeys {

    static final String PROMPT_CODE = "backup-codes.prompt.code";
    static final String FIELD_CODE = "backup-codes.field.code";
    static final String ACTION_VERIFY = "backup-codes.action.verify";

    static final String ENROL_PROMPT = "backup-codes.enrol.prompt";
    static final String ENROL_NOT_CONFIRMED = "backup-codes.enrol.not_confirmed";
    static final String FIELD_SAVED = "backup-codes.field.saved";
    static final String ACTION_CONFIRM = "backup-codes.action.confirm";
    static final String ACTION_CANCEL = "backup-codes.action.cancel";
    static final String ENROL_CANCELLED = "backup-codes.enrol.cancelled";

    static final String INVALID_CODE = "backup-codes.error.invalid_code";
    static final String MISSING_CODE = "backup-codes.error.missing_code";
    static final String TRY_LATER = "backup-codes.error.try_later";
    static final String NO_USER = "backup-codes.error.no_user";

    private MessageKeys() {}
}
