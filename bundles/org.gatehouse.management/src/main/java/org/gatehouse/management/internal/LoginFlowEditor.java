package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.ws.rs.core.Response;
import org.gatehouse.core.login.FlowDefinition;
import org.gatehouse.core.login.FlowValidationException;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.gatehouse.core.login.LoginFlowDefinitions.FlowVersionConflictException;
import org.gatehouse.core.login.LoginFlowDefinitions.Versioned;

/**
 * Reading and replacing one scope's login flow over HTTP, shared by the application and the
 * organization resources. The rules of a flow are the core's ({@link LoginFlowDefinitions}); this
 * class only speaks HTTP.
 *
 * <p>Concurrency: the ETag is the version stored for exactly this scope, 0 when the scope has none
 * and inherits. That is what {@code If-Match} of a PUT is checked against, so that a GET-then-PUT
 * with the ETag it read works, and so that an ETag of an inherited flow can never match a later
 * version of the scope's own flow (which would lose that version's edit).
 */
final class LoginFlowEditor {

    static final String ENTITY = "login flow";

    /** The answer to a GET or PUT: the flow that applies to the scope and where it comes from. */
    record LoginFlowView(String scope, int version, boolean inherited, JsonNode steps) {}

    private final JsonCodec codec;
    private final Supplier<LoginFlowDefinitions> definitions;

    LoginFlowEditor(JsonCodec codec, Supplier<LoginFlowDefinitions> definitions) {
        this.codec = codec;
        this.definitions = definitions;
    }

    /** @param scope a client id, or {@link LoginFlowDefinitions#ORGANIZATION_DEFAULT} */
    Response read(String scope) {
        LoginFlowDefinitions flows = flows();
        Versioned shown = CoreCalls.call(() -> flows.effective(Directory.ORG, scope), "The login flow store");
        // one read decides both: the scope's own flow comes back with the scope, a default without
        boolean inherited = shown.version() == 0 || !shown.scope().equals(scope);
        return answer(flows, scope, shown, inherited);
    }

    /**
     * Stores the body as the scope's next flow version.
     *
     * @throws ApiException 400 with {@code problems} when the body is not a flow that can work, 428
     *     without {@code If-Match}, 412 when it does not name the scope's current version
     */
    Response replace(String scope, Preconditions.IfMatch ifMatch, InputStream body) {
        LoginFlowDefinitions flows = flows();
        FlowDefinition definition = parse(flows, body);
        int current = CoreCalls.call(() -> flows.stored(Directory.ORG, scope), "The login flow store").map(Versioned::version).orElse(0);
        Preconditions.Expected expected = Preconditions.forUpdate(ifMatch, Optional.empty(), current, ENTITY);
        Versioned saved;
        try {
            saved = CoreCalls.call(() -> flows.save(Directory.ORG, scope, definition, (int) expected.version()), "The login flow store");
        } catch (FlowVersionConflictException e) {
            // another editor saved between our check and our write
            throw Preconditions.failed(ENTITY, e.current());
        } catch (FlowValidationException e) {
            // valid when parsed, but an authenticator it names went away meanwhile
            throw invalid(e.problems());
        }
        return answer(flows, scope, saved, false);
    }

    /**
     * Reads the body with the API's strict JSON rules (size, duplicate keys, trailing content), then
     * lets the core parse and validate it, so that every answer lists its problems the same way.
     */
    private FlowDefinition parse(LoginFlowDefinitions flows, InputStream body) {
        JsonNode tree;
        try {
            tree = codec.read(body, JsonNode.class);
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e; // 413 stays 413
            }
            Problem p = e.problem();
            throw new ApiException(new Problem(p.type(), p.title(), 400, p.detail(), p.errors(), null, null, List.of(p.detail())), Map.of());
        }
        try {
            return flows.parse(tree.toString());
        } catch (FlowValidationException e) {
            throw invalid(e.problems());
        }
    }

    static ApiException invalid(List<String> problems) {
        String detail = problems.size() == 1
                ? "The login flow cannot work: " + problems.get(0)
                : "The login flow cannot work: " + problems.size() + " problems, each in problems";
        return new ApiException(new Problem(ProblemType.INVALID_LOGIN_FLOW.uri(), ProblemType.INVALID_LOGIN_FLOW.title(400), 400, detail,
                null, null, null, problems), Map.of());
    }

    private Response answer(LoginFlowDefinitions flows, String scope, Versioned shown, boolean inherited) {
        JsonNode steps;
        try {
            // the core's own JSON form, so the API shows exactly what it stores and accepts
            steps = codec.readValue(flows.toJson(shown.definition()).getBytes(StandardCharsets.UTF_8), JsonNode.class).get("steps");
        } catch (IOException e) {
            throw new UncheckedIOException("The core wrote a login flow that is not JSON", e);
        }
        int own = inherited ? 0 : shown.version();
        return Response.ok(new LoginFlowView(scope, shown.version(), inherited, steps))
                .header("ETag", Preconditions.etag(own))
                .build();
    }

    private LoginFlowDefinitions flows() {
        LoginFlowDefinitions flows = definitions.get();
        if (flows == null) {
            throw ApiException.unavailable("The login flow definitions are not available yet; retry shortly");
        }
        return flows;
    }
}
