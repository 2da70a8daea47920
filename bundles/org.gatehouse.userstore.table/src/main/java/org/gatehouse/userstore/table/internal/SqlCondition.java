package org.gatehouse.userstore.table.internal;

import java.util.List;

/** A WHERE fragment with its bind parameters, in order. */
record SqlCondition(String sql, List<Object> params) {
    static final SqlCondition ALWAYS = new SqlCondition("1 = 1", List.of());
}
