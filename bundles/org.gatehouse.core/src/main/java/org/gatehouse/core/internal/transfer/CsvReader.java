package org.gatehouse.core.internal.transfer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, optionally in double quotes (a quote inside one
 * doubled), records ended by CRLF or LF, quoted fields may span lines. Bounded, so hostile input
 * cannot exhaust memory: a field longer than {@link #MAX_FIELD} characters or a record of more than
 * {@link #MAX_FIELDS} fields is an error.
 */
final class CsvReader {

    static final int MAX_FIELD = 64 * 1024;
    static final int MAX_FIELDS = 256;

    /** A record, or what is wrong with it. */
    record Record(List<String> fields, String error) {}

    private final Reader in;
    /** Read in blocks: a Reader's read() per character takes a lock each time. */
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private int pushedBack = -2;
    private boolean atStart = true;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** @return the next record, or null at the end of the input */
    Record next() throws IOException {
        int c = read();
        if (atStart && c == '\uFEFF') {
            c = read(); // a byte order mark, as spreadsheet programs write
        }
        atStart = false;
        while (c == '\r' || c == '\n') {
            c = read(); // blank lines between records carry nothing
        }
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String error = null;
        while (true) {
            if (c == '"' && field.length() == 0) {
                // a quoted field
                while (true) {
                    c = read();
                    if (c == -1) {
                        return new Record(fields, "a quoted field is not closed");
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break;
                        }
                    }
                    if (!append(field, c)) {
                        error = error == null ? "a field is longer than " + MAX_FIELD + " characters" : error;
                    }
                }
                if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    error = error == null ? "text after a closing quote" : error;
                    while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        c = read();
                    }
                }
            } else {
                while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                    if (c == '"') {
                        error = error == null ? "a quote inside an unquoted field" : error;
                    }
                    if (!append(field, c)) {
                        error = error == null ? "a field is longer than " + MAX_FIELD + " characters" : error;
                    }
                    c = read();
                }
            }
            if (fields.size() < MAX_FIELDS) {
                fields.add(field.toString());
            } else {
                error = error == null ? "more than " + MAX_FIELDS + " fields" : error;
            }
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                int n = read();
                if (n != '\n') {
                    pushedBack = n;
                }
            }
            return new Record(fields, error);
        }
    }

    private static boolean append(StringBuilder field, int c) {
        if (field.length() >= MAX_FIELD) {
            return false;
        }
        field.append((char) c);
        return true;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }
}
