package org.gatehouse.protocol.scim2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;
import org.gatehouse.core.internal.transfer.ScimTestTransfers;
import org.gatehouse.core.transfer.ImportResult;
import org.gatehouse.core.transfer.RowError;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.TransferFormat;
import org.gatehouse.core.transfer.UserTransfers;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scim transfer format through the core's real import and export service, over real JDBC stores
 * on H2 and PostgreSQL.
 */
class ScimTransferFormatTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static final ServerInfo SERVER = new ServerInfo() {
        @Override
        public URI baseUrl() {
            return URI.create("https://id.example");
        }

        @Override
        public String version() {
            return "0.1.0";
        }
    };

    private static final String LIST = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"itemsPerPage":3,"startIndex":1,
             "Resources":[
              {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
               "id":"ignored-1","externalId":"hr-1","userName":"alice","name":{"givenName":"Alice","familyName":"Liddell"},
               "displayName":"Alice L","title":"Engineer","password":"Wonder-land-1",
               "emails":[{"value":"alice@example.com","type":"work","primary":true}],
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"701"},
               "urn:gatehouse:scim:schemas:extension:custom:2.0:User":{"costCode":"X-1","badge":["b1","b2"]},
               "groups":[{"value":"elsewhere-7","display":"engineering"},{"display":"Staff"}],
               "meta":{"resourceType":"User","location":"https://other.example/scim2/Users/ignored-1"}},
              {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","active":false,
               "groups":[{"display":"staff"}]},
              {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"carol",
               "phoneNumbers":[{"value":"+41 44 123 45 67"}]}
             ]}""";

    private static ScimTransferFormat format(ScimFixture f) {
        return new ScimTransferFormat(f.schemas, SERVER);
    }

    private static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void importsExportsAndReimportsIntoAnotherStore(TestDatabase db) throws IOException {
        try (ScimFixture f = new ScimFixture(db)) {
            f.addStore("CORP", TestDatabases.h2());
            UserTransfers transfers = ScimTestTransfers.with(f.directory, format(f));
            assertThat(transfers.formats()).contains("csv", "scim");

            ImportResult result = transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim", utf8(LIST), UserTransfers.Progress.NONE);
            assertThat(result.errors()).isEmpty();
            assertThat(result.rows()).isEqualTo(3);
            assertThat(result.created()).isEqualTo(3);

            User alice = f.primary.findUserByUsername(ScimContext.ORG, "alice").orElseThrow();
            assertThat(alice.profile().givenName()).isEqualTo("Alice");
            assertThat(alice.profile().email()).isEqualTo("alice@example.com");
            assertThat(alice.profile().attributes().get("department")).containsExactly("R&D");
            assertThat(alice.profile().attributes().get("badge")).containsExactly("b1", "b2");
            assertThat(f.primary.groupsOf(ScimContext.ORG, alice.id()).stream().map(Group::name)).containsExactlyInAnyOrder("engineering", "Staff");
            assertThat(f.directory.authenticate(ScimContext.ORG, "alice", "Wonder-land-1".toCharArray()).user()).isPresent();
            User bob = f.primary.findUserByUsername(ScimContext.ORG, "bob").orElseThrow();
            assertThat(bob.active()).isFalse();
            // "staff" is the group "Staff" the row before created: names match without regard to case
            assertThat(f.primary.groupsOf(ScimContext.ORG, bob.id()).stream().map(Group::name)).containsExactly("Staff");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(transfers.exportUsers(ScimContext.ORG, "PRIMARY", "scim", out, UserTransfers.Progress.NONE)).isEqualTo(3);
            String exported = out.toString(StandardCharsets.UTF_8);
            assertThat(exported).doesNotContain("Wonder-land-1").doesNotContain("password");
            JsonNode list = ScimFixture.JSON.readTree(exported);
            assertThat(fieldNames(list)).containsExactly("schemas", "Resources", "totalResults", "startIndex", "itemsPerPage");
            assertThat(list.path("schemas").get(0).asText()).isEqualTo(Schemas.LIST_RESPONSE);
            assertThat(list.path("totalResults").asInt()).isEqualTo(3);
            assertThat(list.path("itemsPerPage").asInt()).isEqualTo(3);
            JsonNode exportedAlice = list.path("Resources").get(0);
            assertThat(exportedAlice.path("userName").asText()).isEqualTo("alice");
            assertThat(exportedAlice.path("id").asText()).isEqualTo(alice.id());
            assertThat(exportedAlice.path("meta").path("location").asText()).isEqualTo("https://id.example/scim2/Users/" + alice.id());
            assertThat(exportedAlice.path(Schemas.ENTERPRISE).path("department").asText()).isEqualTo("R&D");
            assertThat(exportedAlice.path("groups").findValuesAsText("display")).containsExactlyInAnyOrder("engineering", "Staff");
            assertThat(exportedAlice.path("groups").get(0).has("value")).isFalse();

            // the export is an import: into another store, every attribute but the password arrives
            ImportResult again = transfers.importUsers(ScimContext.ORG, "CORP", "scim", utf8(exported), UserTransfers.Progress.NONE);
            assertThat(again.errors()).isEmpty();
            assertThat(again.created()).isEqualTo(3);
            ByteArrayOutputStream corp = new ByteArrayOutputStream();
            transfers.exportUsers(ScimContext.ORG, "CORP", "scim", corp, UserTransfers.Progress.NONE);
            JsonNode corpList = ScimFixture.JSON.readTree(corp.toByteArray());
            for (int i = 0; i < 3; i++) {
                assertThat(withoutIdAndMeta(corpList.path("Resources").get(i))).isEqualTo(withoutIdAndMeta(list.path("Resources").get(i)));
            }
            // the same import again: every user exists, every row says so and changes nothing
            ImportResult twice = transfers.importUsers(ScimContext.ORG, "CORP", "scim", utf8(exported), UserTransfers.Progress.NONE);
            assertThat(twice.created()).isZero();
            assertThat(twice.errors()).extracting(RowError::reason).containsOnly(RowError.UNIQUENESS);
        }
    }

    @Test
    void aResourceThatDoesNotMapIsItsRowAndTheImportGoesOn() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            UserTransfers transfers = ScimTestTransfers.with(f.directory, format(f));
            String u = "\"schemas\":[\"" + Schemas.USER + "\"]";
            String array = "[" + String.join(",",
                    "{" + u + ",\"userName\":\"ok1\"}",
                    "{" + u + ",\"userName\":\"x\",\"shoeSize\":42}",
                    "{" + u + ",\"userName\":\"y\",\"emails\":[{\"value\":\"a@x\"},{\"value\":\"b@x\"}]}",
                    "{" + u + ",\"displayName\":\"No Name\"}",
                    "42",
                    "{" + u + ",\"userName\":\"z\",\"userName\":\"z2\"}",
                    "{" + u + ",\"userName\":\"w\",\"groups\":[{\"value\":\"123\"}]}",
                    "{" + u + ",\"userName\":\"v\",\"name\":{\"givenName\":7}}",
                    "{\"userName\":\"noschemas\"}",
                    "{" + u + ",\"userName\":\"t\",\"" + Schemas.ENTERPRISE + "\":{\"shoe\":\"x\"}}",
                    "{" + u + ",\"userName\":\"ok2\",\"name\":{\"givenName\":\"Two\"}}") + "]";
            ImportResult r = transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim", utf8(array), UserTransfers.Progress.NONE);
            assertThat(r.rows()).isEqualTo(11);
            assertThat(r.created()).isEqualTo(2);
            assertThat(r.errors()).extracting(RowError::row).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(r.errors()).extracting(RowError::reason).containsOnly(RowError.MALFORMED);
            assertThat(r.errors()).extracting(RowError::field).containsExactly("shoeSize", "emails", "userName", null, "userName",
                    "groups.display", "name.givenName", "schemas", Schemas.ENTERPRISE + ":shoe");
            assertThat(f.primary.findUserByUsername(ScimContext.ORG, "ok2")).isPresent();
            for (String absent : List.of("x", "y", "z", "z2", "w", "v", "noschemas", "t")) {
                assertThat(f.primary.findUserByUsername(ScimContext.ORG, absent)).as(absent).isEmpty();
            }
        }
    }

    @Test
    void dataThatIsNoListOfUsersIsRefusedAsAWhole() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            UserTransfers transfers = ScimTestTransfers.with(f.directory, format(f));
            for (String bad : List.of("userName,email\nalice,a@x\n", "", "\"just a string\"", "{\"userName\":",
                    "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"alice\"}",
                    "{\"schemas\":[\"" + Schemas.LIST_RESPONSE + "\"],\"totalResults\":1}",
                    "{\"schemas\":[\"" + Schemas.LIST_RESPONSE + "\"],\"Resources\":{}}")) {
                assertThatThrownBy(() -> transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim", utf8(bad), UserTransfers.Progress.NONE))
                        .as(bad).isInstanceOf(TransferException.class).message().isNotBlank();
            }
            assertThat(f.primary.findUserByUsername(ScimContext.ORG, "alice")).isEmpty();
            // RFC 7644 section 3.4.2: an empty list may leave Resources out
            ImportResult empty = transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim",
                    utf8("{\"schemas\":[\"" + Schemas.LIST_RESPONSE + "\"],\"totalResults\":0}"), UserTransfers.Progress.NONE);
            assertThat(empty.rows()).isZero();
            // cut off in the middle: the import stops there and says after which row
            assertThatThrownBy(() -> transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim",
                    utf8("[{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"first\"},{\"schemas\":["), UserTransfers.Progress.NONE))
                    .isInstanceOf(TransferException.class).hasMessageContaining("after row 1");
        }
    }

    @Test
    void aHugeResourceIsSkippedWithoutBeingHeldAndTheInputStreams() throws IOException {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            // a resource of ~5 MiB of values between two ordinary ones; generated as read, never held
            long hugeValues = 300_000;
            Generated in = new Generated(Stream.of(
                    Stream.of("{\"schemas\":[\"" + Schemas.LIST_RESPONSE + "\"],\"Resources\":[",
                            "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"before\"},",
                            "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"huge\",\"nickName\":["),
                    Stream.iterate(0L, i -> i < hugeValues, i -> i + 1).map(i -> (i == 0 ? "" : ",") + "\"padding-" + i + "\""),
                    Stream.of("]},{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"after\"}]}"))
                    .flatMap(s -> s).iterator());
            TransferFormat.Reader reader = format(f).reader(in);
            TransferFormat.Row first = reader.next();
            assertThat(first).isInstanceOf(TransferFormat.Parsed.class);
            assertThat(in.served).as("read ahead of the first row").isLessThan(64 * 1024);
            TransferFormat.Row huge = reader.next();
            assertThat(huge).isInstanceOfSatisfying(TransferFormat.Malformed.class,
                    m -> assertThat(m.message()).contains("larger than 1024 KiB"));
            TransferFormat.Row after = reader.next();
            assertThat(after).isInstanceOfSatisfying(TransferFormat.Parsed.class, p -> assertThat(p.user().username()).isEqualTo("after"));
            assertThat(reader.next()).isNull();
            assertThat(in.served).isGreaterThan(hugeValues * 10);

            // and many resources stream through the real import in constant memory
            int users = 5_000;
            Generated many = new Generated(Stream.concat(Stream.of("["),
                    Stream.concat(Stream.iterate(1, i -> i <= users, i -> i + 1)
                            .map(i -> (i == 1 ? "" : ",") + "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"u" + i + "\"}"),
                            Stream.of("]"))).iterator());
            UserTransfers transfers = ScimTestTransfers.with(f.directory, format(f));
            List<Long> progress = new ArrayList<>();
            ImportResult r = transfers.importUsers(ScimContext.ORG, "PRIMARY", "scim", many, (rows, created, failed, bytes) -> progress.add(rows));
            assertThat(r.created()).isEqualTo(users);
            assertThat(progress).contains(500L, (long) users);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode withoutIdAndMeta(JsonNode resource) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = resource.deepCopy();
        copy.remove(List.of("id", "meta"));
        return copy;
    }

    /** Text produced piece by piece as it is read, counting what it served. */
    private static final class Generated extends InputStream {
        private final Iterator<String> pieces;
        private byte[] current = new byte[0];
        private int at;
        long served;

        Generated(Iterator<String> pieces) {
            this.pieces = pieces;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (at == current.length) {
                if (!pieces.hasNext()) {
                    return -1;
                }
                current = pieces.next().getBytes(StandardCharsets.UTF_8);
                at = 0;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            served += n;
            return n;
        }
    }
}
