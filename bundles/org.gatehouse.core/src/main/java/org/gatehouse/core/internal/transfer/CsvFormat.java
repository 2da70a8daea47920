package org.gatehouse.core.internal.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.TransferFormat;

/**
 * Users as CSV (RFC 4180, UTF-8): a header row naming the columns, then a user per row. Columns,
 * in any order and case: {@code userName} (required), {@code password}, {@code active},
 * {@code displayName}, {@code givenName}, {@code familyName}, {@code email}, {@code emailVerified},
 * {@code phoneNumber}, {@code locale}, {@code groups}, and {@code attributes.<name>} for further
 * attributes. Empty cells are unset; {@code groups} and attributes hold several values separated by
 * {@code ;}; booleans are {@code true/false}, {@code yes/no} or {@code 1/0}. An unknown column is
 * refused at the header (a typo must not silently drop a column). Exports write the same columns,
 * without passwords.
 */
public final class CsvFormat implements TransferFormat {

    public static final String ID = "csv";
    static final String USERNAME = "userName";
    static final String PASSWORD = "password";
    static final String GROUPS = "groups";
    static final String ATTRIBUTES = "attributes.";
    static final List<String> EXPORTED = List.of(USERNAME, "active", "displayName", "givenName", "familyName", "email", "emailVerified",
            "phoneNumber", "locale", GROUPS);
    private static final List<String> KNOWN = List.of(USERNAME, PASSWORD, "active", "displayName", "givenName", "familyName", "email",
            "emailVerified", "phoneNumber", "locale", GROUPS);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return "text/csv";
    }

    @Override
    public TransferFormat.Reader reader(InputStream in) throws IOException {
        // malformed UTF-8 is an error, not a silent replacement character in someone's name
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024));
        CsvReader.Record header = csv.next();
        if (header == null) {
            throw new TransferException("The CSV data is empty: the first row must name the columns");
        }
        if (header.error() != null) {
            throw new TransferException("The header row is malformed: " + header.error());
        }
        List<String> columns = columns(header.fields());
        return new RowReader(csv, columns);
    }

    /** @return the canonical column names, in the order of the header */
    static List<String> columns(List<String> header) {
        List<String> columns = new ArrayList<>();
        for (String raw : header) {
            String name = raw.strip();
            String canonical = KNOWN.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (canonical == null && name.regionMatches(true, 0, ATTRIBUTES, 0, ATTRIBUTES.length()) && name.length() > ATTRIBUTES.length()) {
                canonical = ATTRIBUTES + name.substring(ATTRIBUTES.length());
            }
            if (canonical == null) {
                throw new TransferException("Unknown column '" + printable(name) + "': the columns are " + String.join(", ", KNOWN)
                        + " and attributes.<name>");
            }
            if (columns.contains(canonical)) {
                throw new TransferException("The column '" + canonical + "' appears twice");
            }
            columns.add(canonical);
        }
        if (!columns.contains(USERNAME)) {
            throw new TransferException("The header has no userName column");
        }
        return columns;
    }

    private static String printable(String s) {
        String clipped = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }

    private static final class RowReader implements TransferFormat.Reader {
        private final CsvReader csv;
        private final List<String> columns;
        private long number;

        RowReader(CsvReader csv, List<String> columns) {
            this.csv = csv;
            this.columns = columns;
        }

        @Override
        public Row next() throws IOException {
            CsvReader.Record record = csv.next();
            if (record == null) {
                return null;
            }
            number++;
            if (record.error() != null) {
                return new Malformed(number, null, record.error());
            }
            if (record.fields().size() != columns.size()) {
                return new Malformed(number, null, "the row has " + record.fields().size() + " fields, the header " + columns.size());
            }
            return row(number, columns, record.fields());
        }
    }

    static Row row(long number, List<String> columns, List<String> fields) {
        UserProfile.Builder profile = UserProfile.builder();
        String username = null;
        char[] password = null;
        boolean active = true;
        List<String> groups = List.of();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String value = undefuse(fields.get(i)).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (column) {
                case USERNAME -> username = value;
                case PASSWORD -> password = fields.get(i).toCharArray(); // as written: spaces may be part of a password
                case "active" -> {
                    Optional<Boolean> b = bool(value);
                    if (b.isEmpty()) {
                        return new Malformed(number, column, "not a boolean: use true or false");
                    }
                    active = b.get();
                }
                case "emailVerified" -> {
                    Optional<Boolean> b = bool(value);
                    if (b.isEmpty()) {
                        return new Malformed(number, column, "not a boolean: use true or false");
                    }
                    profile.emailVerified(b.get());
                }
                case "displayName" -> profile.displayName(value);
                case "givenName" -> profile.givenName(value);
                case "familyName" -> profile.familyName(value);
                case "email" -> profile.email(value);
                case "phoneNumber" -> profile.phoneNumber(value);
                case "locale" -> profile.locale(value);
                case GROUPS -> groups = values(value);
                default -> profile.attribute(column.substring(ATTRIBUTES.length()), values(value));
            }
        }
        if (username == null) {
            return new Malformed(number, USERNAME, "userName is empty");
        }
        return new Parsed(number, new NewUser(username, active, profile.build(), Optional.ofNullable(password)), groups);
    }

    private static List<String> values(String cell) {
        return Arrays.stream(cell.split(";")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    private static Optional<Boolean> bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Optional.of(true);
            case "false", "no", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Removes the apostrophe an export put before a formula-like value. */
    static String undefuse(String value) {
        return value.length() > 1 && value.charAt(0) == '\'' && CsvWriter.isFormulaStart(value.charAt(1)) ? value.substring(1) : value;
    }

    @Override
    public TransferFormat.Writer writer(OutputStream out) throws IOException {
        java.io.Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        CsvWriter csv = new CsvWriter(text);
        csv.write(EXPORTED);
        return new TransferFormat.Writer() {
            @Override
            public void write(User user, List<String> groups) throws IOException {
                UserProfile p = user.profile();
                Map<String, String> row = new LinkedHashMap<>();
                row.put(USERNAME, user.username());
                row.put("active", Boolean.toString(user.active()));
                row.put("displayName", p.displayName());
                row.put("givenName", p.givenName());
                row.put("familyName", p.familyName());
                row.put("email", p.email());
                row.put("emailVerified", p.email() == null ? null : Boolean.toString(p.emailVerified()));
                row.put("phoneNumber", p.phoneNumber());
                row.put("locale", p.locale());
                row.put(GROUPS, String.join(";", groups));
                csv.write(new ArrayList<>(row.values()));
            }

            @Override
            public void finish() throws IOException {
                text.flush();
            }
        };
    }
}
