package org.gatehouse.core.internal.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.internal.session.MutableClock;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Credentials on real H2 and PostgreSQL, sealed with real AES-GCM. */
public class CredentialServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final UserRef ALICE = new UserRef("PRIMARY", "u-alice", "alice");
    private static final UserRef BOB = new UserRef("PRIMARY", "u-bob", "bob");

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    /** The crypto bundle's AES-256-GCM sealing under a random master key. */
    public static SecretEncryption sealer() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new org.gatehouse.crypto.internal.AesGcmSecretEncryption(key);
    }

    static final class Events implements IdentityEventPublisher {
        final List<IdentityEvent> published = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(IdentityEvent event) {
            published.add(event);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesListsAndSealsSecrets(TestDatabase db) throws Exception {
        try (db) {
            Events events = new Events();
            CredentialService credentials = new CredentialService(db, sealer(), events, new MutableClock(Instant.parse("2026-11-27T10:00:00Z")));
            Credential totp = credentials.add(ROOT, ALICE, new NewCredential("totp", Optional.empty(), "Phone", Map.of("last_step", "0"),
                    Optional.of("JBSWY3DPEHPK3PXP")));
            credentials.add(ROOT, ALICE, new NewCredential("passkey", Optional.of("cred-1"), "Key", Map.of("count", "0", "odd key&=", "a b&c"),
                    Optional.empty()));
            credentials.add(ROOT, BOB, new NewCredential("totp", Optional.empty(), "", Map.of(), Optional.of("BOBSECRET")));

            assertThat(credentials.list(ROOT, ALICE, "totp")).extracting(Credential::id).containsExactly(totp.id());
            assertThat(credentials.list(ROOT, ALICE, null)).extracting(Credential::type).containsExactlyInAnyOrder("totp", "passkey");
            assertThat(credentials.findByKey(ROOT, "passkey", "cred-1")).hasValueSatisfying(c -> {
                assertThat(c.user()).isEqualTo(ALICE);
                assertThat(c.data()).containsEntry("odd key&=", "a b&c");
            });
            assertThat(credentials.findByKey(ROOT, "passkey", "nope")).isEmpty();
            assertThat(credentials.secret(ROOT, totp)).contains("JBSWY3DPEHPK3PXP");
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT secret FROM gh_credential WHERE id = ?")) {
                ps.setString(1, totp.id());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("sealed at rest").doesNotContain("JBSWY3DPEHPK3PXP");
                }
            }
            assertThatThrownBy(() -> credentials.add(ROOT, BOB, new NewCredential("passkey", Optional.of("cred-1"), "", Map.of(), Optional.empty())))
                    .isInstanceOf(CredentialConflictException.class);
            assertThat(events.published).extracting(IdentityEvent::type).containsOnly("credential.added");

            credentials.remove(ROOT, BOB, totp.id()); // not bob's: nothing happens
            assertThat(credentials.list(ROOT, ALICE, "totp")).hasSize(1);
            credentials.remove(ROOT, ALICE, totp.id());
            assertThat(credentials.list(ROOT, ALICE, "totp")).isEmpty();
            assertThat(events.published).extracting(IdentityEvent::type).contains("credential.removed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void updatesAreCompareAndSetSoAOneTimeValueIsUsedOnce(TestDatabase db) throws Exception {
        try (db) {
            CredentialService credentials = new CredentialService(db, sealer(), new Events(), new MutableClock(Instant.parse("2026-11-27T10:00:00Z")));
            Credential read = credentials.add(ROOT, ALICE, new NewCredential("totp", Optional.empty(), "", Map.of("last_step", "10"), Optional.empty()));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(() -> {
                    try {
                        credentials.update(ROOT, read, Map.of("last_step", "11"), true);
                        return true;
                    } catch (CredentialConflictException e) {
                        return false;
                    }
                });
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                winners += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(1);
            Credential now = credentials.list(ROOT, ALICE, "totp").get(0);
            assertThat(now.version()).isEqualTo(2);
            assertThat(now.lastUsedAt()).isPresent();
            assertThat(now.data()).containsEntry("last_step", "11");
        }
    }
}
