package org.gatehouse.userstore.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration is checked before any SQL is made from it. */
class TableSettingsTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> c = new HashMap<>();
        c.put("domain", "shop");
        c.put("url", "jdbc:postgresql://db.example:5432/shop?password=hunter2");
        c.put("table", "app_users");
        c.put("column_username", "login");
        return c;
    }

    private static TableSettings settings(Map<String, Object> c) {
        return TableSettings.from(TypedConfig.of(TableUserStoreConfiguration.class, c));
    }

    @Test
    void aMinimalConfiguration() {
        TableSettings s = settings(minimal());
        assertThat(s.domain()).isEqualTo("SHOP");
        assertThat(s.access()).isEqualTo(AccessMode.READ_ONLY);
        assertThat(s.columns()).containsEntry(UserField.ID, "id").containsEntry(UserField.USERNAME, "login")
                .containsEntry(UserField.PASSWORD, "password_hash");
        assertThat(s.connectionTimeoutMillis()).isEqualTo(2000);
        assertThat(s.toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login; DROP TABLE app_users", "login\"", "lo gin", "login--", "1login", "", "login/*x*/", "l\u00e4gin",
        "a.b", "x234567890123456789012345678901234567890123456789012345678901234"})
    void columnNamesAreNamesAndNothingElse(String name) {
        Map<String, Object> c = minimal();
        c.put("column_username", name);
        assertThatThrownBy(() -> settings(c)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column.username");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app_users u", "app_users;", "\"app_users\"", "a.b.c", "(SELECT 1)", "app_users--"})
    void tableNamesAreNamesAndNothingElse(String name) {
        Map<String, Object> c = minimal();
        c.put("table", name);
        assertThatThrownBy(() -> settings(c)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
    }

    @Test
    void aSchemaQualifiedTable() {
        Map<String, Object> c = minimal();
        c.put("table", "shop.app_users");
        assertThat(settings(c).table()).contains("shop.app_users");
    }

    @Test
    void refusesWhatCannotWork() {
        Map<String, Object> primary = minimal();
        primary.put("domain", "primary");
        assertThatThrownBy(() -> settings(primary)).hasMessageContaining("PRIMARY");

        Map<String, Object> badDomain = minimal();
        badDomain.put("domain", "SHOP/EU");
        assertThatThrownBy(() -> settings(badDomain)).hasMessageContaining("domain");

        Map<String, Object> mysql = minimal();
        mysql.put("url", "jdbc:mysql://db/shop?password=hunter2");
        assertThatThrownBy(() -> settings(mysql)).hasMessageContaining("PostgreSQL").hasMessageNotContaining("hunter2");

        Map<String, Object> both = minimal();
        both.put("query", "SELECT id, login FROM app_users");
        assertThatThrownBy(() -> settings(both)).hasMessageContaining("either table");

        Map<String, Object> writableQuery = minimal();
        writableQuery.remove("table");
        writableQuery.put("query", "SELECT id, login FROM app_users");
        writableQuery.put("access", AccessMode.READ_WRITE);
        assertThatThrownBy(() -> settings(writableQuery)).hasMessageContaining("read-only");

        Map<String, Object> twoStatements = minimal();
        twoStatements.remove("table");
        twoStatements.put("query", "SELECT id, login FROM app_users; DELETE FROM app_users");
        assertThatThrownBy(() -> settings(twoStatements)).hasMessageContaining("single SELECT");

        Map<String, Object> notSelect = minimal();
        notSelect.remove("table");
        notSelect.put("query", "DELETE FROM app_users");
        assertThatThrownBy(() -> settings(notSelect)).hasMessageContaining("single SELECT");

        Map<String, Object> activeValue = minimal();
        activeValue.put("column_active", "status");
        activeValue.put("active_values", new String[] {"Y' OR '1'='1"});
        assertThatThrownBy(() -> settings(activeValue)).hasMessageContaining("active.values");

        Map<String, Object> saltWithoutColumn = minimal();
        saltWithoutColumn.put("password_salt", SaltLocation.COLUMN);
        assertThatThrownBy(() -> settings(saltWithoutColumn)).hasMessageContaining("column.salt");

        Map<String, Object> halfGroups = minimal();
        halfGroups.put("group_table", "app_groups");
        assertThatThrownBy(() -> settings(halfGroups)).hasMessageContaining("membership.table");

        Map<String, Object> noUrl = minimal();
        noUrl.remove("url");
        assertThatThrownBy(() -> settings(noUrl)).hasMessageContaining("url");
    }

    @Test
    void rehashOnLoginNeedsAWritableStore() {
        Map<String, Object> c = minimal();
        c.put("password_rehashOnLogin", true);
        assertThat(settings(c).rehashOnLogin()).as("a read-only store never writes").isFalse();
        c.put("access", AccessMode.READ_WRITE);
        assertThat(settings(c).rehashOnLogin()).isTrue();
    }
}
