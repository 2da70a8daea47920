package org.gatehouse.core.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** JDBC helpers shared by the core stores. */
public final class Rows {

    /** 32 random bytes in base64url without padding, as {@code Secrets.generate(32)} makes them. */
    public static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Rows() {}

    public static boolean isHandle(String value) {
        return value != null && HANDLE.matcher(value).matches();
    }

    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static String joinWords(Iterable<String> values) {
        return String.join(" ", values);
    }

    public static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
    }

    public static String truncate(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }

    /** Unique or primary key violation, the same SQLState on H2 and PostgreSQL. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
