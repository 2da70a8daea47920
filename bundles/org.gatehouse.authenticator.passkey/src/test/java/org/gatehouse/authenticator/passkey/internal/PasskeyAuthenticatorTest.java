package org.gatehouse.authenticator.passkey.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.exception.InvalidStateException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.sdk.testsupport.InMemoryCredentials;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The passkey step against webauthn4j's emulated browser and authenticator: real registration and
 * assertion responses, built from the prompt data the way a page builds them.
 */
class PasskeyAuthenticatorTest {

    static final UserRef ALICE = new UserRef("PRIMARY", "u-alice", "alice");
    static final UserRef BOB = new UserRef("PRIMARY", "u-bob", "bob");
    static final UserRef DORMANT = new UserRef("PRIMARY", "u-dormant", "dormant");
    static final ServerInfo SERVER = new ServerInfo() {
        @Override
        public URI baseUrl() {
            return URI.create("https://idp.example.net");
        }

        @Override
        public String version() {
            return "0.1.0";
        }
    };
    static final StepResult FAILED = StepResult.failure(FailureReason.CREDENTIALS, PasskeyAuthenticator.ERROR_FAILED, true);
    static final StepResult EXPIRED = StepResult.failure(FailureReason.EXPIRED, PasskeyAuthenticator.ERROR_EXPIRED, true);

    final InMemoryCredentials credentials = new InMemoryCredentials();
    final Map<String, User> users = new HashMap<>();
    Instant now = Instant.parse("2026-01-01T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void users() {
        for (UserRef u : List.of(ALICE, BOB, DORMANT)) {
            users.put(u.id(), new User(u.id(), u.domain(), u.username(), u != DORMANT, null, 1, now, now));
        }
    }

    // ------------------------------------------------------------------ description, prompts

    @Test
    void describesItself() {
        PasskeyAuthenticator step = step(Map.of());
        assertThat(step.descriptor().id()).isEqualTo("passkey");
        assertThat(step.descriptor().kind()).isEqualTo(AuthenticatorKind.PASSWORDLESS);
        assertThat(step.descriptor().amr()).containsExactlyInAnyOrder("hwk", "user");
        assertThat(step.descriptor().configurationPid()).contains("org.gatehouse.authenticator.passkey");
    }

    @Test
    void enrolmentPromptCarriesCreationOptionsForNavigatorCredentialsCreate() {
        PasskeyAuthenticator step = step(Map.of());
        TestContext ctx = context(ALICE);
        Prompt prompt = prompted(step.startEnrolment(ctx));

        assertThat(prompt.messageKey()).isEqualTo("passkey.prompt.create");
        assertThat(prompt.fields()).extracting(Field::name, Field::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("label", FieldType.TEXT),
                        org.assertj.core.groups.Tuple.tuple("credential", FieldType.WEBAUTHN_CREATE));
        assertThat(prompt.actions()).extracting(Action::name).containsExactly("submit", "cancel");
        Map<String, Object> o = Browser.options(prompt);
        assertThat(o).containsOnlyKeys("rp", "user", "challenge", "pubKeyCredParams", "timeout", "excludeCredentials",
                "authenticatorSelection", "attestation");
        assertThat(o.get("rp")).isEqualTo(Map.of("name", "Gatehouse", "id", "login.example.com"));
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) o.get("user");
        assertThat(Browser.bytes(user.get("id"))).hasSize(32);
        assertThat(user).containsEntry("name", "alice").containsEntry("displayName", "alice");
        assertThat(Browser.bytes(o.get("challenge"))).hasSize(32);
        assertThat(o.get("pubKeyCredParams")).isEqualTo(List.of(Map.of("type", "public-key", "alg", -7),
                Map.of("type", "public-key", "alg", -8), Map.of("type", "public-key", "alg", -257)));
        assertThat(o.get("timeout")).isEqualTo(300000);
        assertThat(o.get("excludeCredentials")).isEqualTo(List.of());
        assertThat(o.get("authenticatorSelection"))
                .isEqualTo(Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "required"));
        assertThat(o.get("attestation")).isEqualTo("none");
        assertThat(ctx.values()).containsEntry("passkey.challenge", (String) o.get("challenge")).containsEntry("passkey.rpId", "login.example.com")
                .containsEntry("passkey.userHandle", (String) user.get("id"));
    }

    @Test
    void withoutAnOriginTheRelyingPartyIsTheServersHostAndConfigurationWins() {
        TestContext ctx = context();
        ctx.withOrigin(null);
        assertThat(Browser.options(prompted(step(Map.of()).start(ctx))).get("rpId")).isEqualTo("idp.example.net");
        PasskeyAuthenticator configured = step(Map.of("rpId", "Example.COM", "rpName", "Acme", "timeoutSeconds", 60,
                "userVerification", "discouraged", "attestation", "direct"));
        Map<String, Object> create = Browser.options(prompted(configured.startEnrolment(context(ALICE))));
        assertThat(create.get("rp")).isEqualTo(Map.of("name", "Acme", "id", "example.com"));
        assertThat(create.get("timeout")).isEqualTo(60000);
        assertThat(create.get("attestation")).isEqualTo("direct");
        assertThat(create.get("authenticatorSelection")).isEqualTo(
                Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "discouraged"));
    }

    @Test
    void refusesBadConfigurationAtActivation() {
        assertThatThrownBy(() -> step(Map.of("rpId", "https://example.com"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> step(Map.of("allowedOrigins", new String[] {"example.com"}))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> step(Map.of("userVerification", "always"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> step(Map.of("attestation", "enterprise"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> step(Map.of("timeoutSeconds", 5))).isInstanceOf(IllegalArgumentException.class);
        assertThat(PasskeySettings.origin("HTTPS://Login.Example.com:443/path")).contains("https://login.example.com");
        assertThat(PasskeySettings.origin("http://localhost:8181")).contains("http://localhost:8181");
    }

    // ------------------------------------------------------------------ registration and login

    @Test
    void registersAPasskeyThenLogsInPasswordlessWithIt() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        assertThat(step.applicability(context(ALICE))).isEqualTo(Applicability.NEEDS_ENROLMENT);

        TestContext enrolment = context(ALICE);
        String created = browser.create(Browser.options(prompted(step.startEnrolment(enrolment))));
        StepResult registered = step.submitEnrolment(enrolment, new Submission("submit", Map.of("credential", created, "label", " My\u0007 phone ")));
        assertThat(registered).isEqualTo(StepResult.success(ALICE, Set.of("hwk", "user")));
        assertThat(enrolment.values()).doesNotContainKeys("passkey.challenge", "passkey.rpId", "passkey.issuedAt", "passkey.userHandle");

        Credential passkey = only(credentials.all());
        assertThat(passkey.user()).isEqualTo(ALICE);
        assertThat(passkey.type()).isEqualTo("passkey");
        assertThat(passkey.label()).isEqualTo("My phone");
        assertThat(passkey.key()).contains(Browser.id(created));
        assertThat(passkey.data()).containsEntry("signCount", "1").containsEntry("aaguid", "00000000-0000-0000-0000-000000000000")
                .containsEntry("transports", "hybrid,internal").containsEntry("uv", "true").containsEntry("backupEligible", "false")
                .containsEntry("backedUp", "false").containsEntry("rpId", "login.example.com").containsEntry("attestationFormat", "none")
                .containsKeys("attestedCredentialData", "userHandle");
        assertThat(step.applicability(context(ALICE))).isEqualTo(Applicability.APPLICABLE);
        assertThat(step.applicability(context())).isEqualTo(Applicability.APPLICABLE);

        TestContext login = context();
        Prompt prompt = prompted(step.start(login));
        assertThat(prompt.messageKey()).isEqualTo("passkey.prompt.login");
        assertThat(prompt.fields()).extracting(Field::name, Field::type).containsExactly(org.assertj.core.groups.Tuple.tuple("credential", FieldType.WEBAUTHN_GET));
        Map<String, Object> o = Browser.options(prompt);
        assertThat(o).containsOnlyKeys("challenge", "timeout", "rpId", "allowCredentials", "userVerification");
        assertThat(o).containsEntry("rpId", "login.example.com").containsEntry("allowCredentials", List.of()).containsEntry("userVerification", "required");

        StepResult result = step.submit(login, answer(browser.get(o)));
        assertThat(result).isEqualTo(StepResult.success(ALICE, Set.of("hwk", "user")));
        Credential used = only(credentials.all());
        assertThat(used.data()).containsEntry("signCount", "2");
        assertThat(used.lastUsedAt()).isPresent();
        assertThat(used.version()).isEqualTo(passkey.version() + 1);
    }

    @Test
    void secondFactorOffersTheUsersPasskeysAndUsesThemWithoutUserVerificationWhenDiscouraged() {
        PasskeyAuthenticator step = step(Map.of("userVerification", "discouraged"));
        Browser browser = browser();
        Credential passkey = enrol(step, ALICE, browser);

        TestContext login = context(ALICE);
        Prompt prompt = prompted(step.start(login));
        assertThat(prompt.messageKey()).isEqualTo("passkey.prompt.verify");
        Map<String, Object> o = Browser.options(prompt);
        assertThat(o.get("allowCredentials"))
                .isEqualTo(List.of(Map.of("type", "public-key", "id", passkey.key().orElseThrow(), "transports", List.of("hybrid", "internal"))));
        assertThat(o.get("userVerification")).isEqualTo("discouraged");
        assertThat(step.submit(login, answer(browser.get(o)))).isEqualTo(StepResult.success(ALICE, Set.of("hwk")));
    }

    @Test
    void secondFactorPrefersUserVerificationByDefault() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context(ALICE);
        Map<String, Object> o = Browser.options(prompted(step.start(login)));
        assertThat(o.get("userVerification")).isEqualTo("preferred");
        assertThat(step.submit(login, answer(browser.get(o)))).isEqualTo(StepResult.success(ALICE, Set.of("hwk", "user")));
    }

    @Test
    void secondFactorWithoutPasskeysIsNotEnrolled() {
        assertThat(step(Map.of()).start(context(BOB)))
                .isEqualTo(StepResult.failure(FailureReason.NOT_ENROLLED, PasskeyAuthenticator.ERROR_NOT_ENROLLED, false));
    }

    @Test
    void enrolmentExcludesTheUsersPasskeysAndKeepsOneUserHandle() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        Credential first = enrol(step, ALICE, browser);

        Map<String, Object> o = Browser.options(prompted(step.startEnrolment(context(ALICE))));
        assertThat(o.get("excludeCredentials"))
                .isEqualTo(List.of(Map.of("type", "public-key", "id", first.key().orElseThrow(), "transports", List.of("hybrid", "internal"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) o.get("user");
        assertThat(user.get("id")).isEqualTo(first.data().get("userHandle"));
        // the same authenticator refuses to make a second passkey for the account (InvalidStateError)
        assertThatThrownBy(() -> browser.create(o)).isInstanceOf(InvalidStateException.class);

        Credential second = enrol(step, ALICE, browser(), "Laptop");
        assertThat(second.data().get("userHandle")).isEqualTo(first.data().get("userHandle"));
        assertThat(second.label()).isEqualTo("Laptop");
        assertThat(first.label()).isEqualTo("Passkey");
        assertThat(credentials.all()).hasSize(2);
    }

    @Test
    void directAttestationIsVerifiedAndRecorded() {
        PasskeyAuthenticator step = step(Map.of("attestation", "direct"));
        Credential passkey = enrol(step, ALICE, browser());
        assertThat(passkey.data()).containsEntry("attestationFormat", "packed");
    }

    @Test
    void theSameRegistrationCannotBeStoredTwice() {
        PasskeyAuthenticator step = step(Map.of());
        TestContext enrolment = context(ALICE);
        String created = browser().create(Browser.options(prompted(step.startEnrolment(enrolment))));
        Map<String, String> state = Map.copyOf(enrolment.values());
        assertThat(step.submitEnrolment(enrolment, answer(created))).isInstanceOf(StepResult.Success.class);
        enrolment.values().putAll(state);
        assertThat(step.submitEnrolment(enrolment, answer(created)))
                .isEqualTo(StepResult.failure(FailureReason.CREDENTIALS, PasskeyAuthenticator.ERROR_ALREADY_REGISTERED, true));
        assertThat(credentials.all()).hasSize(1);
    }

    @Test
    void registrationFromAnotherOriginOrForAnotherChallengeIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        TestContext enrolment = context(ALICE);
        String phished = new Browser("https://login.example.com.evil.example", new PackedAuthenticator())
                .create(Browser.options(prompted(step.startEnrolment(enrolment))));
        assertThat(step.submitEnrolment(enrolment, answer(phished))).isEqualTo(FAILED);

        Map<String, Object> o = Browser.options(prompted(step.startEnrolment(enrolment)));
        o.put("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
        assertThat(step.submitEnrolment(enrolment, answer(browser().create(o)))).isEqualTo(FAILED);

        prompted(step.startEnrolment(enrolment));
        assertThat(step.submitEnrolment(enrolment, answer("{\"id\":\"x\"}"))).isEqualTo(FAILED);
        assertThat(credentials.all()).isEmpty();
    }

    // ------------------------------------------------------------------ refused assertions

    @Test
    void anAssertionFromAnotherOriginIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        PackedAuthenticator device = new PackedAuthenticator();
        enrol(step, ALICE, new Browser(ORIGIN, device));
        TestContext login = context();
        String phished = new Browser("https://evil.example", device).get(Browser.options(prompted(step.start(login))));
        assertThat(step.submit(login, answer(phished))).isEqualTo(FAILED);
        assertThat(only(credentials.all()).lastUsedAt()).isEmpty();
    }

    @Test
    void configuredOriginsReplaceTheRequestsOrigin() {
        PasskeyAuthenticator step = step(Map.of("allowedOrigins", new String[] {"https://app.example.com"}, "rpId", "example.com"));
        PackedAuthenticator device = new PackedAuthenticator();
        enrol(step, ALICE, new Browser("https://app.example.com", device));
        TestContext login = context();
        assertThat(step.submit(login, answer(new Browser("https://app.example.com", device).get(Browser.options(prompted(step.start(login)))))))
                .isInstanceOf(StepResult.Success.class);
        assertThat(step.submit(login, answer(new Browser(ORIGIN, device).get(Browser.options(prompted(step.start(login)))))))
                .isEqualTo(FAILED);
    }

    @Test
    void anAssertionForAnotherChallengeIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context();
        Map<String, Object> o = Browser.options(prompted(step.start(login)));
        o.put("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
        assertThat(step.submit(login, answer(browser.get(o)))).isEqualTo(FAILED);
    }

    @Test
    void anAssertionIsAnsweredOnceAndAReplayedOneFailsOnTheCounter() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context();
        String assertion = browser.get(Browser.options(prompted(step.start(login))));
        Map<String, String> stateAtPrompt = Map.copyOf(login.values());
        assertThat(step.submit(login, answer(assertion))).isInstanceOf(StepResult.Success.class);

        // the challenge is gone with the first answer
        assertThat(step.submit(login, answer(assertion))).isEqualTo(EXPIRED);
        // even with the challenge restored (a stolen flow state), the counter did not move on
        login.values().putAll(stateAtPrompt);
        assertThat(step.submit(login, answer(assertion))).isEqualTo(FAILED);
        assertThat(only(credentials.all()).data()).containsEntry("signCount", "2");
    }

    @Test
    void aClonedAuthenticatorWhoseCounterStandsStillIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context();
        assertThat(step.submit(login, answer(browser.get(Browser.options(prompted(step.start(login))))))).isInstanceOf(StepResult.Success.class);
        browser.authenticator.setCountUpEnabled(false);
        assertThat(step.submit(login, answer(browser.get(Browser.options(prompted(step.start(login))))))).isEqualTo(FAILED);
    }

    @Test
    void ofTwoLoginsRacingWithOnePasskeyTheSecondWriterLoses() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        Credential passkey = enrol(step, ALICE, browser);
        TestContext login = context();
        String assertion = browser.get(Browser.options(prompted(step.start(login))));
        credentials.beforeUpdate(() -> credentials.touch(passkey.id()));
        assertThat(step.submit(login, answer(assertion))).isEqualTo(FAILED);
    }

    @Test
    void anUnknownPasskeyIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        Credential passkey = enrol(step, ALICE, browser);
        credentials.remove(OrganizationRef.root(), ALICE, passkey.id());
        TestContext login = context();
        assertThat(step.submit(login, answer(browser.get(Browser.options(prompted(step.start(login))))))).isEqualTo(FAILED);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context();
        String assertion = browser.get(Browser.options(prompted(step.start(login))));
        String tampered = Browser.withResponseMember(assertion, "signature", Browser.flipLastByte(Browser.responseMember(assertion, "signature")));
        assertThat(step.submit(login, answer(tampered))).isEqualTo(FAILED);
        assertThat(only(credentials.all()).data()).containsEntry("signCount", "1");
    }

    @Test
    void aUserHandleThatIsNotThePasskeysIsRefused() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        enrol(step, BOB, browser());
        TestContext login = context();
        String assertion = browser.get(Browser.options(prompted(step.start(login))));
        String bobsHandle = credentials.all().stream().filter(c -> c.user().equals(BOB)).findFirst().orElseThrow().data().get("userHandle");
        assertThat(step.submit(login, answer(Browser.withResponseMember(assertion, "userHandle", bobsHandle)))).isEqualTo(FAILED);

        // passwordless needs the user handle at all
        String anonymous = browser.get(Browser.options(prompted(step.start(login))));
        assertThat(step.submit(login, answer(Browser.withoutResponseMember(anonymous, "userHandle")))).isEqualTo(FAILED);
    }

    @Test
    void anotherUsersPasskeyDoesNotPassAsSecondFactor() {
        PasskeyAuthenticator step = step(Map.of());
        enrol(step, ALICE, browser());
        Browser bobsDevice = browser();
        enrol(step, BOB, bobsDevice);
        TestContext login = context(ALICE);
        Map<String, Object> o = Browser.options(prompted(step.start(login)));
        o.put("allowCredentials", List.of()); // a hostile page asks for any passkey
        assertThat(step.submit(login, answer(bobsDevice.get(o)))).isEqualTo(FAILED);
    }

    @Test
    void aDisabledUserCannotLogInWithAPasskey() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, DORMANT, browser);
        TestContext login = context();
        assertThat(step.submit(login, answer(browser.get(Browser.options(prompted(step.start(login))))))).isEqualTo(FAILED);
    }

    @Test
    void anExpiredChallengeOrAMissingOneIsExpired() {
        PasskeyAuthenticator step = step(Map.of());
        Browser browser = browser();
        enrol(step, ALICE, browser);
        TestContext login = context();
        String assertion = browser.get(Browser.options(prompted(step.start(login))));
        now = now.plus(Duration.ofMinutes(6));
        assertThat(step.submit(login, answer(assertion))).isEqualTo(EXPIRED);
        assertThat(step.submit(context(), answer(assertion))).isEqualTo(EXPIRED);
        // an enrolment challenge does not answer a login
        TestContext mixed = context(ALICE);
        prompted(step.startEnrolment(mixed));
        assertThat(step.submit(mixed, answer(assertion))).isEqualTo(EXPIRED);
    }

    @Test
    void cancellingGarbageAndOutagesNeverThrow() {
        PasskeyAuthenticator step = step(Map.of());
        TestContext login = context();
        prompted(step.start(login));
        assertThat(step.submit(login, new Submission("cancel", Map.of())))
                .isEqualTo(StepResult.failure(FailureReason.CANCELLED, PasskeyAuthenticator.ERROR_CANCELLED, true));
        assertThat(login.values()).as("the prompt shown again keeps working: its challenge stays").containsKey(PasskeyAuthenticator.STATE_CHALLENGE);
        prompted(step.start(login));
        assertThat(step.submit(login, new Submission("submit", Map.of("credential", " "))))
                .isEqualTo(StepResult.failure(FailureReason.CANCELLED, PasskeyAuthenticator.ERROR_CANCELLED, true));
        assertThat(step.submit(login, new Submission("other", Map.of()))).isInstanceOf(StepResult.Prompted.class);
        for (String garbage : List.of("not json", "{}", "[]", "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}",
                "x".repeat(PasskeyAuthenticator.MAX_RESPONSE_CHARS + 1))) {
            prompted(step.start(login));
            assertThat(step.submit(login, answer(garbage))).as(garbage.length() > 80 ? "oversized" : garbage).isEqualTo(FAILED);
        }
        credentials.unavailable(true);
        StepResult later = StepResult.failure(FailureReason.UPSTREAM, PasskeyAuthenticator.ERROR_TRY_LATER, true);
        assertThat(step.start(context(ALICE))).isEqualTo(later);
        assertThat(step.startEnrolment(context(ALICE))).isEqualTo(later);
        assertThat(step.applicability(context(ALICE))).isEqualTo(Applicability.APPLICABLE);
    }

    // ------------------------------------------------------------------ helpers

    private PasskeyAuthenticator step(Map<String, Object> overrides) {
        PasskeyConfiguration config = (PasskeyConfiguration) Proxy.newProxyInstance(PasskeyConfiguration.class.getClassLoader(),
                new Class<?>[] {PasskeyConfiguration.class}, (proxy, method, args) -> overrides.containsKey(method.getName())
                        ? overrides.get(method.getName()) : method.getDefaultValue());
        return new PasskeyAuthenticator(credentials, directory(), SERVER, PasskeySettings.of(config), clock, new SecureRandom());
    }

    private UserDirectory directory() {
        UserStore store = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(), new Class<?>[] {UserStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findUserById")) {
                        return Optional.ofNullable(users.get((String) args[1]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(), new Class<?>[] {UserDirectory.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("store")) {
                        return "PRIMARY".equals(args[0]) ? Optional.of(store) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Browser browser() {
        return new Browser(ORIGIN, new PackedAuthenticator());
    }

    private Credential enrol(PasskeyAuthenticator step, UserRef user, Browser browser) {
        return enrol(step, user, browser, null);
    }

    private Credential enrol(PasskeyAuthenticator step, UserRef user, Browser browser, String label) {
        TestContext ctx = context(user);
        String created = browser.create(Browser.options(prompted(step.startEnrolment(ctx))));
        Map<String, String> values = new HashMap<>(Map.of("credential", created));
        if (label != null) {
            values.put("label", label);
        }
        assertThat(step.submitEnrolment(ctx, new Submission("submit", values))).isInstanceOf(StepResult.Success.class);
        String key = Browser.id(created);
        return credentials.all().stream().filter(c -> c.key().equals(Optional.of(key))).findFirst().orElseThrow();
    }

    private static Submission answer(String credentialJson) {
        return new Submission("submit", Map.of("credential", credentialJson));
    }

    private static Prompt prompted(StepResult result) {
        assertThat(result).isInstanceOf(StepResult.Prompted.class);
        return ((StepResult.Prompted) result).prompt();
    }

    private static Credential only(List<Credential> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    /** The relying party's origin, as the browser sends it with every login request. */
    static final String ORIGIN = "https://login.example.com";

    private static TestContext context() {
        return new TestContext().withOrigin(ORIGIN);
    }

    private static TestContext context(UserRef user) {
        return new TestContext(user).withOrigin(ORIGIN);
    }
}
