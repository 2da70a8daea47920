package org.gatehouse.api.internal;

import java.util.Locale;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;

/**
 * Recursive-descent parser for SCIM filters (RFC 7644 section 3.4.2.2). Precedence: {@code not},
 * then {@code and}, then {@code or}; parentheses group. Bounded in length and nesting depth, since
 * filters come straight from untrusted query strings.
 */
public final class FilterParser {

    private static final int MAX_LENGTH = 4096;
    private static final int MAX_DEPTH = 32;
    private static final String CORE_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:";

    private final String in;
    private int pos;
    private int depth;

    public FilterParser(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidFilterException("The filter is empty");
        }
        if (input.length() > MAX_LENGTH) {
            throw new InvalidFilterException("The filter is longer than " + MAX_LENGTH + " characters");
        }
        this.in = input;
    }

    public Filter parse() {
        Filter f = or();
        skipSpace();
        if (pos < in.length()) {
            throw error("unexpected '" + in.charAt(pos) + "'");
        }
        return f;
    }

    private Filter or() {
        enter();
        Filter left = and();
        while (keyword("or")) {
            left = new Filter.Or(left, and());
        }
        depth--;
        return left;
    }

    private Filter and() {
        Filter left = not();
        while (keyword("and")) {
            left = new Filter.And(left, not());
        }
        return left;
    }

    private Filter not() {
        if (keyword("not")) {
            expect('(');
            Filter inner = or();
            expect(')');
            return new Filter.Not(inner);
        }
        return primary();
    }

    private Filter primary() {
        skipSpace();
        if (peek('(')) {
            pos++;
            Filter inner = or();
            expect(')');
            return inner;
        }
        AttributePath path = attributePath();
        if (peek('[')) {
            pos++;
            Filter inner = or();
            expect(']');
            return new Filter.ValuePath(path, inner);
        }
        String op = word();
        if (op.isEmpty()) {
            throw error("expected an operator after '" + path + "'");
        }
        if (op.equalsIgnoreCase("pr")) {
            return new Filter.Present(path);
        }
        Filter.Operator operator;
        try {
            operator = Filter.Operator.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("unknown operator '" + op + "'");
        }
        return new Filter.Comparison(path, operator, value());
    }

    private AttributePath attributePath() {
        skipSpace();
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '$') {
                pos++;
            } else {
                break;
            }
        }
        String name = in.substring(start, pos);
        if (name.isEmpty()) {
            throw error("expected an attribute name");
        }
        if (!Character.isLetter(name.charAt(0))) {
            throw error("attribute names start with a letter: '" + name + "'");
        }
        if (name.regionMatches(true, 0, CORE_SCHEMA_PREFIX, 0, CORE_SCHEMA_PREFIX.length())) {
            // urn:ietf:params:scim:schemas:core:2.0:User:userName -> userName
            String rest = name.substring(CORE_SCHEMA_PREFIX.length());
            int colon = rest.indexOf(':');
            name = colon < 0 ? rest : rest.substring(colon + 1);
        }
        int lastColon = name.lastIndexOf(':');
        if (lastColon >= 0) {
            // an extension attribute keeps its schema URN; only a dot after the URN separates a sub-attribute
            String urnAttribute = name.substring(0, lastColon + 1);
            AttributePath local = AttributePath.of(name.substring(lastColon + 1));
            return new AttributePath(urnAttribute + local.attribute(), local.subAttribute());
        }
        AttributePath path = AttributePath.of(name);
        if (path.subAttribute().map(s -> s.isEmpty() || s.contains(".")).orElse(false)) {
            throw error("malformed attribute path '" + name + "'");
        }
        return path;
    }

    private Object value() {
        skipSpace();
        if (peek('"')) {
            return string();
        }
        String token = word();
        switch (token) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            case "null": return null;
            default:
        }
        if (token.isEmpty()) {
            throw error("expected a value");
        }
        try {
            if (token.matches("-?\\d{1,18}")) {
                return Long.valueOf(token);
            }
            if (token.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                return Double.valueOf(token);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error("'" + token + "' is not a value (strings are quoted)");
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= in.length()) {
                    break;
                }
                char e = in.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > in.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            } else {
                out.append(c);
            }
        }
        throw error("unterminated string");
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+') {
                pos++;
            } else {
                break;
            }
        }
        return in.substring(start, pos);
    }

    private boolean keyword(String keyword) {
        skipSpace();
        int end = pos + keyword.length();
        if (end <= in.length() && in.regionMatches(true, pos, keyword, 0, keyword.length())
                && (end == in.length() || !Character.isLetterOrDigit(in.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < in.length() && in.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < in.length() && in.charAt(pos) == ' ') {
            pos++;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private InvalidFilterException error(String what) {
        return new InvalidFilterException("Invalid filter at position " + (pos + 1) + ": " + what);
    }
}
