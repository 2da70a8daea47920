package org.gatehouse.userstore.table.internal;

import java.sql.Types;
import java.util.Locale;

/** How a column's values are read, written and compared, from the type the database reports. */
enum ColumnKind {
    TEXT, INTEGER, BOOLEAN, TIMESTAMP, UUID, OTHER;

    static ColumnKind of(int jdbcType, String typeName, int scale) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("uuid")) {
            return UUID;
        }
        if (name.equals("citext")) {
            return TEXT;
        }
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> scale == 0 ? INTEGER : OTHER;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP;
            default -> OTHER;
        };
    }
}
