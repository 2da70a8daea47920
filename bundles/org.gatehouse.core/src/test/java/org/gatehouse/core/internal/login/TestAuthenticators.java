package org.gatehouse.core.internal.login;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;

/** Small plugins for driving the engine: they use only the published contract, as real ones do. */
final class TestAuthenticators {

    private TestAuthenticators() {}

    /** A first factor checking real users of the directory (the user's password must be "right-password"). */
    static final class Secret implements Authenticator {
        final String id;
        final UserDirectory directory;

        Secret(String id, UserDirectory directory) {
            this.id = id;
            this.directory = directory;
        }

        @Override
        public AuthenticatorDescriptor descriptor() {
            return new AuthenticatorDescriptor(id, "Secret " + id, AuthenticatorKind.FIRST_FACTOR, Set.of("pwd"));
        }

        @Override
        public StepResult start(StepContext context) {
            return StepResult.prompt(new Prompt(id + ".prompt", List.of(new Field("username", FieldType.USERNAME, "u", true),
                    new Field("password", FieldType.PASSWORD, "p", true)), List.of(new Action(Action.SUBMIT, "go"))));
        }

        @Override
        public StepResult submit(StepContext context, Submission submission) {
            String username = submission.value("username").orElse("");
            var outcome = directory.authenticate(context.organization(), username, submission.value("password").orElse("").toCharArray());
            Optional<User> user = outcome.user();
            if (user.isEmpty()) {
                return StepResult.failure(FailureReason.CREDENTIALS, id + ".wrong", true);
            }
            return StepResult.success(user.get().ref(), Set.of("pwd"));
        }
    }

    /** A second factor with enrolment: the code is whatever the user chose when enrolling. */
    static final class Code implements Authenticator, Enrolment {
        final String id;
        final Map<String, String> enrolled = new ConcurrentHashMap<>();
        final AtomicInteger starts = new AtomicInteger();
        volatile boolean broken;
        volatile boolean proofOnEnrolment = true;

        Code(String id) {
            this.id = id;
        }

        @Override
        public AuthenticatorDescriptor descriptor() {
            return new AuthenticatorDescriptor(id, "Code " + id, AuthenticatorKind.SECOND_FACTOR, Set.of("otp"));
        }

        @Override
        public Applicability applicability(StepContext context) {
            if (context.user().isEmpty()) {
                return Applicability.NOT_APPLICABLE;
            }
            return enrolled.containsKey(context.user().get().id()) ? Applicability.APPLICABLE : Applicability.NEEDS_ENROLMENT;
        }

        @Override
        public StepResult start(StepContext context) {
            if (broken) {
                throw new IllegalStateException("plugin bug");
            }
            starts.incrementAndGet();
            context.state().put("sent", "yes");
            return StepResult.prompt(prompt(id + ".prompt"));
        }

        @Override
        public StepResult submit(StepContext context, Submission submission) {
            if (!"yes".equals(context.state().get("sent").orElse(""))) {
                return StepResult.failure(FailureReason.CONFIGURATION, id + ".no_state", false);
            }
            String expected = enrolled.get(context.user().orElseThrow().id());
            if (expected != null && expected.equals(submission.value("code").orElse(""))) {
                return StepResult.success(context.user().get(), Set.of("otp"));
            }
            return StepResult.failure(FailureReason.CREDENTIALS, id + ".wrong", true);
        }

        @Override
        public StepResult startEnrolment(StepContext context) {
            return StepResult.prompt(prompt(id + ".enrol"));
        }

        @Override
        public StepResult submitEnrolment(StepContext context, Submission submission) {
            String code = submission.value("code").orElse("");
            if (code.isEmpty()) {
                return StepResult.failure(FailureReason.CREDENTIALS, id + ".empty", true);
            }
            enrolled.put(context.user().orElseThrow().id(), code);
            // like backup codes: setting the factor up proves nothing yet
            return StepResult.success(context.user().get(), proofOnEnrolment ? Set.of("otp") : Set.of());
        }

        private static Prompt prompt(String key) {
            return new Prompt(key, List.of(new Field("code", FieldType.OTP, "c", true)), List.of(new Action(Action.SUBMIT, "go")),
                    Map.of("nested", Map.of("list", List.of(1, 2))));
        }
    }

    /** A passwordless first factor that identifies a fixed user with user verification. */
    static final class Passkey implements Authenticator {
        final org.gatehouse.api.userstore.UserRef user;

        Passkey(org.gatehouse.api.userstore.UserRef user) {
            this.user = user;
        }

        @Override
        public AuthenticatorDescriptor descriptor() {
            return new AuthenticatorDescriptor("passkey", "Passkey", AuthenticatorKind.PASSWORDLESS, Set.of("hwk", "user"));
        }

        @Override
        public StepResult start(StepContext context) {
            return StepResult.prompt(new Prompt("passkey.prompt", List.of(new Field("credential", FieldType.WEBAUTHN_GET, "k", true)),
                    List.of(new Action(Action.SUBMIT, "go"))));
        }

        @Override
        public StepResult submit(StepContext context, Submission submission) {
            return "ok".equals(submission.value("credential").orElse("")) ? StepResult.success(user, Set.of("hwk", "user"))
                    : StepResult.failure(FailureReason.CREDENTIALS, "passkey.wrong", true);
        }
    }
}
