package org.gatehouse.web.login.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
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
     * A prompt of an authenticator.
     *
     * @param values values to show again (never for secret fields)
     * @param error the message key of an error to show
     */
    String prompt(Messages m, String appName, String requestId, String csrf, Prompt prompt, Map<String, String> values, Optional<String> error) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<h1>").append(m.html("login.heading", appName)).append("</h1>\n");
        b.append("<p id=\"prompt\">").append(m.html(prompt.messageKey())).append("</p>\n");
        error.ifPresent(key -> b.append("<div id=\"error\" class=\"error\" role=\"alert\" aria-live=\"assertive\">").append(m.html(key)).append("</div>\n"));
        b.append("<form id=\"login-form\" method=\"post\" action=\"").append(Html.escape(action(requestId)))
                .append("\" accept-charset=\"UTF-8\">\n");
        b.append("<input type=\"hidden\" name=\"").append(CSRF_FIELD).append("\" value=\"").append(Html.escape(csrf)).append("\">\n");
        boolean focused = false;
        for (Field f : prompt.fields()) {
            if (f.name().equals(CSRF_FIELD) || f.name().equals(ACTION_FIELD)) {
                continue; // reserved by the page
            }
            String value = secret(f.type()) ? "" : values.getOrDefault(f.name(), "");
            boolean focus = !focused && value.isEmpty() && visible(f.type());
            focused |= focus;
            field(b, m, f, value, error.isPresent(), focus);
        }
        b.append("<div class=\"actions\">\n");
        List<Action> actions = prompt.actions();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            b.append("<button type=\"submit\" name=\"").append(ACTION_FIELD).append("\" value=\"").append(Html.escape(a.name()))
                    .append("\" id=\"").append(Html.escape(a.name())).append('"').append(i == 0 ? "" : " class=\"secondary\"").append('>')
                    .append(m.html(a.labelKey())).append("</button>\n");
        }
        b.append("</div>\n</form>\n");
        return page(m, m.text("login.heading", appName), b);
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

    private static void field(StringBuilder b, Messages m, Field f, String value, boolean invalid, boolean focus) {
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
            case QR_CODE, WEBAUTHN_CREATE, WEBAUTHN_GET -> b.append("<p class=\"unsupported\">").append(m.html("login.field.unsupported")).append("</p>\n");
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
