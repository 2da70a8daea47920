package org.gatehouse.authenticator.smsotp.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.Notifications;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-time code sent by SMS to the user's phone number, as a second factor.
 *
 * <p>{@link #start} sends the first code only on the first entry into the step. The runtime calls
 * {@code start} again to show the prompt after every retryable failure; sending then would text a
 * new code for each wrong guess and reset the attempt limit. Further codes come only through the
 * {@code resend} action, which is rate limited.
 *
 * <p>Codes and message bodies are never logged.
 */
@Component(service = Authenticator.class, configurationPid = SmsOtpConfiguration.PID)
@Designate(ocd = SmsOtpConfiguration.class)
public final class SmsOtpAuthenticator implements Authenticator {

    public static final String ID = "sms-otp";

    /** RFC 8176: "sms", confirmation using SMS text message to the user at a registered number. */
    public static final String AMR = "sms";

    public static final String CODE = "code";
    public static final String RESEND = "resend";

    private static final Logger LOG = LoggerFactory.getLogger(SmsOtpAuthenticator.class);
    private static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            ID, "One-time code by SMS", AuthenticatorKind.SECOND_FACTOR, Set.of(AMR), Optional.of(SmsOtpConfiguration.PID));

    private final Notifications notifications;
    private final PhoneRecipients recipients;
    private final OtpSettings settings;
    private final OneTimeCodes codes;
    private final Clock clock;

    @Activate
    public SmsOtpAuthenticator(SmsOtpConfiguration config, @Reference UserDirectory directory, @Reference Notifications notifications) {
        this(directory, notifications, OtpSettings.from(config), Clock.systemUTC(), new SecureRandom());
    }

    SmsOtpAuthenticator(UserDirectory directory, Notifications notifications, OtpSettings settings, Clock clock, SecureRandom random) {
        this.notifications = notifications;
        this.recipients = new PhoneRecipients(directory);
        this.settings = settings;
        this.codes = new OneTimeCodes(random);
        this.clock = clock;
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Applicability applicability(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return Applicability.NOT_APPLICABLE;
        }
        try {
            return recipients.numberOf(context.organization(), user.get()).isPresent()
                    ? Applicability.APPLICABLE
                    : Applicability.NOT_APPLICABLE;
        } catch (UserStoreException e) {
            // Fail closed: NOT_APPLICABLE could let a flow skip the second factor while a store is
            // down. The step itself then answers "try later".
            LOG.warn("Could not read the phone number of a user in organization {}: {}", context.organization().handle(), e.getMessage());
            return Applicability.APPLICABLE;
        }
    }

    @Override
    public StepResult start(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            LOG.error("The {} step runs before any step identified the user: fix the login flow", ID);
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        OtpState state = new OtpState(context.state());
        if (state.sends() > 0) {
            return prompt(state, MessageKeys.PROMPT_CODE, Map.of());
        }
        return sendCode(context, user.get(), state, MessageKeys.PROMPT_CODE);
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return StepResult.failure(FailureReason.CONFIGURATION, MessageKeys.NO_USER, false);
        }
        OtpState state = new OtpState(context.state());
        switch (submission.action()) {
            case Action.SUBMIT:
                return verify(user.get(), state, submission.value(CODE).orElse(""));
            case RESEND:
                return resend(context, user.get(), state);
            default:
                return prompt(state, MessageKeys.PROMPT_CODE, Map.of());
        }
    }

    private StepResult verify(UserRef user, OtpState state, String typed) {
        if (typed.isBlank()) {
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.MISSING_CODE, true);
        }
        if (!state.hasCode()) {
            // used, expired, killed by wrong attempts, or never delivered
            return StepResult.failure(FailureReason.EXPIRED, MessageKeys.NO_ACTIVE_CODE, canSendAnother(state));
        }
        if (!clock.instant().isBefore(state.expires())) {
            state.discardCode();
            return StepResult.failure(FailureReason.EXPIRED, MessageKeys.EXPIRED, canSendAnother(state));
        }
        int attempts = state.countAttempt();
        Optional<String> code = CodeInput.parse(typed, settings.codeLength());
        if (code.isPresent() && codes.matches(state.salt(), subject(user), code.get(), state.hash())) {
            state.discardCode();
            return StepResult.success(user, Set.of(AMR));
        }
        if (attempts >= settings.maxAttempts()) {
            state.discardCode();
            return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.TOO_MANY_ATTEMPTS, canSendAnother(state));
        }
        return StepResult.failure(FailureReason.CREDENTIALS, MessageKeys.INVALID_CODE, true);
    }

    private StepResult resend(StepContext context, UserRef user, OtpState state) {
        if (!canSendAnother(state)) {
            return prompt(state, MessageKeys.PROMPT_RESEND_LIMIT, Map.of());
        }
        Instant now = clock.instant();
        Instant allowed = state.lastSent().map(sent -> sent.plus(settings.resendInterval())).orElse(now);
        if (now.isBefore(allowed)) {
            long seconds = Math.max(1, (Duration.between(now, allowed).toMillis() + 999) / 1000);
            return prompt(state, MessageKeys.PROMPT_WAIT, Map.of("retryAfterSeconds", seconds));
        }
        return sendCode(context, user, state, MessageKeys.PROMPT_RESENT);
    }

    private StepResult sendCode(StepContext context, UserRef user, OtpState state, String promptKey) {
        Optional<String> number;
        try {
            number = recipients.numberOf(context.organization(), user);
        } catch (UserStoreException e) {
            LOG.warn("Could not read the phone number of a user in organization {}: {}", context.organization().handle(), e.getMessage());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.TRY_LATER, true);
        }
        if (number.isEmpty()) {
            return StepResult.failure(FailureReason.NOT_ENROLLED, MessageKeys.NO_PHONE, false);
        }
        Instant now = clock.instant();
        String code = codes.generate(settings.codeLength());
        String salt = codes.newSalt();
        // counted before sending: a failing gateway is not hammered faster than the resend limits allow
        state.issue(codes.hash(salt, subject(user), code), salt, now.plus(settings.codeLifetime()), now, PhoneNumbers.mask(number.get()));
        String text = CodeSms.render(context.locale(), code, settings.lifetimeMinutes(), context.application().name(),
                settings.originBoundDomain());
        Notification notification = new Notification(context.organization(), number.get(), "", text, Optional.empty(),
                context.locale(), Map.of("purpose", "login-code", "authenticator", ID));
        DeliveryResult delivery = notifications.send(ChannelType.SMS, notification);
        if (!delivery.accepted()) {
            // nobody received this code, so nobody may use it
            state.discardCode();
            LOG.warn("A login code could not be sent by SMS in organization {} ({}): {}", context.organization().handle(), delivery.status(),
                    delivery.detail());
            return StepResult.failure(FailureReason.UPSTREAM, MessageKeys.DELIVERY_FAILED,
                    delivery.status() == DeliveryResult.Status.FAILED_RETRYABLE);
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
        Field code = new Field(CODE, FieldType.OTP, MessageKeys.FIELD_CODE, true, Map.of(
                "autocomplete", "one-time-code", "inputmode", "numeric", "maxLength", Integer.toString(settings.codeLength())));
        List<Action> actions = List.of(new Action(Action.SUBMIT, MessageKeys.ACTION_SUBMIT), new Action(RESEND, MessageKeys.ACTION_RESEND));
        return StepResult.prompt(new Prompt(messageKey, List.of(code), actions, data));
    }

    private static String subject(UserRef user) {
        return user.domain() + "/" + user.id();
    }
}
