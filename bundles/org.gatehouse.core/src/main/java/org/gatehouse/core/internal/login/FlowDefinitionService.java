package org.gatehouse.core.internal.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.jdbc.Rows;
import org.gatehouse.core.login.FlowDefinition;
import org.gatehouse.core.login.FlowValidationException;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Flow definitions in the database, one immutable row per version. Versions are cached for good
 * (they never change); the latest version per scope is read from the database at each login start,
 * so an edit on one node applies on every node at once.
 */
@Component(service = LoginFlowDefinitions.class)
public final class FlowDefinitionService implements LoginFlowDefinitions {

    static final int MAX_STEPS = 10;
    static final int MAX_OPTIONS = 10;
    static final int MAX_JSON = 16_000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<AuthenticatorKind> IDENTIFYING = Set.of(AuthenticatorKind.FIRST_FACTOR, AuthenticatorKind.PASSWORDLESS,
            AuthenticatorKind.FEDERATED);

    /**
     * Without a stored flow: a password or a passkey, then a second factor the user has set up
     * themselves. Codes by email or SMS are not in it: they apply to anyone with an address or a
     * number, so listing them here would impose a second step on every such user (and end every
     * login where no channel is configured); flows name them when an operator wants them.
     * Options that are not installed are passed over when the flow runs.
     */
    static final FlowDefinition BUILT_IN = new FlowDefinition(List.of(
            new FlowDefinition.Step(List.of("password", "passkey")),
            new FlowDefinition.Step(List.of("totp", "passkey", "backup-codes"), FlowDefinition.When.ENROLLED, Set.of())));

    private final Database database;
    private final AuthenticatorRegistry authenticators;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Versioned> versions = new ConcurrentHashMap<>();

    @Activate
    public FlowDefinitionService(@Reference Database database, @Reference AuthenticatorRegistry authenticators) {
        this(database, authenticators, Clock.systemUTC());
    }

    public FlowDefinitionService(Database database, AuthenticatorRegistry authenticators, Clock clock) {
        this.database = database;
        this.authenticators = authenticators;
        this.clock = clock;
        database.migrate("core", Migration.load(FlowDefinitionService.class.getClassLoader(), "db/core"));
    }

    @Override
    public Versioned effective(OrganizationRef organization, String clientId) {
        return stored(organization, clientId)
                .or(() -> stored(organization, ORGANIZATION_DEFAULT))
                .orElse(new Versioned(ORGANIZATION_DEFAULT, 0, BUILT_IN, Optional.empty()));
    }

    @Override
    public Optional<Versioned> stored(OrganizationRef organization, String scope) {
        return read("SELECT client_id, version, definition, created_at FROM gh_flow_definition WHERE org_id = ? AND client_id = ?"
                + " ORDER BY version DESC LIMIT 1", organization.id(), scope, null);
    }

    @Override
    public Optional<Versioned> version(OrganizationRef organization, String scope, int version) {
        if (version == 0) {
            return Optional.of(new Versioned(ORGANIZATION_DEFAULT, 0, BUILT_IN, Optional.empty()));
        }
        String cacheKey = organization.id() + "\n" + scope + "\n" + version;
        Versioned cached = versions.get(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Versioned> found = read("SELECT client_id, version, definition, created_at FROM gh_flow_definition WHERE org_id = ? AND client_id = ?"
                + " AND version = ?", organization.id(), scope, version);
        found.ifPresent(v -> versions.put(cacheKey, v));
        return found;
    }

    @Override
    public Versioned save(OrganizationRef organization, String scope, FlowDefinition definition, int expectedVersion) {
        validate(definition);
        int current = stored(organization, scope).map(Versioned::version).orElse(0);
        if (current != expectedVersion) {
            throw new FlowVersionConflictException(current);
        }
        Instant now = clock.instant();
        int next = current + 1;
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_flow_definition (org_id, client_id, version, definition, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, organization.id());
            ps.setString(2, scope);
            ps.setInt(3, next);
            ps.setString(4, toJson(definition));
            Rows.setInstant(ps, 5, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.isUniqueViolation(e)) {
                // another editor inserted the same version number between our read and write
                throw new FlowVersionConflictException(stored(organization, scope).map(Versioned::version).orElse(next));
            }
            throw new IllegalStateException("Cannot store the login flow: " + e.getMessage(), e);
        }
        return new Versioned(scope, next, definition, Optional.of(now));
    }

    // ---------------------------------------------------------------- JSON

    @Override
    public FlowDefinition parse(String json) {
        if (json == null || json.isBlank()) {
            throw new FlowValidationException(List.of("The flow is empty: send {\"steps\": [...]}"));
        }
        if (json.length() > MAX_JSON) {
            throw new FlowValidationException(List.of("The flow is longer than " + MAX_JSON + " characters"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FlowValidationException(List.of("The flow is not valid JSON (line " + e.getLocation().getLineNr() + ")"));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new FlowValidationException(List.of("The flow must be a JSON object with \"steps\""));
        }
        unknownFields(root, Set.of("steps"), "The flow", problems);
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray()) {
            throw new FlowValidationException(List.of("\"steps\" must be an array of steps"));
        }
        List<FlowDefinition.Step> parsed = new ArrayList<>();
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            String where = "Step " + n;
            if (!step.isObject()) {
                problems.add(where + " must be an object with \"options\"");
                continue;
            }
            unknownFields(step, Set.of("options", "when", "requiredForGroups"), where, problems);
            List<String> options = strings(step.get("options"), where + ": \"options\"", problems);
            FlowDefinition.When when = FlowDefinition.When.ALWAYS;
            JsonNode whenNode = step.get("when");
            if (whenNode != null) {
                String value = whenNode.isTextual() ? whenNode.asText().toUpperCase(Locale.ROOT) : "";
                if (value.equals("ALWAYS") || value.equals("ENROLLED")) {
                    when = FlowDefinition.When.valueOf(value);
                } else {
                    problems.add(where + ": \"when\" must be \"always\" or \"enrolled\"");
                }
            }
            List<String> groups = step.has("requiredForGroups") ? strings(step.get("requiredForGroups"), where + ": \"requiredForGroups\"", problems)
                    : List.of();
            parsed.add(new FlowDefinition.Step(options, when, new LinkedHashSet<>(groups)));
        }
        if (!problems.isEmpty()) {
            throw new FlowValidationException(problems);
        }
        FlowDefinition definition = new FlowDefinition(parsed);
        validate(definition);
        return definition;
    }

    @Override
    public String toJson(FlowDefinition definition) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode steps = root.putArray("steps");
        for (FlowDefinition.Step step : definition.steps()) {
            ObjectNode s = steps.addObject();
            step.options().forEach(s.putArray("options")::add);
            s.put("when", step.when().name().toLowerCase(Locale.ROOT));
            if (!step.requiredForGroups().isEmpty()) {
                step.requiredForGroups().stream().sorted().forEach(s.putArray("requiredForGroups")::add);
            }
        }
        return root.toString();
    }

    /** Parses a stored definition: it was valid when saved, so only its shape is checked. */
    FlowDefinition parseStored(String json) {
        try {
            JsonNode root = mapper.readTree(json);
            List<FlowDefinition.Step> steps = new ArrayList<>();
            for (JsonNode step : root.get("steps")) {
                List<String> options = new ArrayList<>();
                step.get("options").forEach(o -> options.add(o.asText()));
                Set<String> groups = new LinkedHashSet<>();
                if (step.has("requiredForGroups")) {
                    step.get("requiredForGroups").forEach(g -> groups.add(g.asText()));
                }
                FlowDefinition.When when = step.has("when") ? FlowDefinition.When.valueOf(step.get("when").asText().toUpperCase(Locale.ROOT))
                        : FlowDefinition.When.ALWAYS;
                steps.add(new FlowDefinition.Step(options, when, groups));
            }
            return new FlowDefinition(steps);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("A stored login flow is unreadable: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- validation

    @Override
    public void validate(FlowDefinition definition) {
        List<String> problems = new ArrayList<>();
        List<FlowDefinition.Step> steps = definition.steps();
        if (steps.isEmpty()) {
            problems.add("A flow needs at least one step");
        }
        if (steps.size() > MAX_STEPS) {
            problems.add("A flow has at most " + MAX_STEPS + " steps");
        }
        boolean identified = false;
        for (int i = 0; i < steps.size(); i++) {
            FlowDefinition.Step step = steps.get(i);
            String where = "Step " + (i + 1);
            if (step.options().isEmpty()) {
                problems.add(where + " is empty: it needs at least one authenticator");
            }
            if (step.options().size() > MAX_OPTIONS) {
                problems.add(where + " offers more than " + MAX_OPTIONS + " authenticators");
            }
            if (new HashSet<>(step.options()).size() != step.options().size()) {
                problems.add(where + " names the same authenticator twice");
            }
            boolean stepIdentifies = !step.options().isEmpty();
            for (String option : step.options()) {
                if (!ID.matcher(option).matches()) {
                    problems.add(where + ": '" + option + "' is not an authenticator id");
                    stepIdentifies = false;
                    continue;
                }
                Optional<Authenticator> authenticator = authenticators.find(option);
                if (authenticator.isEmpty()) {
                    problems.add(where + ": no authenticator '" + option + "' is installed");
                    stepIdentifies = false;
                    continue;
                }
                boolean identifies = IDENTIFYING.contains(authenticator.get().descriptor().kind());
                if (!identified && !identifies) {
                    problems.add(where + " can never run: '" + option + "' verifies a user an earlier step identified, and no earlier step"
                            + " identifies one (put a password, passkey or federated login first)");
                }
                stepIdentifies &= identifies;
            }
            if (!identified && step.when() == FlowDefinition.When.ENROLLED) {
                problems.add(where + " cannot depend on the user's factors: the user is not known yet");
            }
            for (String group : step.requiredForGroups()) {
                if (group.isBlank() || group.length() > 255) {
                    problems.add(where + ": group names in \"requiredForGroups\" must be 1-255 characters");
                }
            }
            identified |= stepIdentifies;
        }
        if (!problems.isEmpty()) {
            throw new FlowValidationException(problems);
        }
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + " has an unknown field \"" + name + "\" (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static List<String> strings(JsonNode node, String where, List<String> problems) {
        List<String> values = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add(where + " must be an array of strings");
            return values;
        }
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                problems.add(where + " must contain strings only");
            } else {
                values.add(value.asText());
            }
        }
        return values;
    }

    private Optional<Versioned> read(String sql, String orgId, String scope, Integer version) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orgId);
            ps.setString(2, scope);
            if (version != null) {
                ps.setInt(3, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Versioned(rs.getString(1), rs.getInt(2), parseStored(rs.getString(3)),
                        Optional.ofNullable(Rows.instant(rs, "created_at"))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the login flow: " + e.getMessage(), e);
        }
    }
}
