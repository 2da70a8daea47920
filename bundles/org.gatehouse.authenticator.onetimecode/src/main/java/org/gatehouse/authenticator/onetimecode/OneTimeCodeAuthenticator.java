package org.gatehouse.authenticator.onetimecode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.Notifications;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStoreException;
import org.gatehouse.authenticator.onetimecode.internal.CodeInput;
import org.gatehouse.authenticator.onetimecode.internal.OneTimeCodes;
import org.gatehouse.authenticator.onetimecode.internal.OtpState;
import org.gatehouse.authenticator.onetimecode.internal.StepMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete second factor: a one-time code sent through a notification channel, which the user
 * types in. The channel-specific part is a {@link CodeDelivery}; a plugin registers its own
 * {@link Authenticator} component and delegates every call to an instance of this class.
 *
 * <p>{@link #start} sends the first code only on the first entry into the step. The runtime may
 * call {@code start} again to show the prompt; sending then would deliver a new code for each
 * wrong guess and reset the attempt limit. Further codes come only through the {@value #RESEND}
 * action, which is rate limited.
 *
 * <p>The prompt has one {@link FieldType#OTP} field {@value #CODE} and the actions {@code submit}
 * and {@value #RESEND}; its data holds {@code destination} (the masked recipient), {@code
 * codeLength}, {@code resendsLeft} and, when the user must wait, {@code retryAfterSeconds}.
 *
 * <p>Stateless and thread-safe: per-login state lives in {@link StepContext#state()}. Codes and
 * message bodies are never logged.
 */
public final class OneTimeCodeAuthenticator implements Authenticator {

    /** The name of the prompt's code field. */
    public static final String CODE = "code";

    /** The name of the action that asks for another code. */
    public static final String RESEND = "resend";

    private static final Logger LOG = LoggerFactory.getLogger(OneTimeCodeAuthenticator.class);

    private final AuthenticatorDescriptor descriptor;
    private final CodeDelivery delivery;
    private final OneTimeCodeSettings settings;
    private final Notifications notifications;
    private final Clock clock;
    private final OneTimeCodes codes;
    private final StepMessages messages;

    /**
     * @param descriptor what the plugin's authenticator is: its id is the prefix of every message
     *        key, its amr what a passed step reports; it must be a {@link AuthenticatorKind#SECOND_FACTOR}
     * @param delivery the channel-specific part
     * @param settings the limits
     * @param notifications the runtime's notification service
     */
    public OneTimeCodeAuthenticator(AuthenticatorDescriptor descriptor, CodeDelivery delivery, OneTimeCodeSettings settings,
            Notifications notifications) {
        this(descriptor, delivery, settings, notifications, Clock.systemUTC(), new SecureRandom());
    }

    /** As {@link #OneTimeCodeAuthenticator(AuthenticatorDescriptor, CodeDelivery, OneTimeCodeSettings, Notifications)}, with the time and randomness for tests. */
    public OneTimeCodeAuthenticator(AuthenticatorDescriptor descriptor, CodeDelivery delivery, OneTimeCodeSettings settings,
            Notifications notifications, Clock clock, SecureRandom random) {
        if (descriptor.kind() != AuthenticatorKind.SECOND_FACTOR) {
            // it needs a user identified by an earlier step to know where to send the code
            throw new IllegalArgumentException("A one-time-code authenticator is a second factor, not " + descriptor.kind());
        }
        this.descriptor = descriptor;
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codes = new OneTimeCodes(Objects.requireNonNull(random, "random"));
        this.messages = StepMessages.of(descriptor.id());
    }

    /**
     * @return every message key this class uses for an authenticator with the id {@code
     *         authenticatorId} ({@code <id>.prompt.code}, {@code <id>.error.expired}, ...): the
     *         plugin's {@code messages*.properties} must hold them all, besides its delivery's own keys
     */
    public static Set<String> messageKeys(String authenticatorId) {
        return StepMessages.of(authenticatorId).all();
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Applicability applicability(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return Applicability.NOT_APPLICABLE;
        }
        try {
            return delivery.recipientOf(context.organization(), user.get()).isPresent()
                    ? Applicability.APPLICABLE
                    : Applicability.NOT_APPLICABLE;
        } catch (UserStoreException e) {
            // Fail closed: NOT_APPLICABLE could let a flow skip the second factor while a store is
            // down. The step itself then answers "try later".
            LOG.warn("{}: could not read the recipient of a user in organization {}: {}", descriptor.id(), context.organization().handle(),
                    e.getMessage());
            return Applicability.APPLICABLE;
        }
    }

    @Override
    public StepResult start(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            LOG.error("The {} step runs before any step identified the user: fix the login flow", descriptor.id());
            return StepResult.failure(FailureReason.CONFIGURATION, messages.noUser(), false);
        }
        OtpState state = new OtpState(context.state());
        if (state.sends() > 0) {
            return prompt(state, messages.promptCode(), Map.of());
        }
        return sendCode(context, user.get(), state, messages.promptCode());
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, messages.noUser(), false);
        }
        OtpState state = new OtpState(context.state());
        switch (submission.action()) {
            case Action.SUBMIT:
                return verify(user.get(), state, submission.value(CODE).orElse(""));
            case RESEND:
                return resend(context, user.get(), state);
            default:
                return prompt(state, messages.promptCode(), Map.of());
        }
    }

    private StepResult verify(UserRef user, OtpState state, String typed) {
        if (typed.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, messages.missingCode(), true);
        }
        if (!state.hasCode()) {
            // used, expired, killed by wrong attempts, or never delivered
            return StepResult.failure(FailureReason.EXPIRED, messages.noActiveCode(), canSendAnother(state));
        }
        if (!clock.instant().isBefore(state.expires())) {
            state.discardCode();
            return StepResult.failure(FailureReason.EXPIRED, messages.expired(), canSendAnother(state));
        }
        int attempts = state.countAttempt();
        Optional<String> code = CodeInput.parse(typed, settings.codeLength());
        if (code.isPresent() && codes.matches(state.salt(), subject(user), code.get(), state.hash())) {
            state.discardCode();
            return StepResult.success(user, descriptor.amr());
        }
        if (attempts >= settings.maxAttempts()) {
            state.discardCode();
            return StepResult.failure(FailureReason.CREDENTIALS, messages.tooManyAttempts(), canSendAnother(state));
        }
        return StepResult.failure(FailureReason.CREDENTIALS, messages.invalidCode(), true);
    }

    private StepResult resend(StepContext context, UserRef user, OtpState state) {
        if (!canSendAnother(state)) {
            return prompt(state, messages.promptResendLimit(), Map.of());
        }
        Instant now = clock.instant();
        Instant allowed = state.lastSent().map(sent -> sent.plus(settings.resendInterval())).orElse(now);
        if (now.isBefore(allowed)) {
            long seconds = Math.max(1, (Duration.between(now, allowed).toMillis() + 999) / 1000);
            return prompt(state, messages.promptWait(), Map.of("retryAfterSeconds", seconds));
        }
        return sendCode(context, user, state, messages.promptResent());
    }

    private StepResult sendCode(StepContext context, UserRef user, OtpState state, String promptKey) {
        Optional<String> recipient;
        try {
            recipient = delivery.recipientOf(context.organization(), user);
        } catch (UserStoreException e) {
            LOG.warn("{}: could not read the recipient of a user in organization {}: {}", descriptor.id(), context.organization().handle(),
                    e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, messages.tryLater(), true);
        }
        if (recipient.isEmpty()) {
            return StepResult.failure(FailureReason.NOT_ENROLLED, delivery.noRecipientMessageKey(), false);
        }
        Instant now = clock.instant();
        String code = codes.generate(settings.codeLength());
        String salt = codes.newSalt();
        // counted before sending: a failing gateway is not hammered faster than the resend limits allow
        state.issue(codes.hash(salt, subject(user), code), salt, now.plus(settings.codeLifetime()), now, delivery.mask(recipient.get()));
        CodeMessage message = delivery.render(new CodeToSend(code, settings.lifetimeMinutes(), context.locale(), context.application().name()));
        Notification notification = new Notification(context.organization(), recipient.get(), message.subject(), message.text(),
                message.html(), context.locale(), Map.of("purpose", "login-code", "authenticator", descriptor.id()));
        DeliveryResult delivered = notifications.send(delivery.channel(), notification);
        if (!delivered.accepted()) {
            // nobody received this code, so nobody may use it
            state.discardCode();
            LOG.warn("{}: a login code could not be sent by {} in organization {} ({}): {}", descriptor.id(), delivery.channel(),
                    context.organization().handle(), delivered.status(), delivered.detail());
            return StepResult.failure(FailureReason.UPSTREAM, messages.deliveryFailed(),
                    delivered.status() == DeliveryResult.Status.FAILED_RETRYABLE);
        }
        return prompt(state, promptKey, Map.of());
    }

    private boolean canSendAnother(OtpState state) {
        return state.sends() < settings.maxSends();
    }

    private StepResult prompt(OtpState state, String messageKey, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>(extra);
        state.maskedDestination().ifPresent(masked -> data.put("destination", masked));
        data.put("codeLength", settings.codeLength());
        data.put("resendsLeft", Math.max(0, settings.maxSends() - state.sends()));
        Field code = new Field(CODE, FieldType.OTP, messages.fieldCode(), true, Map.of(
                "autocomplete", "one-time-code", "inputmode", "numeric", "maxLength", Integer.toString(settings.codeLength())));
        List<Action> actions = List.of(new Action(Action.SUBMIT, messages.actionSubmit()), new Action(RESEND, messages.actionResend()));
        return StepResult.prompt(new Prompt(messageKey, List.of(code), actions, data));
    }

    /** Binds a code's hash to the user, so a state copied into another user's login does not verify. */
    private static String subject(UserRef user) {
        return user.domain() + "/" + user.id();
    }
}
