package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.directory.api.ldap.model.cursor.SearchCursor;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.message.SearchRequest;
import org.apache.directory.api.ldap.model.message.SearchRequestImpl;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.userstore.ldap.slapd.Ldif;
import org.gatehouse.userstore.ldap.slapd.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The LDAP store against a real OpenLDAP slapd: users with mixed password hashes ({SSHA},
 * {CRYPT} SHA-512, {SMD5}, {ARGON2}, {SSHA512}, clear text), groupOfNames with the memberof overlay, 120 more users than
 * the server's size limit of 50 lets a plain search return, and the directory killed and started
 * again under the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapUserStoreTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final OrganizationRef OTHER = new OrganizationRef("11111111-1111-1111-1111-111111111111", "other");
    private static final int BULK = 120;
    private static final String ODD_NAME = "Star *(Paren)\\Back";

    private Slapd slapd;
    private final CountingHasher hasher = new CountingHasher();
    private LdapUserStore readOnly;
    private LdapUserStore writable;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Slapd.available(), "slapd is not installed (apt-get install slapd ldap-utils)");
        Path dir = Files.createTempDirectory("gh-slapd-");
        StringBuilder ldif = new StringBuilder();
        ldif.append(Ldif.person("alice", "Alice", "Liddell", "alice@example.org", Slapd.hash("{SSHA}", "alice-Pa55"),
                "telephoneNumber: +15550100001", "preferredLanguage: en-GB", "title: Explorer"));
        ldif.append(Ldif.person("bob", "Bob", "Builder", "bob@builders.example", Slapd.hash("{CRYPT}", "bob-Pa55")));
        ldif.append(Ldif.person("carol", "Carol", "Singer", "carol@example.org", Slapd.hash("{SMD5}", "carol-Pa55")));
        ldif.append(Ldif.person("dave", "Dave", "Clear", null, "dave-Pa55"));
        ldif.append(Ldif.person("frank", "Frank", "Argon", "frank@hash.example", Slapd.hash("{ARGON2}", "frank-Pa55")));
        ldif.append(Ldif.person("grace", "Grace", "Sha", "grace@hash.example", Slapd.hash("{SSHA512}", "grace-Pa55")));
        ldif.append(Ldif.person("erin", "Erin", "Gone", "erin@example.org", Slapd.hash("{SSHA}", "erin-Pa55"), "employeeType: disabled"));
        ldif.append(Ldif.person("odd", "Odd", "Chars", null, null).replace("displayName: Odd Chars", "displayName: " + ODD_NAME));
        String bulkHash = Slapd.hash("{SSHA}", "bulk-Pa55");
        for (int i = 1; i <= BULK; i++) {
            ldif.append(Ldif.person(String.format("bulk%03d", i), "Bulk", String.format("User%03d", i), String.format("bulk%03d@bulk.example", i),
                    bulkHash, "description: bulk"));
        }
        ldif.append(Ldif.group("admins", List.of("alice")));
        ldif.append(Ldif.group("staff", List.of("alice", "bob")));
        ldif.append(Ldif.group("bulk", IntStream.rangeClosed(1, 60).mapToObj(i -> String.format("bulk%03d", i)).toList()));
        slapd = Slapd.start(dir, ldif.toString());
        readOnly = new LdapUserStore(LdapSettings.from(Configs.ldap(config("CORP", true))), hasher);
        writable = new LdapUserStore(LdapSettings.from(Configs.ldap(config("CORPRW", false))), hasher);
    }

    private Map<String, Object> config(String domain, boolean readOnlyStore) {
        Map<String, Object> m = new HashMap<>();
        m.put("domain", domain);
        m.put("url", slapd.url());
        m.put("connectionSecurity", ConnectionSecurity.NONE);
        m.put("bindDn", Slapd.SERVICE_DN);
        m.put("_bindPassword", Slapd.SERVICE_PASSWORD);
        m.put("userBaseDn", "ou=people," + Slapd.SUFFIX);
        m.put("groupBaseDn", "ou=groups," + Slapd.SUFFIX);
        m.put("groupResolution", GroupResolution.MEMBER_OF);
        m.put("extraAttributes", "title,description");
        m.put("disabledAttribute", "employeeType");
        m.put("disabledValue", "disabled");
        m.put("readOnly", readOnlyStore);
        m.put("pageSize", 40);
        m.put("serverSideSort", Slapd.sorts());
        m.put("connectTimeoutMillis", 1000);
        return m;
    }

    @AfterAll
    void stop() throws Exception {
        if (readOnly != null) {
            readOnly.close();
        }
        if (writable != null) {
            writable.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private User user(String username) {
        return readOnly.findUserByUsername(ROOT, username).orElseThrow(() -> new AssertionError("no user " + username));
    }

    private Page<User> search(String scim, int offset, int limit) {
        return readOnly.searchUsers(ROOT, Query.of(Filter.parse(scim), offset, limit));
    }

    @Test
    @Order(1)
    void usersAreReadThroughTheMapping() {
        User alice = user("ALICE");
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.domain()).isEqualTo("CORP");
        assertThat(alice.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(alice.active()).isTrue();
        assertThat(alice.profile().givenName()).isEqualTo("Alice");
        assertThat(alice.profile().familyName()).isEqualTo("Liddell");
        assertThat(alice.profile().displayName()).isEqualTo("Alice Liddell");
        assertThat(alice.profile().email()).isEqualTo("alice@example.org");
        assertThat(alice.profile().emailVerified()).isFalse();
        assertThat(alice.profile().phoneNumber()).isEqualTo("+15550100001");
        assertThat(alice.profile().locale()).isEqualTo("en-GB");
        assertThat(alice.profile().attributes()).containsEntry("title", List.of("Explorer"));
        assertThat(alice.version()).isPositive();
        assertThat(alice.created()).isAfter(java.time.Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(readOnly.findUserById(ROOT, alice.id())).contains(alice);
        assertThat(readOnly.findUserById(ROOT, alice.id().toUpperCase())).contains(alice);
        assertThat(readOnly.findUserById(ROOT, "not-a-uuid")).isEmpty();
        assertThat(readOnly.findUserById(ROOT, "*")).isEmpty();
        assertThat(readOnly.findUserByUsername(ROOT, "nobody")).isEmpty();
        assertThat(readOnly.findUserByUsername(ROOT, "*")).as("a wildcard is a literal").isEmpty();
        assertThat(readOnly.findUserByUsername(OTHER, "alice")).as("another organization's users are not here").isEmpty();
        assertThat(user("erin").active()).isFalse();
        assertThat(readOnly.descriptor().capabilities()).contains(StoreCapability.PASSWORD, StoreCapability.GROUPS)
                .doesNotContain(StoreCapability.WRITE);
    }

    @Test
    @Order(2)
    void passwordsAreCheckedByBindingAsTheUserWhateverTheHash() {
        assertThat(readOnly.verifyPassword(ROOT, user("alice").id(), "alice-Pa55".toCharArray())).isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("bob").id(), "bob-Pa55".toCharArray())).as("{CRYPT} SHA-512").isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("carol").id(), "carol-Pa55".toCharArray())).as("{SMD5}").isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("dave").id(), "dave-Pa55".toCharArray())).as("clear text").isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("frank").id(), "frank-Pa55".toCharArray())).as("{ARGON2}").isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("grace").id(), "grace-Pa55".toCharArray())).as("{SSHA512}").isEqualTo(CredentialCheck.VALID);
        assertThat(readOnly.verifyPassword(ROOT, user("frank").id(), "grace-Pa55".toCharArray())).isEqualTo(CredentialCheck.INVALID);
        int spent = hasher.nothings.get();
        assertThat(readOnly.verifyPassword(ROOT, user("alice").id(), "wrong".toCharArray())).isEqualTo(CredentialCheck.INVALID);
        assertThat(hasher.nothings.get()).as("a wrong password costs what an unknown user costs the runtime").isEqualTo(spent + 1);
        assertThat(readOnly.verifyPassword(ROOT, user("alice").id(), "ALICE-PA55".toCharArray())).isEqualTo(CredentialCheck.INVALID);
        assertThat(readOnly.verifyPassword(ROOT, user("alice").id(), new char[0])).as("never an unauthenticated bind")
                .isEqualTo(CredentialCheck.INVALID);
        assertThat(readOnly.verifyPassword(ROOT, "00000000-0000-0000-0000-000000000001", "alice-Pa55".toCharArray()))
                .as("an unknown user answers like a wrong password").isEqualTo(CredentialCheck.INVALID);
        assertThat(readOnly.verifyPassword(ROOT, user("odd").id(), "anything".toCharArray())).as("no password at all").isEqualTo(CredentialCheck.INVALID);
        // disabled in the directory, the password is still right: the runtime answers DISABLED from active=false
        assertThat(readOnly.verifyPassword(ROOT, user("erin").id(), "erin-Pa55".toCharArray())).isEqualTo(CredentialCheck.VALID);
        // the pooled connection is the service account's again after a user's bind
        assertThat(search("userName eq \"bob\"", 0, 10).items()).extracting(User::username).containsExactly("bob");
    }

    @Test
    @Order(3)
    void filtersRunInTheDirectory() {
        assertThat(names(search("userName eq \"alice\"", 0, 10))).containsExactly("alice");
        assertThat(names(search("userName sw \"ca\"", 0, 10))).containsExactly("carol");
        assertThat(names(search("userName co \"ob\"", 0, 10))).containsExactly("bob");
        assertThat(names(search("emails ew \"@example.org\"", 0, 10))).containsExactlyInAnyOrder("alice", "carol", "erin");
        assertThat(names(search("emails[value co \"builders\"]", 0, 10))).containsExactly("bob");
        assertThat(names(search("userName sw \"bulk\" and not (emails pr)", 0, 10))).isEmpty();
        assertThat(names(search("(userName eq \"alice\" or userName eq \"dave\") and not (emails pr)", 0, 10))).containsExactly("dave");
        assertThat(names(search("name.familyName eq \"builder\"", 0, 10))).as("case-insensitive").containsExactly("bob");
        assertThat(names(search("active eq false", 0, 10))).containsExactly("erin");
        assertThat(search("active eq true", 0, 0).totalResults()).isEqualTo(BULK + 7);
        assertThat(names(search("title eq \"explorer\"", 0, 10))).containsExactly("alice");
        assertThat(names(search("phoneNumbers pr", 0, 10))).containsExactly("alice");
        assertThat(names(search("userName ne \"alice\" and emails co \"example.org\"", 0, 10))).containsExactlyInAnyOrder("carol", "erin");
        assertThat(names(search("id eq \"" + user("carol").id() + "\"", 0, 10))).containsExactly("carol");
        assertThat(names(search("meta.created gt \"2000-01-01T00:00:00Z\" and userName eq \"bob\"", 0, 10))).containsExactly("bob");
        assertThat(search("meta.lastModified lt \"2000-01-01T00:00:00Z\"", 0, 10).totalResults()).isZero();
        assertThatThrownBy(() -> search("password eq \"x\"", 0, 10)).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> search("emails[type eq \"work\"]", 0, 10)).isInstanceOf(InvalidFilterException.class);
    }

    /** Values cannot change a filter's structure: every special character is a literal. */
    @Test
    @Order(4)
    void injectionIsImpossible() {
        assertThat(search("userName eq \"*\"", 0, 10).totalResults()).isZero();
        assertThat(search("userName eq \"*)(uid=*\"", 0, 10).totalResults()).isZero();
        assertThat(search("userName eq \"alice)(|(uid=*\"", 0, 10).totalResults()).isZero();
        assertThat(search("userName co \"*\"", 0, 10).totalResults()).isZero();
        assertThat(search("userName eq \"\\\\2a\"", 0, 10).totalResults()).isZero();
        assertThat(readOnly.findUserByUsername(ROOT, "alice)(uid=*")).isEmpty();
        // the odd display name matches itself exactly, special characters and all
        String escaped = ODD_NAME.replace("\\", "\\\\");
        assertThat(names(search("displayName eq \"" + escaped + "\"", 0, 10))).containsExactly("odd");
        assertThat(names(search("displayName co \"*(Paren)\"", 0, 10))).containsExactly("odd");
    }

    @Test
    @Order(5)
    void pagingGoesPastTheServersSizeLimit() throws Exception {
        // a plain search as the service account hits the size limit of 50...
        try (LdapNetworkConnection c = new LdapNetworkConnection("127.0.0.1", slapd.port())) {
            c.bind(Slapd.SERVICE_DN, Slapd.SERVICE_PASSWORD);
            SearchRequest r = new SearchRequestImpl();
            r.setBase(new Dn("ou=people," + Slapd.SUFFIX));
            r.setScope(SearchScope.ONELEVEL);
            r.setFilter("(description=bulk)");
            r.addAttributes("uid");
            int entries = 0;
            try (SearchCursor cursor = c.search(r)) {
                while (cursor.next()) {
                    entries += cursor.isEntry() ? 1 : 0;
                }
                assertThat(cursor.getSearchResultDone().getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SIZE_LIMIT_EXCEEDED);
            }
            assertThat(entries).isEqualTo(Slapd.SIZE_LIMIT);
        }
        // ...the store's paged searches (40 per page) are not limited
        Page<User> all = search("description eq \"bulk\"", 0, 1000);
        assertThat(all.totalResults()).isEqualTo(BULK);
        assertThat(all.items()).hasSize(BULK);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < BULK; offset += 45) {
            Page<User> page = search("description eq \"bulk\"", offset, 45);
            assertThat(page.totalResults()).isEqualTo(BULK);
            assertThat(page.items()).hasSize(Math.min(45, BULK - offset));
            page.items().forEach(u -> assertThat(seen.add(u.id())).as("no user on two pages").isTrue());
        }
        assertThat(seen).hasSize(BULK);
        Page<User> tail = search("description eq \"bulk\"", 110, 50);
        assertThat(tail.items()).hasSize(10);
        assertThat(search("description eq \"bulk\"", 500, 10).items()).isEmpty();
        Page<User> count = search("description eq \"bulk\"", 0, 0);
        assertThat(count.items()).isEmpty();
        assertThat(count.totalResults()).isEqualTo(BULK);
        assertThat(readOnly.searchUsers(ROOT, Query.all(0, 10)).totalResults()).isEqualTo(BULK + 8);
    }

    @Test
    @Order(6)
    void serverSideSortingWhenTheDirectorySorts() {
        Assumptions.assumeTrue(Slapd.sorts(), "slapd has no sssvlv module");
        assertThat(readOnly.descriptor().can(StoreCapability.SORT)).isTrue();
        Query q = Query.of(Filter.parse("description eq \"bulk\""), 100, 5).withSort(new Query.Sort(AttributePath.USERNAME, true));
        assertThat(names(readOnly.searchUsers(ROOT, q))).containsExactly("bulk020", "bulk019", "bulk018", "bulk017", "bulk016");
        Query all = Query.all(0, 3).withSort(new Query.Sort(AttributePath.USERNAME, false));
        assertThat(names(readOnly.searchUsers(ROOT, all))).containsExactly("alice", "bob", "bulk001");
    }

    @Test
    @Order(7)
    void groupsAndMemberships() {
        Group staff = readOnly.findGroupByName(ROOT, "STAFF").orElseThrow();
        assertThat(staff.name()).isEqualTo("staff");
        assertThat(readOnly.findGroupById(ROOT, staff.id())).contains(staff);
        assertThat(readOnly.groupsOf(ROOT, user("alice").id())).extracting(Group::name).containsExactly("admins", "staff");
        assertThat(readOnly.groupsOf(ROOT, user("carol").id())).isEmpty();
        assertThat(readOnly.membersOf(ROOT, staff.id(), 0, 10).items()).extracting(User::username).containsExactly("alice", "bob");
        Group bulk = readOnly.findGroupByName(ROOT, "bulk").orElseThrow();
        Page<User> members = readOnly.membersOf(ROOT, bulk.id(), 50, 20);
        assertThat(members.totalResults()).isEqualTo(60);
        assertThat(members.items()).extracting(User::username).containsExactly(IntStream.rangeClosed(51, 60).mapToObj(i -> String.format("bulk%03d", i))
                .toArray(String[]::new));
        assertThat(names(search("groups eq \"" + staff.id() + "\"", 0, 10))).containsExactlyInAnyOrder("alice", "bob");
        assertThat(search("groups eq \"" + bulk.id() + "\"", 0, 0).totalResults()).isEqualTo(60);
        assertThat(readOnly.searchGroups(ROOT, Query.of(Filter.parse("displayName sw \"a\""), 0, 10)).items()).extracting(Group::name)
                .containsExactly("admins");
        assertThat(readOnly.searchGroups(ROOT, Query.of(Filter.parse("members eq \"" + user("bob").id() + "\""), 0, 10)).items())
                .extracting(Group::name).containsExactly("staff");
        assertThat(readOnly.searchGroups(ROOT, Query.all(0, 10)).totalResults()).isEqualTo(3);
        assertThatThrownBy(() -> readOnly.membersOf(ROOT, "00000000-0000-0000-0000-000000000009", 0, 10)).isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    @Order(8)
    void aReadOnlyStoreRefusesEveryChange() {
        User alice = user("alice");
        assertThatThrownBy(() -> readOnly.createUser(ROOT, new NewUser("zed", true, UserProfile.empty(), Optional.empty())))
                .isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> readOnly.updateUser(ROOT, alice.id(), alice.version(), UserUpdate.of(alice))).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> readOnly.deleteUser(ROOT, alice.id(), alice.version())).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> readOnly.setPassword(ROOT, alice.id(), "x-Pa55word".toCharArray())).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> readOnly.createGroup(ROOT, new NewGroup("g", null))).isInstanceOf(ReadOnlyStoreException.class);
        assertThatThrownBy(() -> readOnly.addMember(ROOT, "x", alice.id())).isInstanceOf(ReadOnlyStoreException.class);
        assertThat(readOnly.verifyPassword(ROOT, alice.id(), "alice-Pa55".toCharArray())).isEqualTo(CredentialCheck.VALID);
    }

    @Test
    @Order(9)
    void readWriteChanges() throws Exception {
        assertThat(writable.descriptor().can(StoreCapability.WRITE)).isTrue();
        UserProfile profile = UserProfile.builder().givenName("Zoe").familyName("Zed").email("zoe@example.org").locale("de-CH")
                .attribute("title", List.of("Tester")).build();
        User zoe = writable.createUser(ROOT, new NewUser("zoe", true, profile, Optional.of("zoe-Pa55word".toCharArray())));
        assertThat(zoe.username()).isEqualTo("zoe");
        assertThat(zoe.domain()).isEqualTo("CORPRW");
        assertThat(zoe.profile().email()).isEqualTo("zoe@example.org");
        assertThat(zoe.profile().attributes()).containsEntry("title", List.of("Tester"));
        assertThat(writable.verifyPassword(ROOT, zoe.id(), "zoe-Pa55word".toCharArray())).isEqualTo(CredentialCheck.VALID);
        assertThat(userPassword("zoe")).as("the directory hashed it").startsWith("{SSHA}");
        assertThatThrownBy(() -> writable.createUser(ROOT, new NewUser("ZOE", true, UserProfile.empty(), Optional.empty())))
                .isInstanceOf(UniquenessConflictException.class);
        assertThatThrownBy(() -> writable.createUser(ROOT, new NewUser("bad name", true, UserProfile.empty(), Optional.empty())))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> writable.createUser(ROOT, new NewUser("x1", true, UserProfile.builder().attribute("userPassword", List.of("x")).build(),
                Optional.empty()))).isInstanceOf(InvalidValueException.class).hasMessageContaining("has no attribute 'userPassword'");

        // update: profile, disable, and a stale version refused
        User updated = writable.updateUser(ROOT, zoe.id(), zoe.version(), new UserUpdate("zoe", false,
                zoe.profile().toBuilder().displayName("Zoe Z.").phoneNumber("+15550100009").email(null).build()));
        assertThat(updated.version()).isGreaterThan(zoe.version());
        assertThat(updated.active()).isFalse();
        assertThat(updated.profile().displayName()).isEqualTo("Zoe Z.");
        assertThat(updated.profile().email()).isNull();
        assertThat(updated.profile().phoneNumber()).isEqualTo("+15550100009");
        assertThatThrownBy(() -> writable.updateUser(ROOT, zoe.id(), zoe.version(), UserUpdate.of(zoe)))
                .isInstanceOf(VersionConflictException.class);
        assertThat(readOnly.findUserById(ROOT, zoe.id()).orElseThrow().active()).as("the other store sees it").isFalse();
        User enabled = writable.updateUser(ROOT, zoe.id(), updated.version(), new UserUpdate("zoe", true, updated.profile()));
        assertThat(enabled.active()).isTrue();

        // rename (the username is the RDN) keeps the id
        User renamed = writable.updateUser(ROOT, zoe.id(), enabled.version(), new UserUpdate("zoe2", true, enabled.profile()));
        assertThat(renamed.id()).isEqualTo(zoe.id());
        assertThat(renamed.username()).isEqualTo("zoe2");
        assertThat(writable.findUserByUsername(ROOT, "zoe")).isEmpty();
        assertThatThrownBy(() -> writable.updateUser(ROOT, zoe.id(), renamed.version(), new UserUpdate("alice", true, renamed.profile())))
                .isInstanceOf(UniquenessConflictException.class);

        // password change
        writable.setPassword(ROOT, zoe.id(), "new-Pa55word".toCharArray());
        assertThat(writable.verifyPassword(ROOT, zoe.id(), "new-Pa55word".toCharArray())).isEqualTo(CredentialCheck.VALID);
        assertThat(writable.verifyPassword(ROOT, zoe.id(), "zoe-Pa55word".toCharArray())).isEqualTo(CredentialCheck.INVALID);
        assertThatThrownBy(() -> writable.setPassword(ROOT, zoe.id(), new char[0])).isInstanceOf(InvalidValueException.class);

        // groups: create, members (memberOf follows), rename, delete
        Group team = writable.createGroup(ROOT, new NewGroup("team", "The team"));
        assertThat(team.description()).isEqualTo("The team");
        assertThat(writable.membersOf(ROOT, team.id(), 0, 10).items()).as("an empty groupOfNames").isEmpty();
        writable.addMember(ROOT, team.id(), zoe.id());
        writable.addMember(ROOT, team.id(), zoe.id());
        writable.addMember(ROOT, team.id(), user("carol").id());
        assertThat(writable.membersOf(ROOT, team.id(), 0, 10).items()).extracting(User::username).containsExactly("carol", "zoe2");
        assertThat(writable.groupsOf(ROOT, zoe.id())).extracting(Group::name).containsExactly("team");
        writable.removeMember(ROOT, team.id(), user("carol").id());
        writable.removeMember(ROOT, team.id(), zoe.id());
        writable.removeMember(ROOT, team.id(), zoe.id());
        assertThat(writable.membersOf(ROOT, team.id(), 0, 10).items()).isEmpty();
        assertThat(writable.groupsOf(ROOT, zoe.id())).isEmpty();
        Group current = writable.findGroupById(ROOT, team.id()).orElseThrow();
        Group renamedGroup = writable.updateGroup(ROOT, team.id(), current.version(), new GroupUpdate("squad", null));
        assertThat(renamedGroup.name()).isEqualTo("squad");
        assertThat(renamedGroup.description()).isNull();
        assertThat(renamedGroup.id()).isEqualTo(team.id());
        assertThatThrownBy(() -> writable.updateGroup(ROOT, team.id(), current.version(), new GroupUpdate("x", null)))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> writable.createGroup(ROOT, new NewGroup("STAFF", null))).isInstanceOf(UniquenessConflictException.class);
        writable.addMember(ROOT, team.id(), zoe.id());
        writable.deleteGroup(ROOT, team.id(), writable.findGroupById(ROOT, team.id()).orElseThrow().version());
        assertThat(writable.findGroupById(ROOT, team.id())).isEmpty();
        assertThat(writable.groupsOf(ROOT, zoe.id())).isEmpty();

        // delete, with the version check, and its memberships with it
        Group staff = writable.findGroupByName(ROOT, "staff").orElseThrow();
        writable.addMember(ROOT, staff.id(), zoe.id());
        User last = writable.findUserById(ROOT, zoe.id()).orElseThrow();
        assertThatThrownBy(() -> writable.deleteUser(ROOT, zoe.id(), last.version() - 1)).isInstanceOf(VersionConflictException.class);
        writable.deleteUser(ROOT, zoe.id(), last.version());
        assertThat(writable.findUserById(ROOT, zoe.id())).isEmpty();
        assertThat(writable.membersOf(ROOT, staff.id(), 0, 10).items()).extracting(User::username).containsExactly("alice", "bob");
        assertThatThrownBy(() -> writable.deleteUser(ROOT, zoe.id(), last.version())).isInstanceOf(EntityNotFoundException.class);
    }

    /** Two writers with the same version: exactly one wins, the other gets a conflict (the assertion control). */
    @Test
    @Order(10)
    void concurrentWritersConflict() throws Exception {
        User u = writable.createUser(ROOT, new NewUser("racer", true, UserProfile.empty(), Optional.empty()));
        int writers = 4;
        List<Thread> threads = new ArrayList<>();
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < writers; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    outcomes.add(writable.updateUser(ROOT, u.id(), u.version(),
                            new UserUpdate("racer", true, u.profile().toBuilder().displayName("Writer " + n).build())));
                } catch (Exception e) {
                    outcomes.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes.stream().filter(User.class::isInstance).count()).as(outcomes.toString()).isEqualTo(1);
        assertThat(outcomes.stream().filter(VersionConflictException.class::isInstance).count()).isEqualTo(writers - 1);
        writable.deleteUser(ROOT, u.id(), writable.findUserById(ROOT, u.id()).orElseThrow().version());
    }

    /** Last: the directory goes down (killed) and comes back; the same store objects recover. */
    @Test
    @Order(20)
    void theDirectoryGoingDownAndComingBack() throws Exception {
        String aliceId = user("alice").id();
        slapd.kill();
        long started = System.nanoTime();
        assertThatThrownBy(() -> readOnly.findUserByUsername(ROOT, "alice")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("CORP");
        assertThatThrownBy(() -> readOnly.verifyPassword(ROOT, aliceId, "alice-Pa55".toCharArray())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> readOnly.searchUsers(ROOT, Query.all(0, 10))).isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("quickly").isLessThan(Duration.ofSeconds(5));

        slapd.start();
        assertThat(readOnly.findUserByUsername(ROOT, "alice")).isPresent();
        assertThat(readOnly.verifyPassword(ROOT, aliceId, "alice-Pa55".toCharArray())).isEqualTo(CredentialCheck.VALID);
        assertThat(writable.searchUsers(ROOT, Query.all(0, 5)).items()).hasSize(5);
    }

    private String userPassword(String uid) throws Exception {
        try (LdapNetworkConnection c = new LdapNetworkConnection("127.0.0.1", slapd.port())) {
            c.bind(Slapd.ROOT_DN, Slapd.ROOT_PASSWORD);
            return new String(c.lookup("uid=" + uid + ",ou=people," + Slapd.SUFFIX, "userPassword").get("userPassword").getBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Counts the hash work the store spends on failed checks; hashing itself is the crypto bundle's business. */
    private static final class CountingHasher implements org.gatehouse.crypto.PasswordHasher {
        final java.util.concurrent.atomic.AtomicInteger nothings = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String hash(char[] password) {
            throw new UnsupportedOperationException("the directory hashes");
        }

        @Override
        public boolean verify(char[] password, String encodedHash) {
            throw new UnsupportedOperationException("the directory verifies");
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }

        @Override
        public void verifyNothing(char[] password) {
            nothings.incrementAndGet();
        }
    }

    private static List<String> names(Page<User> page) {
        return page.items().stream().map(User::username).toList();
    }
}
