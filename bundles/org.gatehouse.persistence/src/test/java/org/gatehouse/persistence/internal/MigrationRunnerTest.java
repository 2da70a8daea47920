package org.gatehouse.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gatehouse.persistence.Migration;
import org.gatehouse.persistence.MigrationException;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationRunnerTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static final List<Migration> WIDGETS = List.of(
            new Migration(1, "widgets", "-- widgets\nCREATE TABLE widget (id INTEGER PRIMARY KEY);\nINSERT INTO widget VALUES (1);"),
            new Migration(2, "more widgets", "INSERT INTO widget VALUES (2);\nINSERT INTO widget VALUES (3);"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void baseSchemaHasTheRootOrganization(TestDatabase db) throws SQLException {
        try (db) {
            assertThat(count(db, "SELECT COUNT(*) FROM gh_organization WHERE handle = 'root'")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void appliesEachMigrationOnce(TestDatabase db) throws SQLException {
        try (db) {
            db.migrate("widgets", WIDGETS.subList(0, 1));
            db.migrate("widgets", WIDGETS);
            db.migrate("widgets", WIDGETS);
            assertThat(count(db, "SELECT COUNT(*) FROM widget")).isEqualTo(3);
            assertThat(count(db, "SELECT MAX(version) FROM gh_schema_history WHERE module = 'widgets'")).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentStartsApplyEachMigrationExactlyOnce(TestDatabase db) throws Exception {
        try (db) {
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // each "node" has its own runner, as separate JVMs would
                MigrationRunner runner = new MigrationRunner(db.dataSource(), db.dialect());
                runs.add(nodes.submit(() -> {
                    go.await();
                    runner.migrate("widgets", WIDGETS);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : runs) {
                f.get();
            }
            nodes.shutdown();
            assertThat(count(db, "SELECT COUNT(*) FROM widget")).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesADowngradeAndAnEditedMigration(TestDatabase db) {
        try (db) {
            db.migrate("widgets", WIDGETS);
            assertThatThrownBy(() -> db.migrate("widgets", WIDGETS.subList(0, 1)))
                    .isInstanceOf(MigrationException.class).hasMessageContaining("downgrades");
            List<Migration> edited = List.of(new Migration(1, "widgets", "CREATE TABLE widget (id BIGINT PRIMARY KEY);"), WIDGETS.get(1));
            assertThatThrownBy(() -> db.migrate("widgets", edited))
                    .isInstanceOf(MigrationException.class).hasMessageContaining("must never change");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailingMigrationIsNotRecorded(TestDatabase db) throws SQLException {
        try (db) {
            List<Migration> broken = List.of(WIDGETS.get(0), new Migration(2, "broken", "INSERT INTO no_such_table VALUES (1);"));
            assertThatThrownBy(() -> db.migrate("widgets", broken)).isInstanceOf(MigrationException.class).hasMessageContaining("V2");
            assertThat(count(db, "SELECT MAX(version) FROM gh_schema_history WHERE module = 'widgets'")).isEqualTo(1);
            db.migrate("widgets", WIDGETS);
            assertThat(count(db, "SELECT COUNT(*) FROM widget")).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rejectsGapsInVersions(TestDatabase db) {
        try (db) {
            assertThatThrownBy(() -> db.migrate("widgets", Collections.singletonList(WIDGETS.get(1))))
                    .isInstanceOf(MigrationException.class).hasMessageContaining("without gaps");
        }
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
