package org.gatehouse.protocol.oauth2.internal;

import java.util.Map;
import java.util.Set;

/**
 * The few pages the protocol itself shows: errors that must not redirect, consent, the form_post
 * response, the device verification steps and the logout confirmation. Plain HTML that works
 * without JavaScript, with the login pages' style sheet, every dynamic value escaped.
 */
final class Pages {

    static final String STYLESHEET = "/login/static/login.css";

    private Pages() {}

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><link rel=\"stylesheet\" href=\"" + STYLESHEET + "\"></head><body><main class=\"card\">"
                + "<h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
    }

    static String error(String title, String message) {
        return page(title, "<p id=\"error\" role=\"alert\">" + escape(message) + "</p>");
    }

    static String consent(String appName, Set<String> scopes, String action, Map<String, String> hidden) {
        StringBuilder list = new StringBuilder("<ul id=\"scopes\">");
        for (String s : scopes) {
            list.append("<li>").append(escape(describe(s))).append("</li>");
        }
        list.append("</ul>");
        return page("Allow " + appName + " access?", "<p><strong>" + escape(appName) + "</strong> asks to:</p>" + list
                + form(action, hidden, "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Allow</button> "
                        + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" class=\"secondary\">Deny</button>"));
    }

    static String form(String action, Map<String, String> hidden, String buttons) {
        StringBuilder b = new StringBuilder("<form method=\"post\" action=\"").append(escape(action)).append("\">");
        hidden.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(escape(k)).append("\" value=\"").append(escape(v)).append("\">"));
        return b.append(buttons).append("</form>").toString();
    }

    /** OAuth 2.0 Form Post Response Mode: the browser posts the response to the client. */
    static String formPost(String redirectUri, Map<String, String> response, String scriptNonce) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Continue</title></head><body>");
        b.append("<form method=\"post\" id=\"response\" action=\"").append(escape(redirectUri)).append("\">");
        response.forEach((k, v) -> b.append("<input type=\"hidden\" name=\"").append(escape(k)).append("\" value=\"").append(escape(v)).append("\">"));
        b.append("<noscript><button type=\"submit\">Continue</button></noscript></form>");
        b.append("<script nonce=\"").append(scriptNonce).append("\">document.getElementById('response').submit();</script></body></html>");
        return b.toString();
    }

    static String describe(String scope) {
        return switch (scope) {
            case "openid" -> "Sign you in";
            case "profile" -> "See your name and profile";
            case "email" -> "See your email address";
            case "phone" -> "See your phone number";
            case "address" -> "See your address";
            case "offline_access" -> "Stay signed in when you are away (offline access)";
            default -> "Use the permission \u201c" + scope + "\u201d";
        };
    }
}
