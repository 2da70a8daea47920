package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.core.login.LoginEngine;
import org.junit.jupiter.api.Test;

class PageRendererTest {

    private static final Prompt PASSWORD = new Prompt("login.prompt.password",
            List.of(new Field("username", FieldType.USERNAME, "login.field.username", true, Map.of("autocomplete", "username")),
                    new Field("password", FieldType.PASSWORD, "login.field.password", true, Map.of("autocomplete", "current-password"))),
            List.of(new Action("submit", "login.action.submit")));

    private final PageRenderer renderer = new PageRenderer(new Settings("Acme ID", "/login/static/login.css"));

    static LoginEngine.Prompting view(Prompt prompt, Optional<String> error) {
        return new LoginEngine.Prompting("password", prompt, false, error, List.of(), 1, 1);
    }

    @Test
    void rendersThePromptWithTheStableContract() {
        String html = renderer.prompt(Messages.of(Locale.ENGLISH), "Portal", "REQ_id-1", "TOKEN", view(PASSWORD, Optional.empty()), Map.of());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">")
                .contains("<title>Sign in to Portal \u2013 Acme ID</title>")
                .contains("<link rel=\"stylesheet\" href=\"/login/static/login.css\">")
                .contains("<h1>Sign in to Portal</h1>")
                .contains("<form id=\"login-form\" method=\"post\" action=\"/login?request=REQ_id-1\"")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"TOKEN\">")
                .contains("<label for=\"username\">Username</label>")
                .contains("<input type=\"text\" id=\"username\" name=\"username\" required autofocus autocomplete=\"username\"")
                .contains("<label for=\"password\">Password</label>")
                .contains("<input type=\"password\" id=\"password\" name=\"password\" required autocomplete=\"current-password\">")
                .contains("<button type=\"submit\" name=\"action\" value=\"submit\" id=\"submit\">Sign in</button>")
                .doesNotContain("id=\"error\"").doesNotContain("<script");
    }

    @Test
    void showsErrorsAccessiblyKeepsTheUsernameButNeverThePassword() {
        String html = renderer.prompt(Messages.of(Locale.ENGLISH), "Portal", "R", "T", view(PASSWORD, Optional.of("login.error.invalid_credentials")), Map.of("username", "alice", "password", "secret"));
        assertThat(html).contains("<div id=\"error\" class=\"error\" role=\"alert\" aria-live=\"assertive\">The username or password is incorrect.</div>")
                .contains("value=\"alice\"").doesNotContain("secret")
                .contains("aria-invalid=\"true\" aria-describedby=\"error\"")
                .containsOnlyOnce("autofocus");
        assertThat(html.substring(html.indexOf("id=\"password\""))).startsWith("id=\"password\" name=\"password\" required aria-invalid=\"true\" aria-describedby=\"error\" autofocus");
    }

    @Test
    void escapesEveryDynamicValue() {
        PageRenderer evil = new PageRenderer(new Settings("<b>Brand</b>", "/x.css?a=\"b\""));
        Prompt prompt = new Prompt("<i>key</i>", List.of(new Field("q\"><script>", FieldType.TEXT, "<label>", true)),
                List.of(new Action("go\"", "<go>")));
        String html = evil.prompt(Messages.of(Locale.ENGLISH), "<script>alert(1)</script>", "R\"><x", "T\"<", view(prompt, Optional.of("<err>")), Map.of("q\"><script>", "\"><img src=x onerror=alert(1)>"));
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>").doesNotContain("<i>")
                .doesNotContain("<label>").doesNotContain("<go>").doesNotContain("<err>").doesNotContain("R\"")
                .contains("Sign in to &lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;b&gt;Brand&lt;/b&gt;");
    }

    @Test
    void rendersTheAccountChooserAndMessagePagesInTheChosenLanguage() {
        String account = renderer.account(Messages.of(Locale.GERMAN), "Portal", "R", "T", "<alice>");
        assertThat(account).contains("<html lang=\"de\">").contains("id=\"continue\"").contains("id=\"switch\"")
                .contains("Weiter als &lt;alice&gt;").contains("name=\"csrf\" value=\"T\"");
        String expired = renderer.message(Messages.of(Locale.ENGLISH), "login.page.expired.title", "login.page.expired.message");
        assertThat(expired).contains("<h1>This sign-in link has expired</h1>").contains("Go back to the application").doesNotContain("<form");
    }

    @Test
    void rendersOtherFieldTypesWithoutJavaScript() {
        Prompt prompt = new Prompt("p", List.of(
                new Field("code", FieldType.OTP, "c", true, Map.of("maxLength", "6")),
                new Field("email", FieldType.EMAIL, "e", false),
                new Field("pick", FieldType.CHOICE, "k", true, Map.of("choices", "a, b")),
                new Field("remember", FieldType.CHECKBOX, "r", false),
                new Field("nonce", FieldType.HIDDEN, "n", false, Map.of("value", "v1")),
                new Field("key", FieldType.WEBAUTHN_GET, "w", true)),
                List.of(new Action("submit", "s"), new Action("cancel", "x")));
        String html = renderer.prompt(Messages.of(Locale.ENGLISH), "App", "R", "T", view(prompt, Optional.empty()), Map.of("code", "123", "pick", "b"));
        assertThat(html).contains("inputmode=\"numeric\" autocomplete=\"one-time-code\"").doesNotContain("123")
                .contains("maxlength=\"6\"")
                .contains("type=\"email\"").contains("<option value=\"b\" selected>")
                .contains("type=\"checkbox\"").contains("type=\"hidden\" id=\"nonce\" name=\"nonce\" value=\"v1\"")
                .contains("<input type=\"hidden\" id=\"key\" name=\"key\" value=\"\" data-webauthn=\"get\">")
                .contains("<script type=\"application/json\" id=\"key-options\">{}</script>")
                .contains("<script src=\"/login/static/webauthn.js\"></script>")
                .contains("id=\"cancel\" class=\"secondary\" formnovalidate");
    }

    @Test
    void rendersStepsAlternativesQrCodesAndDataForTheFlow() {
        Prompt prompt = new Prompt("totp.enrol.title", List.of(new Field("qr", FieldType.QR_CODE, "totp.field.qr", false),
                new Field("code", FieldType.OTP, "totp.field.code", true)), List.of(new Action("submit", "s")),
                Map.of("qr", "otpauth://totp/Gatehouse:alice?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse", "manual_key", "JBSW Y3DP",
                        "codes", List.of("abcde-fghij", "</code><script>"), "options", Map.of("challenge", "x")));
        LoginEngine.Prompting view = new LoginEngine.Prompting("totp", prompt, true, Optional.empty(),
                List.of(new LoginEngine.Option("email-otp", "Email <code>")), 2, 2);
        String html = renderer.prompt(Messages.of(Locale.ENGLISH), "App", "R", "T", view, Map.of());
        assertThat(html).contains("<p id=\"step\" class=\"step\">Step 2 of 2</p>").contains("id=\"enrolment\"")
                .contains("<svg id=\"qr\" class=\"qr\"").contains("<code id=\"data-manual_key\">JBSW Y3DP</code>")
                .contains("<ul class=\"data\" id=\"data-codes\"><li><code>abcde-fghij</code></li><li><code>&lt;/code&gt;&lt;script&gt;</code></li></ul>")
                .doesNotContain("data-options").doesNotContain("<script")
                .contains("value=\"option:email-otp\" id=\"option-email-otp\">Use Email &lt;code&gt; instead</button>");
        assertThat(QrCodes.svg("x".repeat(2000), "q", "l")).as("too long to scan").isEmpty();
    }
}
