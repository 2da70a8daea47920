package org.gatehouse.core.internal.login;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.Enrolment;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.LoginAttempts;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.jdbc.Rows;
import org.gatehouse.core.login.FlowDefinition;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login flow engine. Each call loads the login's progress from the database, lets the current
 * authenticator answer, decides what comes next (the next step, an alternative, an enrolment, the
 * end) and stores the progress with a compare-and-set on the row version: two answers racing for
 * the same login cannot both count.
 *
 * <p>Rules, in the order a step is entered: options that are not installed or already passed in
 * this login are left out; before the user is known the first applicable option is offered and the
 * others are alternatives; once the user is known, a step with none of the user's factors is skipped
 * unless it is required ({@code when: always}, a member of {@code requiredForGroups}, or {@code
 * acr_values=2} while fewer than two factors were used), in which case the user enrols one.
 */
@Component(service = LoginEngine.class, configurationPid = FlowConfiguration.PID)
@Designate(ocd = FlowConfiguration.class)
public final class LoginEngineService implements LoginEngine, AutoCloseable {

    static final String ACR_SINGLE = "1";
    static final String ACR_MULTI = "2";
    static final String EXPIRED = "login.error.flow_expired";
    static final String UNAVAILABLE = "login.error.unavailable";
    static final String LOCKED = "login.error.locked";
    static final String TOO_MANY = "login.error.too_many_attempts";
    static final String NO_FACTOR = "login.error.no_factor";
    static final String DIFFERENT_USER = "login.error.different_user";
    static final String CONFLICT = "login.error.conflict";
    static final String CANNOT_ENROL = "login.error.cannot_enrol";

    private static final Logger LOG = LoggerFactory.getLogger(LoginEngineService.class);
    /** Sealing (AES-GCM and base64) grows the JSON by about a third; the column holds 32,000. */
    private static final int MAX_PROGRESS_CHARS = 22_000;

    private final Database database;
    private final AuthenticatorRegistry authenticators;
    private final LoginFlowDefinitions definitions;
    private final UserDirectory directory;
    private final LoginAttempts attempts;
    private final LoginRequests requests;
    private final SecretEncryption encryption;
    private final Clock clock;
    private final Duration lifetime;
    private final int maxFailedAnswers;
    /** How long a login waits for an authenticator that is being replaced (a bundle update) before giving up. */
    private final Duration upgradeGrace;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledThreadPoolExecutor purger;

    @Activate
    public LoginEngineService(FlowConfiguration config, @Reference Database database, @Reference AuthenticatorRegistry authenticators,
            @Reference LoginFlowDefinitions definitions, @Reference UserDirectory directory, @Reference LoginAttempts attempts,
            @Reference LoginRequests requests, @Reference SecretEncryption encryption) {
        this(database, authenticators, definitions, directory, attempts, requests, encryption, Clock.systemUTC(),
                Duration.ofMinutes(config.flowLifetimeMinutes()), config.maxFailedAnswers(), Duration.ofMinutes(config.purgeIntervalMinutes()),
                Duration.ofSeconds(config.upgradeGraceSeconds()));
    }

    public LoginEngineService(Database database, AuthenticatorRegistry authenticators, LoginFlowDefinitions definitions, UserDirectory directory,
            LoginAttempts attempts, LoginRequests requests, SecretEncryption encryption, Clock clock, Duration lifetime, int maxFailedAnswers,
            Duration purgeInterval, Duration upgradeGrace) {
        this.database = database;
        this.authenticators = authenticators;
        this.definitions = definitions;
        this.directory = directory;
        this.attempts = attempts;
        this.requests = requests;
        this.encryption = encryption;
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxFailedAnswers = Math.max(1, maxFailedAnswers);
        this.upgradeGrace = upgradeGrace;
        database.migrate("core", Migration.load(LoginEngineService.class.getClassLoader(), "db/core"));
        purger = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gatehouse-login-flow-purge");
            t.setDaemon(true);
            return t;
        });
        purger.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = Math.max(1, purgeInterval.toMillis());
        purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- the contract

    @Override
    public FlowView begin(String requestId, LoginRequest request, String handle, Environment environment) {
        if (handle == null || handle.length() < 32) {
            throw new IllegalArgumentException("A flow handle needs at least 32 characters");
        }
        LoginFlowDefinitions.Versioned flow = definitions.effective(request.organization(), request.application().clientId());
        Flow f = new Flow(requestId, request, flow, new Progress(), environment);
        FlowView view = advance(f);
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_flow_context (id, request_id, org_id, client_id, flow_client, flow_version,"
                        + " progress, created_at, expires_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
            String id = Secrets.digest(handle);
            ps.setString(1, id);
            ps.setString(2, requestId);
            ps.setString(3, request.organization().id());
            ps.setString(4, request.application().clientId());
            ps.setString(5, flow.scope());
            ps.setInt(6, flow.version());
            ps.setString(7, seal(id, f.progress));
            Rows.setInstant(ps, 8, now);
            Rows.setInstant(ps, 9, now.plus(lifetime));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.isUniqueViolation(e)) {
                // the same login began twice at once (a double click): the first one stands
                return current(handle, environment);
            }
            throw unavailable(e);
        }
        return view;
    }

    @Override
    public FlowView current(String handle, Environment environment) {
        Optional<Loaded> loaded = load(handle, environment);
        return loaded.map(l -> view(l.flow)).orElse(new Ended(EXPIRED));
    }

    @Override
    public FlowView submit(String handle, Input input, Environment environment) {
        Optional<Loaded> loaded = load(handle, environment);
        if (loaded.isEmpty()) {
            return new Ended(EXPIRED);
        }
        Flow f = loaded.get().flow;
        Progress p = f.progress;
        if (p.ended.isPresent() || p.completed) {
            return view(f);
        }
        FlowView result;
        if (input.option().isPresent()) {
            String option = input.option().get();
            if (!p.alternatives.contains(option)) {
                p.error = Optional.of("login.error.option_unavailable");
                result = view(f);
            } else {
                List<String> others = new ArrayList<>(p.alternatives);
                others.remove(option);
                others.add(0, p.option);
                result = startOption(f, option, others, p.enrolment);
            }
        } else {
            result = answer(f, new Submission(input.action(), input.values()));
        }
        if (!store(handle, loaded.get().version, f.progress)) {
            // another answer to the same login was stored first: show where that one left it
            return load(handle, environment).map(l -> view(l.flow)).orElse(new Ended(EXPIRED));
        }
        return result;
    }

    @Override
    public void discard(String handle) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_flow_context WHERE id = ?")) {
            ps.setString(1, Secrets.digest(handle));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<String> clientOf(String handle) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT client_id FROM gh_flow_context WHERE id = ? AND expires_at > ?")) {
            ps.setString(1, Secrets.digest(handle));
            Rows.setInstant(ps, 2, clock.instant());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // ---------------------------------------------------------------- the rules

    /** One login in memory for the length of a call. */
    private static final class Flow {
        final String requestId;
        final LoginRequest request;
        final LoginFlowDefinitions.Versioned definition;
        final Progress progress;
        final Environment environment;

        Flow(String requestId, LoginRequest request, LoginFlowDefinitions.Versioned definition, Progress progress, Environment environment) {
            this.requestId = requestId;
            this.request = request;
            this.definition = definition;
            this.progress = progress;
            this.environment = environment;
        }

        List<FlowDefinition.Step> steps() {
            return definition.definition().steps();
        }
    }

    /** Enters the current step (or the next that applies), or completes the login. */
    private FlowView advance(Flow f) {
        Progress p = f.progress;
        while (p.step < f.steps().size()) {
            FlowDefinition.Step step = f.steps().get(p.step);
            List<String> installed = step.options().stream()
                    .filter(o -> !p.passed.contains(o) && authenticator(o).isPresent()).collect(Collectors.toList());
            if (p.user.isEmpty()) {
                List<String> applicable = installed.stream()
                        .filter(o -> applicability(f, o) != Applicability.NOT_APPLICABLE).collect(Collectors.toList());
                if (applicable.isEmpty()) {
                    LOG.warn("Step {} of the login flow of {} has no installed authenticator (it names {})", p.step + 1,
                            f.request.application().clientId(), step.options());
                    return end(f, UNAVAILABLE);
                }
                return startOption(f, applicable.get(0), applicable.subList(1, applicable.size()), false);
            }
            if (attempts.lockedUntil(f.request.organization(), qualified(p.user.get())).isPresent()) {
                return end(f, LOCKED);
            }
            boolean groupRequires = !step.requiredForGroups().isEmpty() && memberOfAny(f, step.requiredForGroups());
            boolean mfaWanted = f.request.acrValues().contains(ACR_MULTI) && p.factors < 2;
            boolean required = step.when() == FlowDefinition.When.ALWAYS || groupRequires || mfaWanted;
            if (!required && p.factors >= 2) {
                p.step++; // already a multi-factor login: an optional step adds nothing
                continue;
            }
            List<String> applicable = new ArrayList<>();
            List<String> enrollable = new ArrayList<>();
            for (String option : installed) {
                Applicability a = applicability(f, option);
                if (a == Applicability.APPLICABLE) {
                    applicable.add(option);
                } else if (a == Applicability.NEEDS_ENROLMENT && authenticators.find(option).orElse(null) instanceof Enrolment) {
                    enrollable.add(option);
                }
            }
            if (!applicable.isEmpty()) {
                return startOption(f, applicable.get(0), applicable.subList(1, applicable.size()), false);
            }
            if (!required) {
                p.step++;
                continue;
            }
            if (!enrollable.isEmpty()) {
                return startOption(f, enrollable.get(0), enrollable.subList(1, enrollable.size()), true);
            }
            LOG.info("A login to {} needs step {} ({}), which the user can neither use nor set up", f.request.application().clientId(), p.step + 1,
                    step.options());
            return end(f, installed.isEmpty() ? UNAVAILABLE : NO_FACTOR);
        }
        if (f.request.enrol().isPresent() && !p.requestedEnrolmentDone) {
            return startRequestedEnrolment(f, f.request.enrol().get());
        }
        return complete(f);
    }

    /**
     * The factor the application asked the user to set up, once every step of the flow has passed:
     * whoever enrols has first proven every factor the flow asks of them, so a new factor cannot be
     * added with fewer than the existing ones. It adds nothing to acr or amr (it proves a secret made
     * a moment ago).
     */
    private FlowView startRequestedEnrolment(Flow f, String authenticatorId) {
        Progress p = f.progress;
        if (!(authenticator(authenticatorId).orElse(null) instanceof Enrolment)) {
            LOG.info("A login to {} asked to set up '{}', which is not installed or sets nothing up", f.request.application().clientId(),
                    authenticatorId);
            return end(f, CANNOT_ENROL);
        }
        p.inRequestedEnrolment = true;
        return startOption(f, authenticatorId, List.of(), true);
    }

    private FlowView startOption(Flow f, String option, List<String> alternatives, boolean enrolment) {
        Progress p = f.progress;
        p.option = option;
        p.enrolment = enrolment;
        p.alternatives = new ArrayList<>(alternatives);
        p.state = new LinkedHashMap<>();
        p.prompt = Optional.empty();
        p.error = Optional.empty();
        Optional<Authenticator> authenticator = authenticator(option);
        if (authenticator.isEmpty()) {
            return end(f, UNAVAILABLE);
        }
        EngineStepContext ctx = new EngineStepContext(f.request, f.environment, p.user, p.state);
        StepResult result;
        try {
            result = enrolment ? ((Enrolment) authenticator.get()).startEnrolment(ctx) : authenticator.get().start(ctx);
        } catch (RuntimeException e) {
            return failedPlugin(f, option, e);
        }
        p.state = new LinkedHashMap<>(ctx.stateValues());
        return handle(f, result);
    }

    private FlowView answer(Flow f, Submission submission) {
        Progress p = f.progress;
        Optional<Authenticator> authenticator = authenticator(p.option);
        if (authenticator.isEmpty()) {
            LOG.warn("A login is in the step of '{}', which is no longer installed", p.option);
            return end(f, UNAVAILABLE);
        }
        if (p.enrolment && !(authenticator.get() instanceof Enrolment)) {
            return end(f, UNAVAILABLE); // upgraded to a version that no longer enrols
        }
        EngineStepContext ctx = new EngineStepContext(f.request, f.environment, p.user, p.state);
        StepResult result;
        try {
            result = p.enrolment ? ((Enrolment) authenticator.get()).submitEnrolment(ctx, submission) : authenticator.get().submit(ctx, submission);
        } catch (RuntimeException e) {
            return failedPlugin(f, p.option, e);
        }
        p.state = new LinkedHashMap<>(ctx.stateValues());
        return handle(f, result);
    }

    private FlowView handle(Flow f, StepResult result) {
        Progress p = f.progress;
        if (result instanceof StepResult.Prompted prompted) {
            p.prompt = Optional.of(prompted.prompt());
            p.error = Optional.empty();
            return view(f);
        }
        if (result instanceof StepResult.Redirect redirect) {
            p.prompt = Optional.empty();
            return new Redirecting(redirect.location());
        }
        if (result instanceof StepResult.Failure failure) {
            return failed(f, failure);
        }
        StepResult.Success success = (StepResult.Success) result;
        if (p.user.isPresent() && !sameUser(p.user.get(), success.user())) {
            LOG.warn("A login to {} identified one user in one step and another in the next: refused", f.request.application().clientId());
            return end(f, DIFFERENT_USER);
        }
        if (p.inRequestedEnrolment) {
            p.inRequestedEnrolment = false;
            p.requestedEnrolmentDone = true;
            p.option = "";
            p.enrolment = false;
            p.state = new LinkedHashMap<>();
            p.prompt = Optional.empty();
            p.error = Optional.empty();
            return advance(f);
        }
        Authenticator authenticator = authenticators.find(p.option).orElse(null);
        p.user = Optional.of(success.user());
        p.amr.addAll(success.amr());
        p.passed.add(p.option);
        boolean verifiedPasskey = authenticator != null && authenticator.descriptor().kind() == AuthenticatorKind.PASSWORDLESS
                && success.amr().contains("user");
        // a step that proves nothing (setting up backup codes: no AMR) passes, but is no factor
        p.factors += success.amr().isEmpty() ? 0 : verifiedPasskey ? 2 : 1;
        p.step++;
        p.option = "";
        p.enrolment = false;
        p.alternatives = new ArrayList<>();
        p.state = new LinkedHashMap<>();
        p.prompt = Optional.empty();
        p.error = Optional.empty();
        return advance(f);
    }

    private FlowView failed(Flow f, StepResult.Failure failure) {
        Progress p = f.progress;
        if (failure.reason() == FailureReason.CREDENTIALS) {
            p.failures++;
            if (p.user.isPresent() && attempts.failed(f.request.organization(), qualified(p.user.get())).isPresent()) {
                return end(f, LOCKED);
            }
        }
        if (failure.reason() == FailureReason.ACCOUNT_LOCKED) {
            p.failures++;
        }
        if (!failure.retryable() || p.failures >= maxFailedAnswers) {
            return end(f, failure.retryable() ? TOO_MANY : failure.messageKey());
        }
        if (p.prompt.isEmpty()) {
            // failed before asking anything (a code could not be sent): an alternative may still work
            if (!p.alternatives.isEmpty()) {
                String next = p.alternatives.get(0);
                return startOption(f, next, p.alternatives.subList(1, p.alternatives.size()), p.enrolment);
            }
            return end(f, failure.messageKey());
        }
        p.error = Optional.of(failure.messageKey());
        return view(f);
    }

    private FlowView complete(Flow f) {
        Progress p = f.progress;
        p.completed = true;
        p.authTime = clock.instant().getEpochSecond();
        attempts.succeeded(f.request.organization(), qualified(p.user.get()));
        return view(f);
    }

    private FlowView end(Flow f, String messageKey) {
        f.progress.ended = Optional.of(messageKey);
        f.progress.prompt = Optional.empty();
        return new Ended(messageKey);
    }

    private FlowView failedPlugin(Flow f, String option, RuntimeException e) {
        String incident = UUID.randomUUID().toString();
        LOG.error("Authenticator '{}' failed (incident {})", option, incident, e);
        return end(f, UNAVAILABLE);
    }

    private FlowView view(Flow f) {
        Progress p = f.progress;
        if (p.ended.isPresent()) {
            return new Ended(p.ended.get());
        }
        if (p.completed) {
            return new Completed(f.requestId, p.user.orElseThrow(), p.amr, p.factors >= 2 ? ACR_MULTI : ACR_SINGLE, Instant.ofEpochSecond(p.authTime));
        }
        if (p.prompt.isEmpty()) {
            return new Ended(UNAVAILABLE);
        }
        List<Option> alternatives = new ArrayList<>();
        for (String id : p.alternatives) {
            authenticators.find(id).ifPresent(a -> alternatives.add(new Option(id, a.descriptor().displayName())));
        }
        int steps = f.steps().size() + (f.request.enrol().isPresent() ? 1 : 0);
        int step = p.inRequestedEnrolment ? steps : Math.min(p.step + 1, steps);
        return new Prompting(p.option, p.prompt.get(), p.enrolment, p.error, alternatives, step, steps);
    }

    /** The authenticator, waiting a little while one that just went away is being replaced. */
    private Optional<Authenticator> authenticator(String id) {
        return authenticators.await(id, upgradeGrace);
    }

    private Applicability applicability(Flow f, String option) {
        Optional<Authenticator> authenticator = authenticator(option);
        if (authenticator.isEmpty()) {
            return Applicability.NOT_APPLICABLE;
        }
        try {
            Applicability a = authenticator.get().applicability(new EngineStepContext(f.request, f.environment, f.progress.user, new LinkedHashMap<>()));
            return a == null ? Applicability.NOT_APPLICABLE : a;
        } catch (RuntimeException e) {
            LOG.warn("Authenticator '{}' could not tell whether it applies: {}", option, e.toString());
            return Applicability.NOT_APPLICABLE;
        }
    }

    private boolean memberOfAny(Flow f, Set<String> groups) {
        UserRef user = f.progress.user.orElseThrow();
        try {
            return directory.store(user.domain())
                    .map(s -> s.groupsOf(f.request.organization(), user.id()).stream().map(Group::name).anyMatch(groups::contains))
                    .orElse(false);
        } catch (RuntimeException e) {
            // cannot tell: require the step rather than let a store outage weaken a login
            LOG.warn("Group membership unavailable for a login to {}: {}", f.request.application().clientId(), e.toString());
            return true;
        }
    }

    /** The account's name as lockout counts it: {@code DOMAIN/username}. */
    private static String qualified(UserRef user) {
        return user.domain() + "/" + user.username();
    }

    private static boolean sameUser(UserRef a, UserRef b) {
        return a.domain().equals(b.domain()) && a.id().equals(b.id());
    }

    // ---------------------------------------------------------------- storage

    private record Loaded(Flow flow, long version) {}

    private Optional<Loaded> load(String handle, Environment environment) {
        if (handle == null || handle.length() < 32 || handle.length() > 128) {
            return Optional.empty();
        }
        String requestId;
        String orgId;
        String flowClient;
        int flowVersion;
        String progress;
        long version;
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT request_id, org_id, flow_client, flow_version, progress, version FROM gh_flow_context"
                        + " WHERE id = ? AND expires_at > ?")) {
            ps.setString(1, Secrets.digest(handle));
            Rows.setInstant(ps, 2, clock.instant());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                requestId = rs.getString(1);
                orgId = rs.getString(2);
                flowClient = rs.getString(3);
                flowVersion = rs.getInt(4);
                progress = rs.getString(5);
                version = rs.getLong(6);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        Optional<LoginRequest> request = requests.find(requestId);
        if (request.isEmpty() || !request.get().organization().id().equals(orgId)) {
            return Optional.empty();
        }
        Optional<LoginFlowDefinitions.Versioned> definition = definitions.version(request.get().organization(), flowClient, flowVersion);
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        Progress opened = Progress.fromJson(mapper, new String(encryption.open(progress, context(Secrets.digest(handle))), StandardCharsets.UTF_8));
        return Optional.of(new Loaded(new Flow(requestId, request.get(), definition.get(), opened, environment), version));
    }

    private boolean store(String handle, long version, Progress progress) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE gh_flow_context SET progress = ?, version = version + 1 WHERE id = ? AND version = ?")) {
            String id = Secrets.digest(handle);
            ps.setString(1, seal(id, progress));
            ps.setString(2, id);
            ps.setLong(3, version);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Progress is sealed under the master key: step state may hold a pending secret (a TOTP seed
     * not yet confirmed), and a database dump must not reveal it.
     */
    private String seal(String id, Progress progress) {
        String json = progress.toJson(mapper);
        if (json.length() > MAX_PROGRESS_CHARS) {
            throw new IllegalStateException("A login's progress outgrew its row (" + json.length() + " characters): an authenticator keeps too much");
        }
        return encryption.seal(json.getBytes(StandardCharsets.UTF_8), context(id));
    }

    private static String context(String id) {
        return "gh_flow_context/" + id;
    }

    /** Deletes expired logins in progress. @return how many */
    public int purge() {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_flow_context WHERE expires_at <= ?")) {
            Rows.setInstant(ps, 1, clock.instant());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Purging logins in progress failed: {}", e.getMessage());
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("Logins in progress are unavailable: " + e.getMessage(), e);
    }

    @Deactivate
    @Override
    public void close() {
        purger.shutdownNow();
    }
}
