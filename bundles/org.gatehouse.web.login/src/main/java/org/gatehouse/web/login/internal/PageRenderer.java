package org.gatehouse.web.login.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.session.LoginRequests;

/**
 * Renders the login pages as HTML5 that works without JavaScript. Every dynamic value passes
 * through {@link Html#escape}. The ids and names below are a contract that tests and custom
 * style sheets rely on: form {@code login-form}, inputs named and identified by their field name,
 * hidden {@code csrf}, buttons {@code name="action"} identified by the action name, error {@code
 * error}; the account chooser has buttons {@code continue} and {@code switch}.
 */
final class PageRenderer {

    static final String CSRF_FIELD = "csrf";
    static final String ACTION_FIELD = "action";

    private final Settings settings;

    PageRenderer(Settings settings) {
        this.settings = settings;
    }

    /**
     * A prompt of the login flow.
     *
     * @param values values to show again (never for secret fields)
     */
    String prompt(Messages m, String appName, String requestId, String csrf, LoginEngine.Prompting view, Map<String, String> values) {
        Prompt prompt = view.prompt();
        Optional<String> error = view.error();
        StringBuilder b = new StringBuilder(4096);
        b.append("<h1>").append(m.html("login.heading", appName)).append("</h1>\n");
        if (view.steps() > 1) {
            b.append("<p id=\"step\" class=\"step\">").append(m.html("login.step", view.step(), view.steps())).append("</p>\n");
        }
        if (view.enrolment()) {
            b.append("<p id=\"enrolment\" class=\"enrolment\">").append(m.html("login.enrolment")).append("</p>\n");
        }
        b.append("<p id=\"prompt\">").append(m.html(prompt.messageKey())).append("</p>\n");
        error.ifPresent(key -> b.append("<div id=\"error\" class=\"error\" role=\"alert\" aria-live=\"assertive\">").append(m.html(key)).append("</div>\n"));
        b.append("<form id=\"login-form\" method=\"post\" action=\"").append(Html.escape(action(requestId)))
                .append("\" accept-charset=\"UTF-8\">\n");
        b.append("<input type=\"hidden\" name=\"").append(CSRF_FIELD).append("\" value=\"").append(Html.escape(csrf)).append("\">\n");
        boolean focused = false;
        boolean webauthn = false;
        for (Field f : prompt.fields()) {
            if (f.name().equals(CSRF_FIELD) || f.name().equals(ACTION_FIELD)) {
                continue; // reserved by the page
            }
            String value = secret(f.type()) ? "" : values.getOrDefault(f.name(), "");
            boolean focus = !focused && value.isEmpty() && visible(f.type());
            focused |= focus;
            webauthn |= f.type() == FieldType.WEBAUTHN_CREATE || f.type() == FieldType.WEBAUTHN_GET;
            field(b, m, f, value, error.isPresent(), focus, prompt.data());
        }
        data(b, m, view.authenticatorId(), prompt);
        b.append("<div class=\"actions\">\n");
        List<Action> actions = prompt.actions();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            b.append("<button type=\"submit\" name=\"").append(ACTION_FIELD).append("\" value=\"").append(Html.escape(a.name()))
                    .append("\" id=\"").append(Html.escape(a.name())).append('"').append(i == 0 ? "" : " class=\"secondary\" formnovalidate").append('>')
                    .append(m.html(a.labelKey())).append("</button>\n");
        }
        b.append("</div>\n");
        if (!view.alternatives().isEmpty()) {
            b.append("<div class=\"alternatives\" id=\"alternatives\">\n");
            for (LoginEngine.Option o : view.alternatives()) {
                b.append("<button type=\"submit\" class=\"secondary\" formnovalidate name=\"").append(ACTION_FIELD).append("\" value=\"")
                        .append(Html.escape(LoginServlet.OPTION_PREFIX + o.authenticatorId())).append("\" id=\"option-")
                        .append(Html.escape(o.authenticatorId())).append("\">").append(m.html("login.option.use", o.displayName())).append("</button>\n");
            }
            b.append("</div>\n");
        }
        b.append("</form>\n");
        if (webauthn) {
            b.append("<script src=\"").append(Html.escape(StaticResourceServlet.WEBAUTHN_JS_PATH)).append("\"></script>\n");
        }
        return page(m, m.text("login.heading", appName), b);
    }

    /**
     * Prompt data that is not a field's (a manual key, a list of backup codes): shown as text, with
     * a label when the authenticator has one ({@code <id>.data.<name>}). Structured values are for
     * rich fields and are not shown.
     */
    private static void data(StringBuilder b, Messages m, String authenticatorId, Prompt prompt) {
        java.util.Set<String> fieldNames = new java.util.HashSet<>();
        prompt.fields().forEach(f -> fieldNames.add(f.name()));
        prompt.data().forEach((name, value) -> {
            if (fieldNames.contains(name) || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                return;
            }
            String labelKey = authenticatorId + ".data." + name;
            String label = m.text(labelKey);
            String id = "data-" + name;
            if (value instanceof String || value instanceof Number) {
                b.append("<div class=\"data\">");
                if (!label.equals(labelKey)) {
                    b.append("<span class=\"label\">").append(Html.escape(label)).append("</span> ");
                }
                b.append("<code id=\"").append(Html.escape(id)).append("\">").append(Html.escape(String.valueOf(value))).append("</code></div>\n");
            } else if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String)) {
                if (!label.equals(labelKey)) {
                    b.append("<p class=\"label\">").append(Html.escape(label)).append("</p>\n");
                }
                b.append("<ul class=\"data\" id=\"").append(Html.escape(id)).append("\">");
                list.forEach(v -> b.append("<li><code>").append(Html.escape((String) v)).append("</code></li>"));
                b.append("</ul>\n");
            }
        });
    }

    /** Lets the user continue with the session's account or sign in with another. */
    String account(Messages m, String appName, String requestId, String csrf, String username) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<h1>").append(m.html("login.heading", appName)).append("</h1>\n");
        b.append("<p id=\"prompt\">").append(m.html("login.account.prompt")).append("</p>\n");
        b.append("<form id=\"account-form\" method=\"post\" action=\"").append(Html.escape(action(requestId))).append("\" accept-charset=\"UTF-8\">\n");
        b.append("<input type=\"hidden\" name=\"").append(CSRF_FIELD).append("\" value=\"").append(Html.escape(csrf)).append("\">\n");
        b.append("<div class=\"actions\">\n");
        b.append("<button type=\"submit\" name=\"action\" value=\"continue\" id=\"continue\">").append(m.html("login.account.continue", username)).append("</button>\n");
        b.append("<button type=\"submit\" name=\"action\" value=\"switch\" id=\"switch\" class=\"secondary\">").append(m.html("login.account.switch")).append("</button>\n");
        b.append("</div>\n</form>\n");
        return page(m, m.text("login.heading", appName), b);
    }

    /** A page that only says something: an expired link, a refused form, an outage. */
    String message(Messages m, String titleKey, String messageKey) {
        StringBuilder b = new StringBuilder(512);
        b.append("<h1>").append(m.html(titleKey)).append("</h1>\n");
        b.append("<p id=\"message\">").append(m.html(messageKey)).append("</p>\n");
        return page(m, m.text(titleKey), b);
    }

    static String action(String requestId) {
        return LoginRequests.LOGIN_PATH + "?request=" + requestId;
    }

    private String page(Messages m, String title, CharSequence body) {
        return "<!DOCTYPE html>\n<html lang=\"" + Html.escape(m.locale().toLanguageTag()) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + m.html("login.page.title", title, settings.productName()) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + Html.escape(settings.cssUrl()) + "\">\n</head>\n<body>\n<main>\n"
                + "<p class=\"brand\">" + Html.escape(settings.productName()) + "</p>\n" + body + "</main>\n</body>\n</html>\n";
    }

    private static boolean secret(FieldType type) {
        return type == FieldType.PASSWORD || type == FieldType.OTP;
    }

    private static boolean visible(FieldType type) {
        return type != FieldType.HIDDEN && type != FieldType.QR_CODE && type != FieldType.WEBAUTHN_CREATE && type != FieldType.WEBAUTHN_GET;
    }

    private static void field(StringBuilder b, Messages m, Field f, String value, boolean invalid, boolean focus, Map<String, Object> data) {
        String id = Html.escape(f.name());
        String common = " id=\"" + id + "\" name=\"" + id + "\"" + (f.required() ? " required" : "")
                + (invalid ? " aria-invalid=\"true\" aria-describedby=\"error\"" : "") + (focus ? " autofocus" : "")
                + Optional.ofNullable(f.hints().get("maxLength")).filter(s -> s.matches("\\d{1,5}")).map(s -> " maxlength=\"" + s + "\"").orElse("");
        String label = "<label for=\"" + id + "\">" + m.html(f.labelKey()) + "</label>";
        switch (f.type()) {
            case HIDDEN -> b.append("<input type=\"hidden\" id=\"").append(id).append("\" name=\"").append(id).append("\" value=\"")
                    .append(Html.escape(value.isEmpty() ? f.hints().getOrDefault("value", "") : value)).append("\">\n");
            case CHECKBOX -> b.append("<div class=\"check\"><input type=\"checkbox\" value=\"true\"").append(common)
                    .append("true".equals(value) ? " checked" : "").append(">").append(label).append("</div>\n");
            case CHOICE -> {
                b.append("<div class=\"field\">").append(label).append("<select").append(common).append(">\n");
                for (String choice : f.hints().getOrDefault("choices", "").split(",")) {
                    if (!choice.isBlank()) {
                        String c = choice.strip();
                        b.append("<option value=\"").append(Html.escape(c)).append('"').append(c.equals(value) ? " selected" : "").append('>')
                                .append(m.html(c)).append("</option>\n");
                    }
                }
                b.append("</select></div>\n");
            }
            case QR_CODE -> {
                Object content = data.get(f.name());
                String svg = content instanceof String c ? QrCodes.svg(c, f.name(), m.text(f.labelKey())) : "";
                b.append("<div class=\"qr-code\">").append(svg.isEmpty() ? "<p class=\"unsupported\">" + m.html("login.field.unsupported") + "</p>" : svg)
                        .append("<p>").append(m.html(f.labelKey())).append("</p></div>\n");
            }
            case WEBAUTHN_CREATE, WEBAUTHN_GET -> {
                // the options go to the script as JSON data (not executed, so the CSP allows it);
                // the script puts the browser's answer into the hidden field and submits the form
                b.append("<input type=\"hidden\" id=\"").append(id).append("\" name=\"").append(id).append("\" value=\"\" data-webauthn=\"")
                        .append(f.type() == FieldType.WEBAUTHN_CREATE ? "create" : "get").append("\">\n");
                b.append("<script type=\"application/json\" id=\"").append(id).append("-options\">")
                        .append(Json.forScript(data.getOrDefault(f.name(), Map.of()))).append("</script>\n");
                b.append("<noscript><p class=\"unsupported\">").append(m.html("login.field.webauthn_needs_script")).append("</p></noscript>\n");
                b.append("<button type=\"button\" class=\"webauthn\" id=\"").append(id).append("-start\" data-field=\"").append(id).append("\">")
                        .append(m.html(f.labelKey())).append("</button>\n");
            }
            default -> {
                String type;
                String extra;
                switch (f.type()) {
                    case USERNAME -> {
                        type = "text";
                        extra = " autocomplete=\"" + Html.escape(f.hints().getOrDefault("autocomplete", "username")) + "\" autocapitalize=\"none\" spellcheck=\"false\"";
                    }
                    case PASSWORD -> {
                        type = "password";
                        extra = " autocomplete=\"" + Html.escape(f.hints().getOrDefault("autocomplete", "current-password")) + "\"";
                    }
                    case OTP -> {
                        type = "text";
                        extra = " inputmode=\"numeric\" autocomplete=\"" + Html.escape(f.hints().getOrDefault("autocomplete", "one-time-code")) + "\"";
                    }
                    case EMAIL -> {
                        type = "email";
                        extra = " autocomplete=\"" + Html.escape(f.hints().getOrDefault("autocomplete", "email")) + "\"";
                    }
                    case PHONE -> {
                        type = "tel";
                        extra = " autocomplete=\"" + Html.escape(f.hints().getOrDefault("autocomplete", "tel")) + "\"";
                    }
                    default -> {
                        type = "text";
                        extra = f.hints().containsKey("autocomplete") ? " autocomplete=\"" + Html.escape(f.hints().get("autocomplete")) + "\"" : "";
                    }
                }
                b.append("<div class=\"field\">").append(label).append("<input type=\"").append(type).append('"').append(common).append(extra);
                if (!value.isEmpty()) {
                    b.append(" value=\"").append(Html.escape(value)).append('"');
                }
                b.append("></div>\n");
            }
        }
    }
}
