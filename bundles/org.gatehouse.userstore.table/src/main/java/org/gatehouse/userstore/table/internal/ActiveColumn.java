package org.gatehouse.userstore.table.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a table says a user may log in: a boolean or 0/1 column (possibly inverted, like
 * {@code is_disabled}), a text column with values such as {@code Y} or {@code ACTIVE}, or no column
 * at all (everyone is active). A NULL means "not active" for a plain column and "not disabled" for
 * an inverted one, the same in SQL and in Java.
 */
final class ActiveColumn {

    private final Optional<MappedColumn> column;
    private final boolean inverted;
    private final List<String> activeValues;
    private final List<String> configuredValues;
    private final Optional<String> inactiveValue;

    ActiveColumn(Optional<MappedColumn> column, boolean inverted, List<String> activeValues, Optional<String> inactiveValue) {
        this.column = column;
        this.inverted = inverted;
        this.activeValues = activeValues.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
        this.configuredValues = List.copyOf(activeValues);
        this.inactiveValue = inactiveValue;
    }

    boolean mapped() {
        return column.isPresent();
    }

    /**
     * @return an SQL condition that is true exactly for active users. The values in it come from
     *     the configuration, checked against {@code [A-Za-z0-9_-]}, so they are safe as literals.
     */
    String sql() {
        if (column.isEmpty()) {
            return "(1 = 1)";
        }
        MappedColumn c = column.get();
        return switch (c.kind()) {
            case BOOLEAN -> inverted ? "(NOT COALESCE(" + c.sql() + ", FALSE))" : "(COALESCE(" + c.sql() + ", FALSE))";
            case INTEGER -> inverted ? "(COALESCE(" + c.sql() + ", 0) = 0)" : "(COALESCE(" + c.sql() + ", 0) <> 0)";
            default -> "(COALESCE(UPPER(TRIM(" + c.sql() + ")) IN ("
                    + activeValues.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + "), FALSE))";
        };
    }

    /** @param raw the column's value as JDBC returned it ({@code getObject}) */
    boolean isActive(Object raw) {
        if (column.isEmpty()) {
            return true;
        }
        boolean set = switch (column.get().kind()) {
            case BOOLEAN -> raw instanceof Boolean b ? b : raw instanceof Number n && n.intValue() != 0;
            case INTEGER -> raw instanceof Number n && n.longValue() != 0;
            default -> raw != null && activeValues.contains(raw.toString().strip().toUpperCase(Locale.ROOT));
        };
        return column.get().kind() == ColumnKind.TEXT ? set : set != inverted;
    }

    /** @return the value to write for an active or inactive user */
    Object value(boolean active) {
        MappedColumn c = column.orElseThrow();
        return switch (c.kind()) {
            case BOOLEAN -> active != inverted;
            case INTEGER -> active != inverted ? 1 : 0;
            default -> active ? configuredValues.get(0) : inactiveValue.orElseThrow();
        };
    }
}
