package org.gatehouse.core.internal.transfer;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 output, with CRLF line ends. A value a spreadsheet would run as a formula (it starts
 * with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe (OWASP's advice
 * against CSV injection); {@link CsvFormat} removes exactly that apostrophe again on import.
 */
final class CsvWriter {

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    void write(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(defuse(fields.get(i))));
        }
        out.write("\r\n");
    }

    static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return isFormulaStart(value.charAt(0)) ? "'" + value : value;
    }

    static boolean isFormulaStart(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static String quote(String value) {
        boolean needs = false;
        for (int i = 0; i < value.length() && !needs; i++) {
            char c = value.charAt(i);
            needs = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
