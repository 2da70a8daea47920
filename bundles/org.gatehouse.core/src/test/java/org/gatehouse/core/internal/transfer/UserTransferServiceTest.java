package org.gatehouse.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.core.internal.UserDirectoryService;
import org.gatehouse.core.transfer.ImportResult;
import org.gatehouse.core.transfer.RowError;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.UserTransfers;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.userstore.jdbc.internal.JdbcUserStoreFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Imports and exports through a real JDBC user store on H2 and PostgreSQL. */
class UserTransferServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    static final class PlainHasher implements PasswordHasher {
        @Override
        public String hash(char[] password) {
            return "h:" + new String(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            return encoded.equals(hash(password));
        }

        @Override
        public boolean needsRehash(String encoded) {
            return false;
        }

        @Override
        public void verifyNothing(char[] password) {
            hash(password);
        }
    }

    private record Fixture(TestDatabase db, WritableUserStore store, UserTransferService transfers) implements AutoCloseable {
        static Fixture on(TestDatabase db) {
            UserDirectoryService directory = new UserDirectoryService(new PlainHasher(), e -> {});
            WritableUserStore store = JdbcUserStoreFactory.create("PRIMARY", db, new PlainHasher());
            directory.bindStore(store, Map.of("service.id", 1L), null);
            return new Fixture(db, store, new UserTransferService(directory));
        }

        ImportResult load(String csv, List<long[]> progress) {
            return transfers.importUsers(ROOT, "PRIMARY", "csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                    (rows, created, failed, bytes) -> progress.add(new long[] {rows, created, failed, bytes}));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void importsValidRowsWithGroupsAndRejectsTheRestRowByRow(TestDatabase db) {
        try (Fixture f = Fixture.on(db)) {
            f.store.createUser(ROOT, new org.gatehouse.api.userstore.NewUser("taken", true, null, java.util.Optional.empty()));
            String csv = "userName,Email,givenName,familyName,active,groups,password,attributes.employeeNumber\r\n"
                    + "alice,alice@example.test,Alice,Anders,true,staff;admins,s3cret pass,E-1\r\n"
                    + "bob,bob@example.test,Bob,,false,staff,,\r\n"
                    + "taken,t@example.test,,,,,,\r\n"
                    + ",noname@example.test,,,,,,\r\n"
                    + "carol,c@example.test,,,maybe,,,\r\n"
                    + "dave,only,three\r\n"
                    + "\"erin\",\"erin@example.test\",\"Erin, Jr.\",,yes,,,'=1+2\r\n";
            List<long[]> progress = new ArrayList<>();
            ImportResult result = f.load(csv, progress);

            assertThat(result.rows()).isEqualTo(7);
            assertThat(result.created()).isEqualTo(3);
            assertThat(result.failed()).isEqualTo(4);
            assertThat(result.errors()).extracting(RowError::row, RowError::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(3L, RowError.UNIQUENESS), org.assertj.core.groups.Tuple.tuple(4L, RowError.MALFORMED),
                    org.assertj.core.groups.Tuple.tuple(5L, RowError.MALFORMED), org.assertj.core.groups.Tuple.tuple(6L, RowError.MALFORMED));
            assertThat(result.errors().get(2).field()).isEqualTo("active");
            assertThat(result.errors().toString()).doesNotContain("s3cret");
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(7);
            assertThat(progress.get(progress.size() - 1)[3]).isEqualTo(csv.getBytes(StandardCharsets.UTF_8).length);

            User alice = f.store.findUserByUsername(ROOT, "alice").orElseThrow();
            assertThat(alice.profile().email()).isEqualTo("alice@example.test");
            assertThat(alice.profile().attributes()).containsEntry("employeeNumber", List.of("E-1"));
            assertThat(f.store.verifyPassword(ROOT, alice.id(), "s3cret pass".toCharArray())).isEqualTo(CredentialCheck.VALID);
            assertThat(f.store.groupsOf(ROOT, alice.id())).extracting(Group::name).containsExactlyInAnyOrder("admins", "staff");
            assertThat(f.store.findUserByUsername(ROOT, "bob").orElseThrow().active()).isFalse();
            User erin = f.store.findUserByUsername(ROOT, "erin").orElseThrow();
            assertThat(erin.profile().givenName()).isEqualTo("Erin, Jr.");
            assertThat(erin.profile().attributes()).containsEntry("employeeNumber", List.of("=1+2"));
            assertThat(f.store.findUserByUsername(ROOT, "carol")).as("a rejected row leaves nothing").isEmpty();
        }
    }

    /** Chunks are written two at a time: a name repeated in chunks written together still makes one user and one rejection. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNameRepeatedAcrossChunksWrittenTogetherIsCreatedOnce(TestDatabase db) {
        try (Fixture f = Fixture.on(db)) {
            StringBuilder csv = new StringBuilder("userName,groups\n");
            int rows = 3 * UserTransferService.BATCH;
            for (int i = 1; i <= rows; i++) {
                String name = i == UserTransferService.BATCH + 100 ? "USER3" : "user" + i; // row 3's name again, in the second chunk
                csv.append(name).append(",all;g").append(i % 5).append('\n');
            }
            ImportResult result = f.load(csv.toString(), new ArrayList<>());

            assertThat(result.created()).isEqualTo(rows - 1);
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(RowError.UNIQUENESS);
                assertThat(e.row()).isIn(3L, (long) UserTransferService.BATCH + 100);
            });
            Group all = f.store.findGroupByName(ROOT, "all").orElseThrow();
            assertThat(f.store.membersOf(ROOT, all.id(), 0, 1).totalResults()).isEqualTo(rows - 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void exportsEveryUserInPagesAndTheExportImportsAgain(TestDatabase db) {
        try (Fixture f = Fixture.on(db)) {
            StringBuilder csv = new StringBuilder("userName,email,phoneNumber,groups\n");
            for (int i = 0; i < 1234; i++) {
                csv.append(String.format("user%04d,user%04d@example.test,+1555%07d,%s%n", i, i, i, i % 10 == 0 ? "tenth" : ""));
            }
            csv.append("@evil,evil@example.test,,\n");
            ImportResult loaded = f.load(csv.toString(), new ArrayList<>());
            assertThat(loaded.failed()).as(loaded.errors().toString()).isZero();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written = f.transfers.exportUsers(ROOT, "PRIMARY", "csv", out, UserTransfers.Progress.NONE);
            assertThat(written).isEqualTo(1235);
            String exported = out.toString(StandardCharsets.UTF_8);
            String[] lines = exported.split("\r\n");
            assertThat(lines).hasSize(1236);
            assertThat(lines[0]).isEqualTo(String.join(",", CsvFormat.EXPORTED));
            assertThat(exported).contains("user0010,true,,,,user0010@example.test,false,'+15550000010,,tenth\r\n");
            // a spreadsheet would run it as a formula: defused with an apostrophe, and read back without it
            assertThat(exported).contains("\r\n'@evil,").doesNotContain("\r\n@evil");

            try (Fixture other = Fixture.on(TestDatabases.h2())) {
                ImportResult again = other.load(exported, new ArrayList<>());
                assertThat(again.created()).as(again.errors().toString()).isEqualTo(1235);
                User u = other.store.findUserByUsername(ROOT, "user0010").orElseThrow();
                assertThat(u.profile().phoneNumber()).isEqualTo("+15550000010");
                assertThat(other.store.groupsOf(ROOT, u.id())).extracting(Group::name).containsExactly("tenth");
                assertThat(other.store.findUserByUsername(ROOT, "@evil")).isPresent();
            }
        }
    }

    @Test
    void unusableRequestsChangeNothing() {
        try (Fixture f = Fixture.on(TestDatabases.h2())) {
            assertThatThrownBy(() -> f.load("", new ArrayList<>())).isInstanceOf(TransferException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> f.load("userName,pasword\nalice,x\n", new ArrayList<>())).isInstanceOf(TransferException.class)
                    .hasMessageContaining("Unknown column 'pasword'");
            assertThatThrownBy(() -> f.load("email\na@example.test\n", new ArrayList<>())).hasMessageContaining("no userName");
            assertThatThrownBy(() -> f.load("userName,userName\na,b\n", new ArrayList<>())).hasMessageContaining("twice");
            assertThatThrownBy(() -> f.transfers.importUsers(ROOT, "PRIMARY", "xml", new ByteArrayInputStream(new byte[0]), UserTransfers.Progress.NONE))
                    .isInstanceOf(TransferException.class).hasMessageContaining("csv");
            assertThatThrownBy(() -> f.transfers.importUsers(ROOT, "NOPE", "csv", new ByteArrayInputStream(new byte[0]), UserTransfers.Progress.NONE))
                    .isInstanceOf(TransferException.class);
            byte[] latin1 = "userName\nj\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> f.transfers.importUsers(ROOT, "PRIMARY", "csv", new ByteArrayInputStream(latin1), UserTransfers.Progress.NONE))
                    .isInstanceOf(TransferException.class).hasMessageContaining("UTF-8");
            assertThat(f.store.findUserByUsername(ROOT, "alice")).isEmpty();
        }
    }
}
