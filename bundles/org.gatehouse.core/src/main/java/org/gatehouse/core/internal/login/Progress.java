package org.gatehouse.core.internal.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.userstore.UserRef;

/**
 * Where one login stands, stored as JSON in its row: the step, the option in use, the user once
 * known, what was passed, the current step's state and the last prompt (so a page reload shows it
 * again without asking the authenticator, which might send another code).
 */
final class Progress {

    int step;
    String option = "";
    boolean enrolment;
    Optional<UserRef> user = Optional.empty();
    Set<String> amr = new LinkedHashSet<>();
    List<String> passed = new ArrayList<>();
    int factors;
    Map<String, String> state = new LinkedHashMap<>();
    Optional<Prompt> prompt = Optional.empty();
    Optional<String> error = Optional.empty();
    List<String> alternatives = new ArrayList<>();
    int failures;
    Optional<String> ended = Optional.empty();
    boolean completed;
    long authTime;
    /** In the enrolment the application asked for, after the flow's steps. */
    boolean inRequestedEnrolment;
    boolean requestedEnrolmentDone;

    String toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("step", step);
        n.put("option", option);
        n.put("enrolment", enrolment);
        user.ifPresent(u -> n.putObject("user").put("domain", u.domain()).put("id", u.id()).put("username", u.username()));
        amr.forEach(n.putArray("amr")::add);
        passed.forEach(n.putArray("passed")::add);
        n.put("factors", factors);
        ObjectNode s = n.putObject("state");
        state.forEach(s::put);
        prompt.ifPresent(p -> n.set("prompt", prompt(mapper, p)));
        error.ifPresent(e -> n.put("error", e));
        alternatives.forEach(n.putArray("alternatives")::add);
        n.put("failures", failures);
        ended.ifPresent(e -> n.put("ended", e));
        n.put("completed", completed);
        n.put("authTime", authTime);
        n.put("inRequestedEnrolment", inRequestedEnrolment);
        n.put("requestedEnrolmentDone", requestedEnrolmentDone);
        return n.toString();
    }

    static Progress fromJson(ObjectMapper mapper, String json) {
        try {
            JsonNode n = mapper.readTree(json);
            Progress p = new Progress();
            p.step = n.path("step").asInt();
            p.option = n.path("option").asText("");
            p.enrolment = n.path("enrolment").asBoolean();
            JsonNode u = n.get("user");
            if (u != null) {
                p.user = Optional.of(new UserRef(u.get("domain").asText(), u.get("id").asText(), u.get("username").asText()));
            }
            n.path("amr").forEach(a -> p.amr.add(a.asText()));
            n.path("passed").forEach(a -> p.passed.add(a.asText()));
            p.factors = n.path("factors").asInt();
            n.path("state").fields().forEachRemaining(e -> p.state.put(e.getKey(), e.getValue().asText()));
            if (n.hasNonNull("prompt")) {
                p.prompt = Optional.of(prompt(mapper, n.get("prompt")));
            }
            if (n.hasNonNull("error")) {
                p.error = Optional.of(n.get("error").asText());
            }
            n.path("alternatives").forEach(a -> p.alternatives.add(a.asText()));
            p.failures = n.path("failures").asInt();
            if (n.hasNonNull("ended")) {
                p.ended = Optional.of(n.get("ended").asText());
            }
            p.completed = n.path("completed").asBoolean();
            p.authTime = n.path("authTime").asLong();
            p.inRequestedEnrolment = n.path("inRequestedEnrolment").asBoolean();
            p.requestedEnrolmentDone = n.path("requestedEnrolmentDone").asBoolean();
            return p;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("A stored login is unreadable: " + e.getMessage(), e);
        }
    }

    private static ObjectNode prompt(ObjectMapper mapper, Prompt prompt) {
        ObjectNode n = mapper.createObjectNode();
        n.put("messageKey", prompt.messageKey());
        ArrayNode fields = n.putArray("fields");
        for (Field f : prompt.fields()) {
            ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().name()).put("labelKey", f.labelKey())
                    .put("required", f.required());
            ObjectNode hints = field.putObject("hints");
            f.hints().forEach(hints::put);
        }
        ArrayNode actions = n.putArray("actions");
        prompt.actions().forEach(a -> actions.addObject().put("name", a.name()).put("labelKey", a.labelKey()));
        n.set("data", mapper.valueToTree(prompt.data()));
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Prompt prompt(ObjectMapper mapper, JsonNode n) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : n.path("fields")) {
            Map<String, String> hints = new LinkedHashMap<>();
            f.path("hints").fields().forEachRemaining(e -> hints.put(e.getKey(), e.getValue().asText()));
            fields.add(new Field(f.get("name").asText(), FieldType.valueOf(f.get("type").asText()), f.get("labelKey").asText(),
                    f.path("required").asBoolean(), hints));
        }
        List<Action> actions = new ArrayList<>();
        n.path("actions").forEach(a -> actions.add(new Action(a.get("name").asText(), a.get("labelKey").asText())));
        Map<String, Object> data = n.hasNonNull("data") ? mapper.convertValue(n.get("data"), Map.class) : Map.of();
        return new Prompt(n.get("messageKey").asText(), fields, actions, withoutNulls(data));
    }

    /** Map.copyOf in Prompt refuses null values; JSON may carry them. */
    private static Map<String, Object> withoutNulls(Map<String, Object> data) {
        Map<String, Object> clean = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            if (v != null) {
                clean.put(k, v);
            }
        });
        return clean;
    }
}
