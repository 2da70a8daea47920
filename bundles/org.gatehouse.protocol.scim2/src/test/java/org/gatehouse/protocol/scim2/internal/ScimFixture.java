package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.core.internal.UserDirectoryService;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.userstore.jdbc.internal.ScimTestStores;

/**
 * The SCIM service over the real user directory of the core and real JDBC stores: PRIMARY on the
 * given database and, optionally, a secondary store CORP. Requests go through {@link ScimService}
 * exactly as the servlet and /Bulk send them.
 */
final class ScimFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    static final PasswordHasher HASHER = new PasswordHasher() {
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
        }
    };

    final UserDirectoryService directory = new UserDirectoryService(HASHER, e -> { });
    final WritableUserStore primary;
    final List<TestDatabase> databases = new ArrayList<>();
    final Schemas schemas = new Schemas(List.of("costCode", "badge"));
    Limits limits = new Limits(50, 2048, 1 << 20, 6, 1 << 20, 10000);
    Caller caller = new Caller("provisioner", Optional.empty(), Set.of(Caller.READ, Caller.WRITE), true);

    ScimFixture(TestDatabase db) {
        databases.add(db);
        primary = ScimTestStores.create("PRIMARY", db, HASHER);
        directory.bindStore(primary, Map.of("service.id", 1L), null);
    }

    WritableUserStore addStore(String domain, TestDatabase db) {
        databases.add(db);
        WritableUserStore store = ScimTestStores.create(domain, db, HASHER);
        directory.bindStore(store, Map.of("service.id", 10L + databases.size()), null);
        return store;
    }

    void bind(UserStore store, long serviceId) {
        directory.bindStore(store, Map.of("service.id", serviceId), null);
    }

    Caller userCaller(String domain, String id, String username, Set<String> scopes, boolean admin) {
        return new Caller("app", Optional.of(new UserRef(domain, id, username)), scopes, admin);
    }

    ScimResponse call(String method, String path) {
        return callAs(caller, method, path, null);
    }

    ScimResponse call(String method, String path, String body, String... headers) {
        return callAs(caller, method, path, body, headers);
    }

    ScimResponse callAs(Caller who, String method, String path, String body, String... headers) {
        String[] pq = path.split("\\?", 2);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (pq.length > 1) {
            for (String kv : pq[1].split("&")) {
                String[] p = kv.split("=", 2);
                query.computeIfAbsent(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
            }
        }
        String ifMatch = null;
        String ifNoneMatch = null;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("If-Match")) {
                ifMatch = headers[i + 1];
            } else if (headers[i].equalsIgnoreCase("If-None-Match")) {
                ifNoneMatch = headers[i + 1];
            }
        }
        ScimService service = new ScimService(new ScimContext(directory, new Links("https://id.example"), schemas, limits));
        return service.handle(new ScimRequest(method, Paths.segments(pq[0]), query, ifMatch, ifNoneMatch,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), who));
    }

    static JsonNode json(ScimResponse r) {
        return r.body();
    }

    @Override
    public void close() {
        databases.forEach(TestDatabase::close);
    }
}
