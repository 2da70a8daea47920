package org.gatehouse.sample.authenticator.securityquestion;

/**
 * The texts this authenticator uses, in {@code gatehouse/messages*.properties} inside the bundle.
 * Every key starts with the authenticator id: that is how the runtime finds the bundle to read it from.
 */
final class MessageKeys {

    static final String ENROL_PROMPT = "security-question.enrol.prompt";
    static final String FIELD_QUESTION = "security-question.field.question";
    static final String FIELD_ANSWER = "security-question.field.answer";
    static final String ACTION_SAVE = "security-question.action.save";
    static final String PROMPT_ANSWER = "security-question.prompt.answer";
    static final String ACTION_VERIFY = "security-question.action.verify";
    static final String WRONG = "security-question.error.wrong";
    static final String MISSING_ANSWER = "security-question.error.missing_answer";
    static final String UNKNOWN_QUESTION = "security-question.error.unknown_question";
    static final String SHORT_ANSWER = "security-question.error.short_answer";
    static final String TRY_LATER = "security-question.error.try_later";
    static final String NO_USER = "security-question.error.no_user";
    static final String NOT_ENROLLED = "security-question.error.not_enrolled";

    /** The prefix of the question texts: {@code security-question.question.<id>}. */
    static final String QUESTION_PREFIX = "security-question.question.";

    private MessageKeys() {}

    static String question(String id) {
        return QUESTION_PREFIX + id;
    }
}
