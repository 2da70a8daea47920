package org.gatehouse.authenticator.passkey.internal;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.Enrolment;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.StepState;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.User;
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
 * Passkeys (FIDO2/WebAuthn): passwordless login with a discoverable credential, a second factor for
 * a user an earlier step identified, and enrolment of new passkeys. Verification is webauthn4j's.
 *
 * <h2>Prompt data: what the page hands to the browser</h2>
 *
 * Every prompt has one field named {@value #CREDENTIAL}, of type {@link FieldType#WEBAUTHN_CREATE}
 * or {@link FieldType#WEBAUTHN_GET}, and the options under the same name in {@link Prompt#data()}.
 * The options are WebAuthn Level 3's {@code PublicKeyCredentialCreationOptionsJSON} and
 * {@code PublicKeyCredentialRequestOptionsJSON}: the dictionaries {@code navigator.credentials}
 * takes, with every binary member a base64url string (no padding). A page either passes them
 * through {@code PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON},
 * or decodes exactly the members marked {@code b64u} below to {@code ArrayBuffer}s itself:
 *
 * <pre>
 * WEBAUTHN_CREATE (enrolment)
 * {
 *   "rp": {"name": "Gatehouse", "id": "example.com"},
 *   "user": {"id": b64u, "name": "alice", "displayName": "alice"},
 *   "challenge": b64u,
 *   "pubKeyCredParams": [{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -8},
 *                        {"type": "public-key", "alg": -257}],
 *   "timeout": 300000,
 *   "excludeCredentials": [{"type": "public-key", "id": b64u, "transports": ["internal", "hybrid"]}],
 *   "authenticatorSelection": {"residentKey": "required", "requireResidentKey": true, "userVerification": "required"},
 *   "attestation": "none"
 * }
 *
 * WEBAUTHN_GET (login)
 * {
 *   "challenge": b64u,
 *   "timeout": 300000,
 *   "rpId": "example.com",
 *   "allowCredentials": [{"type": "public-key", "id": b64u, "transports": ["usb"]}],
 *   "userVerification": "required"
 * }
 * </pre>
 *
 * {@code allowCredentials} is empty for passwordless login (any discoverable passkey of the relying
 * party) and lists the user's passkeys for a second factor; {@code transports} is left out when
 * unknown. Numbers are JSON numbers, everything else strings, lists and objects.
 *
 * <p>The answer is submitted with action {@value Action#SUBMIT}, the field {@value #CREDENTIAL}
 * holding {@code JSON.stringify(credential.toJSON())} of the {@code PublicKeyCredential} the browser
 * returned (binary members base64url: {@code id}, {@code rawId}, {@code response.clientDataJSON},
 * {@code response.attestationObject} or {@code response.authenticatorData},
 * {@code response.signature}, {@code response.userHandle}; plus {@code response.transports},
 * {@code type}, {@code clientExtensionResults}). Enrolment also takes an optional text field
 * {@value #LABEL}. Action {@value #CANCEL}, or an empty {@value #CREDENTIAL} (the user dismissed the
 * browser dialog), cancels.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>A challenge is 32 random bytes, kept in the step state with the relying party id the
 *       options named and the time; every submission consumes it, {@link #start} issues a new one.
 *   <li>Every wrong answer (origin, challenge, relying party, signature, unknown credential, user
 *       handle of someone else, counter that did not move on) gets the same
 *       {@code failure(CREDENTIALS, passkey.error.failed, retryable)}; the reason goes to the log.
 *   <li>Sign counter: if either the stored or the presented counter is non-zero, the presented one
 *       must be greater (WebAuthn §7.2 step 21), else the authenticator may be cloned. The new value
 *       is written with {@link Credentials#update}'s compare-and-set, so of two logins racing with
 *       one assertion only one passes.
 *   <li>AMR: {@code hwk}, plus {@code user} when the authenticator verified the user (UV flag).
 * </ul>
 */
@Component(service = {Authenticator.class, Enrolment.class}, configurationPid = PasskeyAuthenticator.PID)
@Designate(ocd = PasskeyConfiguration.class)
public final class PasskeyAuthenticator implements Authenticator, Enrolment {

    public static final String ID = "passkey";
    public static final String PID = "org.gatehouse.authenticator.passkey";
    /** The {@link Credential#type()} of passkeys. */
    public static final String TYPE = ID;
    public static final String AMR_HARDWARE_KEY = "hwk";
    public static final String AMR_USER = "user";

    public static final String CREDENTIAL = "credential";
    public static final String LABEL = "label";
    public static final String CANCEL = "cancel";

    public static final String PROMPT_LOGIN = "passkey.prompt.login";
    public static final String PROMPT_VERIFY = "passkey.prompt.verify";
    public static final String PROMPT_CREATE = "passkey.prompt.create";
    public static final String ERROR_FAILED = "passkey.error.failed";
    public static final String ERROR_EXPIRED = "passkey.error.expired";
    public static final String ERROR_CANCELLED = "passkey.error.cancelled";
    public static final String ERROR_NOT_ENROLLED = "passkey.error.not_enrolled";
    public static final String ERROR_ALREADY_REGISTERED = "passkey.error.already_registered";
    public static final String ERROR_TRY_LATER = "passkey.error.try_later";

    static final String UV_AUTOMATIC = "automatic";

    static final String STATE_CEREMONY = "passkey.ceremony";
    static final String STATE_CHALLENGE = "passkey.challenge";
    static final String STATE_RP_ID = "passkey.rpId";
    static final String STATE_ISSUED_AT = "passkey.issuedAt";
    static final String STATE_USER_HANDLE = "passkey.userHandle";
    private static final String GET = "get";
    private static final String CREATE = "create";

    static final int CHALLENGE_BYTES = 32;
    static final int USER_HANDLE_BYTES = 32;
    /** Responses of real authenticators are a few kilobytes; attestation certificate chains included. */
    static final int MAX_RESPONSE_CHARS = 64 * 1024;
    /** WebAuthn §5.8.3: credential ids are at most 1023 bytes. */
    static final int MAX_CREDENTIAL_ID_BYTES = 1023;
    static final int MAX_LABEL = 64;
    static final String DEFAULT_LABEL = "Passkey";
    /** Slack after the browser's own timeout, for the round trip to the server. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    /** ES256 (most authenticators), EdDSA, RS256 (Windows Hello): the algorithms WebAuthn L3 recommends. */
    private static final List<COSEAlgorithmIdentifier> ALGORITHMS =
            List.of(COSEAlgorithmIdentifier.ES256, COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);
    private static final List<PublicKeyCredentialParameters> KEY_PARAMETERS =
            ALGORITHMS.stream().map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, a)).toList();

    private static final Logger LOG = LoggerFactory.getLogger(PasskeyAuthenticator.class);
    private static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            ID, "Passkey", AuthenticatorKind.PASSWORDLESS, Set.of(AMR_HARDWARE_KEY, AMR_USER), Optional.of(PID));

    private final Credentials credentials;
    private final UserDirectory directory;
    private final ServerInfo server;
    private final PasskeySettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter attestedConverter;

    @Activate
    public PasskeyAuthenticator(@Reference Credentials credentials, @Reference UserDirectory directory, @Reference ServerInfo server,
            PasskeyConfiguration configuration) {
        this(credentials, directory, server, PasskeySettings.of(configuration), Clock.systemUTC(), new SecureRandom());
    }

    PasskeyAuthenticator(Credentials credentials, UserDirectory directory, ServerInfo server, PasskeySettings settings, Clock clock,
            SecureRandom random) {
        this.credentials = credentials;
        this.directory = directory;
        this.server = server;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        ObjectConverter converter = new ObjectConverter();
        // Non-strict: every attestation format's signature is checked, no trust anchors are required
        // (attestation "none" is the default; "direct" only records the format and AAGUID).
        this.webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.attestedConverter = new AttestedCredentialDataConverter(converter);
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Applicability applicability(StepContext context) {
        if (context.user().isEmpty()) {
            return Applicability.APPLICABLE;
        }
        try {
            return credentials.list(context.organization(), context.user().get(), TYPE).isEmpty()
                    ? Applicability.NEEDS_ENROLMENT : Applicability.APPLICABLE;
        } catch (IllegalStateException e) {
            // start() will answer "try later"; the flow must not route the user to enrolment meanwhile
            LOG.warn("Could not list passkeys in organization {}: {}", context.organization().handle(), e.getMessage());
            return Applicability.APPLICABLE;
        }
    }

    // ------------------------------------------------------------------ authentication

    @Override
    public StepResult start(StepContext context) {
        Optional<UserRef> user = context.user();
        List<Credential> passkeys = List.of();
        if (user.isPresent()) {
            try {
                passkeys = credentials.list(context.organization(), user.get(), TYPE);
            } catch (IllegalStateException e) {
                LOG.warn("Could not list passkeys in organization {}: {}", context.organization().handle(), e.getMessage());
                return tryLater();
            }
            if (passkeys.isEmpty()) {
                return StepResult.failure(FailureReason.NOT_ENROLLED, ERROR_NOT_ENROLLED, false);
            }
        }
        Pending pending = begin(context, GET, Optional.empty());
        Map<String, Object> options = ordered(
                "challenge", StoredPasskey.encode(pending.challenge()),
                "timeout", settings.timeout().toMillis(),
                "rpId", pending.rpId(),
                "allowCredentials", descriptors(passkeys),
                "userVerification", settings.userVerificationFor(user.isEmpty()));
        return StepResult.prompt(new Prompt(user.isEmpty() ? PROMPT_LOGIN : PROMPT_VERIFY,
                List.of(new Field(CREDENTIAL, FieldType.WEBAUTHN_GET, "passkey.field.credential", true)),
                List.of(new Action(Action.SUBMIT, "passkey.action.login"), new Action(CANCEL, "passkey.action.cancel")),
                Map.of(CREDENTIAL, options)));
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        if (CANCEL.equals(submission.action())) {
            return StepResult.failure(FailureReason.CANCELLED, ERROR_CANCELLED, true);
        }
        if (!Action.SUBMIT.equals(submission.action())) {
            return start(context);
        }
        Optional<Pending> pending = take(context, GET);
        if (pending.isEmpty()) {
            return StepResult.failure(FailureReason.EXPIRED, ERROR_EXPIRED, true);
        }
        String json = submission.value(CREDENTIAL).map(String::strip).orElse("");
        if (json.isEmpty()) {
            return StepResult.failure(FailureReason.CANCELLED, ERROR_CANCELLED, true);
        }
        if (json.length() > MAX_RESPONSE_CHARS) {
            return failed(context, "an oversized response");
        }
        try {
            return authenticate(context, pending.get(), json);
        } catch (IllegalStateException | UserStoreException e) {
            LOG.warn("Passkey login could not complete in organization {}: {}", context.organization().handle(), e.toString());
            return tryLater();
        }
    }

    private StepResult authenticate(StepContext context, Pending pending, String json) {
        OrganizationRef org = context.organization();
        AuthenticationData response;
        try {
            response = webAuthn.parseAuthenticationResponseJSON(json);
        } catch (RuntimeException e) {
            return failed(context, "an unreadable assertion (" + e.getClass().getSimpleName() + ")");
        }
        byte[] credentialId = response.getCredentialId();
        if (credentialId == null || credentialId.length == 0 || credentialId.length > MAX_CREDENTIAL_ID_BYTES) {
            return failed(context, "an assertion without a valid credential id");
        }
        String key = StoredPasskey.encode(credentialId);
        Optional<Credential> found = credentials.findByKey(org, TYPE, key);
        if (found.isEmpty()) {
            return failed(context, "an unknown passkey " + abbreviate(key));
        }
        Credential credential = found.get();
        Optional<UserRef> expectedUser = context.user();
        if (expectedUser.isPresent() && !sameUser(expectedUser.get(), credential.user())) {
            return failed(context, "a passkey " + abbreviate(key) + " of another user");
        }
        // The user handle is not signed; it must name the credential's own user. Passwordless
        // login relies on it (WebAuthn §7.2 step 6), a second factor checks it when sent.
        byte[] userHandle = response.getUserHandle();
        Optional<String> storedHandle = StoredPasskey.userHandle(credential);
        if (userHandle == null || userHandle.length == 0) {
            if (expectedUser.isEmpty()) {
                return failed(context, "a passwordless assertion without a user handle");
            }
        } else if (storedHandle.isEmpty() || !MessageDigest.isEqual(userHandle, decodeOrEmpty(storedHandle.get()))) {
            return failed(context, "a user handle that does not belong to passkey " + abbreviate(key));
        }

        CredentialRecord record;
        try {
            record = StoredPasskey.record(credential, attestedConverter);
        } catch (RuntimeException e) {
            LOG.error("The stored passkey {} of user {} is unreadable: {}", abbreviate(key), credential.user().id(), e.toString());
            return failed(context, "a passkey with unreadable stored data");
        }
        boolean uvRequired = "required".equals(settings.userVerificationFor(expectedUser.isEmpty()));
        AuthenticationParameters parameters = new AuthenticationParameters(
                serverProperty(context, pending), record, null, uvRequired, true);
        try {
            webAuthn.verify(response, parameters);
        } catch (MaliciousCounterValueException e) {
            LOG.warn("Passkey {} of user {} in organization {} presented sign counter {} after {}: possibly a cloned authenticator, "
                    + "login refused", abbreviate(key), credential.user().id(), org.handle(), response.getAuthenticatorData().getSignCount(),
                    StoredPasskey.signCount(credential));
            return StepResult.failure(FailureReason.CREDENTIALS, ERROR_FAILED, true);
        } catch (VerificationException e) {
            return failed(context, "an assertion of passkey " + abbreviate(key) + " that failed verification (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        } catch (RuntimeException e) {
            return failed(context, "an assertion that could not be verified (" + e + ")");
        }

        UserRef user;
        if (expectedUser.isPresent()) {
            user = expectedUser.get();
        } else {
            Optional<UserRef> active = activeUser(org, credential.user());
            if (active.isEmpty()) {
                return failed(context, "a passkey of a user who is disabled or no longer exists (" + credential.user().id() + ")");
            }
            user = active.get();
        }
        AuthenticatorData<?> authenticatorData = response.getAuthenticatorData();
        try {
            credentials.update(org, credential, StoredPasskey.afterUse(credential, authenticatorData.getSignCount(),
                    authenticatorData.isFlagUV(), authenticatorData.isFlagBS()), true);
        } catch (CredentialConflictException e) {
            LOG.warn("Passkey {} changed while its assertion was checked (a replay or a concurrent login); login refused", abbreviate(key));
            return StepResult.failure(FailureReason.CREDENTIALS, ERROR_FAILED, true);
        }
        clear(context.state());
        return StepResult.success(user, amr(authenticatorData.isFlagUV()));
    }

    // ------------------------------------------------------------------ enrolment

    @Override
    public StepResult startEnrolment(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            LOG.error("A passkey enrolment was started without a user");
            return StepResult.failure(FailureReason.CONFIGURATION, ERROR_FAILED, false);
        }
        List<Credential> existing;
        try {
            existing = credentials.list(context.organization(), user.get(), TYPE);
        } catch (IllegalStateException e) {
            LOG.warn("Could not list passkeys in organization {}: {}", context.organization().handle(), e.getMessage());
            return tryLater();
        }
        // one user handle for all of a user's passkeys (WebAuthn §14.6.1: random, no personal data)
        String userHandle = existing.stream().map(StoredPasskey::userHandle).flatMap(Optional::stream).findFirst()
                .orElseGet(() -> StoredPasskey.encode(randomBytes(USER_HANDLE_BYTES)));
        Pending pending = begin(context, CREATE, Optional.of(userHandle));
        String uv = settings.userVerificationFor(true);
        Map<String, Object> options = ordered(
                "rp", ordered("name", settings.rpName(), "id", pending.rpId()),
                "user", ordered("id", userHandle, "name", user.get().username(), "displayName", user.get().username()),
                "challenge", StoredPasskey.encode(pending.challenge()),
                "pubKeyCredParams", ALGORITHMS.stream().map(a -> ordered("type", "public-key", "alg", (int) a.getValue())).toList(),
                "timeout", settings.timeout().toMillis(),
                "excludeCredentials", descriptors(existing),
                "authenticatorSelection", ordered("residentKey", "required", "requireResidentKey", true, "userVerification", uv),
                "attestation", settings.directAttestation() ? "direct" : "none");
        return StepResult.prompt(new Prompt(PROMPT_CREATE,
                List.of(new Field(LABEL, FieldType.TEXT, "passkey.field.label", false,
                                Map.of("maxLength", Integer.toString(MAX_LABEL), "autocomplete", "off")),
                        new Field(CREDENTIAL, FieldType.WEBAUTHN_CREATE, "passkey.field.credential", true)),
                List.of(new Action(Action.SUBMIT, "passkey.action.create"), new Action(CANCEL, "passkey.action.cancel")),
                Map.of(CREDENTIAL, options)));
    }

    @Override
    public StepResult submitEnrolment(StepContext context, Submission submission) {
        if (CANCEL.equals(submission.action())) {
            return StepResult.failure(FailureReason.CANCELLED, ERROR_CANCELLED, true);
        }
        if (!Action.SUBMIT.equals(submission.action())) {
            return startEnrolment(context);
        }
        Optional<UserRef> user = context.user();
        Optional<Pending> pending = take(context, CREATE);
        if (user.isEmpty() || pending.isEmpty() || pending.get().userHandle().isEmpty()) {
            return StepResult.failure(FailureReason.EXPIRED, ERROR_EXPIRED, true);
        }
        String json = submission.value(CREDENTIAL).map(String::strip).orElse("");
        if (json.isEmpty()) {
            return StepResult.failure(FailureReason.CANCELLED, ERROR_CANCELLED, true);
        }
        if (json.length() > MAX_RESPONSE_CHARS) {
            return failed(context, "an oversized registration");
        }
        try {
            return register(context, user.get(), pending.get(), json, label(submission));
        } catch (IllegalStateException e) {
            LOG.warn("Passkey enrolment could not complete in organization {}: {}", context.organization().handle(), e.toString());
            return tryLater();
        }
    }

    private StepResult register(StepContext context, UserRef user, Pending pending, String json, String label) {
        RegistrationData registration;
        try {
            registration = webAuthn.parseRegistrationResponseJSON(json);
        } catch (RuntimeException e) {
            return failed(context, "an unreadable registration (" + e.getClass().getSimpleName() + ")");
        }
        boolean uvRequired = "required".equals(settings.userVerificationFor(true));
        try {
            webAuthn.verify(registration, new RegistrationParameters(serverProperty(context, pending), KEY_PARAMETERS, uvRequired, true));
        } catch (VerificationException e) {
            return failed(context, "a registration that failed verification (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (RuntimeException e) {
            return failed(context, "a registration that could not be verified (" + e + ")");
        }
        AuthenticatorData<?> authenticatorData = registration.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = authenticatorData.getAttestedCredentialData();
        byte[] credentialId = attested.getCredentialId();
        if (credentialId.length > MAX_CREDENTIAL_ID_BYTES) {
            return failed(context, "a registration with an over-long credential id");
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put(StoredPasskey.ATTESTED_CREDENTIAL_DATA, StoredPasskey.encode(attestedConverter.convert(attested)));
        data.put(StoredPasskey.SIGN_COUNT, Long.toString(authenticatorData.getSignCount()));
        data.put(StoredPasskey.AAGUID, attested.getAaguid().getValue().toString());
        Set<AuthenticatorTransport> transports = registration.getTransports() == null ? Set.of() : registration.getTransports();
        data.put(StoredPasskey.TRANSPORTS, transports.stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(",")));
        data.put(StoredPasskey.USER_HANDLE, pending.userHandle().orElseThrow());
        data.put(StoredPasskey.UV, Boolean.toString(authenticatorData.isFlagUV()));
        data.put(StoredPasskey.BACKUP_ELIGIBLE, Boolean.toString(authenticatorData.isFlagBE()));
        data.put(StoredPasskey.BACKED_UP, Boolean.toString(authenticatorData.isFlagBS()));
        data.put(StoredPasskey.RP_ID, pending.rpId());
        data.put(StoredPasskey.ATTESTATION_FORMAT, registration.getAttestationObject().getFormat());
        String key = StoredPasskey.encode(credentialId);
        try {
            credentials.add(context.organization(), user, new NewCredential(TYPE, Optional.of(key), label, data, Optional.empty()));
        } catch (CredentialConflictException e) {
            LOG.info("Passkey {} is already registered (organization {})", abbreviate(key), context.organization().handle());
            return StepResult.failure(FailureReason.CREDENTIALS, ERROR_ALREADY_REGISTERED, true);
        }
        LOG.info("User {} registered passkey {} (AAGUID {}, attestation {}) in organization {}", user.id(), abbreviate(key),
                data.get(StoredPasskey.AAGUID), data.get(StoredPasskey.ATTESTATION_FORMAT), context.organization().handle());
        clear(context.state());
        return StepResult.success(user, amr(authenticatorData.isFlagUV()));
    }

    // ------------------------------------------------------------------ helpers

    /** What a ceremony needs from its start to its answer. */
    record Pending(byte[] challenge, String rpId, Optional<String> userHandle) {}

    private Pending begin(StepContext context, String ceremony, Optional<String> userHandle) {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        String rpId = settings.rpIdFor(context, server.baseUrl());
        StepState state = context.state();
        clear(state);
        state.put(STATE_CEREMONY, ceremony);
        state.put(STATE_CHALLENGE, StoredPasskey.encode(challenge));
        state.put(STATE_RP_ID, rpId);
        state.put(STATE_ISSUED_AT, Long.toString(clock.millis()));
        userHandle.ifPresent(h -> state.put(STATE_USER_HANDLE, h));
        return new Pending(challenge, rpId, userHandle);
    }

    /**
     * The pending ceremony. It stays until the ceremony succeeds or expires: after a wrong or
     * cancelled answer the runtime shows the same prompt (the same challenge) again, and the user
     * must be able to retry. A successful answer clears it, so it cannot be replayed; the
     * signature counter guards against a restored state.
     */
    private Optional<Pending> take(StepContext context, String ceremony) {
        StepState state = context.state();
        Optional<String> kind = state.get(STATE_CEREMONY);
        Optional<String> challenge = state.get(STATE_CHALLENGE);
        Optional<String> rpId = state.get(STATE_RP_ID);
        Optional<String> issuedAt = state.get(STATE_ISSUED_AT);
        Optional<String> userHandle = state.get(STATE_USER_HANDLE);
        if (!kind.equals(Optional.of(ceremony)) || challenge.isEmpty() || rpId.isEmpty() || issuedAt.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant issued = Instant.ofEpochMilli(Long.parseLong(issuedAt.get()));
            if (clock.instant().isAfter(issued.plus(settings.timeout()).plus(GRACE))) {
                LOG.debug("A passkey challenge expired");
                return Optional.empty();
            }
            return Optional.of(new Pending(StoredPasskey.decode(challenge.get()), rpId.get(), userHandle));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void clear(StepState state) {
        for (String key : List.of(STATE_CEREMONY, STATE_CHALLENGE, STATE_RP_ID, STATE_ISSUED_AT, STATE_USER_HANDLE)) {
            state.remove(key);
        }
    }

    private ServerProperty serverProperty(StepContext context, Pending pending) {
        Set<Origin> origins = settings.originsFor(context, server.baseUrl()).stream().map(Origin::create).collect(Collectors.toSet());
        return new ServerProperty(origins, pending.rpId(), new DefaultChallenge(pending.challenge()));
    }

    private Optional<UserRef> activeUser(OrganizationRef org, UserRef ref) {
        return directory.store(ref.domain()).flatMap(store -> store.findUserById(org, ref.id())).filter(User::active).map(User::ref);
    }

    private static boolean sameUser(UserRef a, UserRef b) {
        return a.domain().equalsIgnoreCase(b.domain()) && a.id().equals(b.id());
    }

    private static List<Map<String, Object>> descriptors(List<Credential> passkeys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Credential c : passkeys) {
            c.key().ifPresent(id -> {
                Set<String> transports = StoredPasskey.transports(c);
                list.add(transports.isEmpty() ? ordered("type", "public-key", "id", id)
                        : ordered("type", "public-key", "id", id, "transports", List.copyOf(transports)));
            });
        }
        return Collections.unmodifiableList(list);
    }

    private static Set<String> amr(boolean userVerified) {
        return userVerified ? Set.of(AMR_HARDWARE_KEY, AMR_USER) : Set.of(AMR_HARDWARE_KEY);
    }

    private static String label(Submission submission) {
        String label = submission.value(LABEL).orElse("").codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (label.isEmpty()) {
            return DEFAULT_LABEL;
        }
        return label.codePointCount(0, label.length()) > MAX_LABEL ? label.substring(0, label.offsetByCodePoints(0, MAX_LABEL)) : label;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] decodeOrEmpty(String value) {
        try {
            return StoredPasskey.decode(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static StepResult failed(StepContext context, String what) {
        LOG.info("Passkey step refused {} (organization {}, client {})", what, context.organization().handle(), context.request().clientAddress());
        return StepResult.failure(FailureReason.CREDENTIALS, ERROR_FAILED, true);
    }

    private static StepResult tryLater() {
        return StepResult.failure(FailureReason.UPSTREAM, ERROR_TRY_LATER, true);
    }

    private static String abbreviate(String key) {
        return key.length() <= 12 ? key : key.substring(0, 12) + "…";
    }

    /** An insertion-ordered, unmodifiable map from alternating keys and values; keeps the JSON readable. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
