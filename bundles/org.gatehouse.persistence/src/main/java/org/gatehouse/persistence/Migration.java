package org.gatehouse.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One versioned schema change: SQL statements separated by {@code ;} at the end of a line.
 *
 * @param version 1, 2, 3, ... per module, never reused or edited once released
 * @param description what the change does
 * @param sql the statements
 */
public record Migration(int version, String description, String sql) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("Migration versions start at 1");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }

    /**
     * Loads {@code V1.sql}, {@code V2.sql}, ... from a folder of a bundle's class path until the next
     * version is missing. The first line, when it is an SQL comment, is the description.
     *
     * @param loader the class loader of the owning bundle
     * @param folder e.g. {@code db/userstore}
     */
    public static List<Migration> load(ClassLoader loader, String folder) {
        List<Migration> result = new ArrayList<>();
        for (int v = 1; ; v++) {
            URL url = loader.getResource(folder + "/V" + v + ".sql");
            if (url == null) {
                return result;
            }
            try (InputStream in = url.openStream()) {
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String first = sql.lines().findFirst().orElse("");
                String description = first.startsWith("--") ? first.substring(2).trim() : "V" + v;
                result.add(new Migration(v, description, sql));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read migration " + url, e);
            }
        }
    }

    /** @return the statements of this migration, without comments and blank statements */
    public List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
