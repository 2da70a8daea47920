package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.plugin.PluginCatalog;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.management.internal.Representations.Health;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Dialect;
import org.gatehouse.persistence.Migration;
import org.junit.jupiter.api.Test;

class HealthResourceTest {

    static Database database(boolean reachable) {
        return new Database() {
            @Override
            public DataSource dataSource() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Dialect dialect() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void migrate(String module, List<Migration> migrations) {}

            @Override
            public boolean isReachable(Duration timeout) {
                return reachable;
            }
        };
    }

    static final PluginCatalog CATALOG = List::<InstalledPlugin>of;

    @Test
    void upWhenEverythingIsThere() {
        Health h = HealthResource.evaluate(database(true), new InMemoryDirectory(), CATALOG);
        assertThat(h.status()).isEqualTo("UP");
        assertThat(h.checks()).containsOnlyKeys("database", "migrations", "core");
        assertThat(h.checks().values()).allMatch(c -> c.status().equals("UP") && c.detail() == null);
    }

    @Test
    void downBeforeAnyServiceArrives() {
        Health h = HealthResource.evaluate(null, null, null);
        assertThat(h.status()).isEqualTo("DOWN");
        assertThat(h.checks().values()).allMatch(c -> c.status().equals("DOWN") && c.detail() != null);
    }

    @Test
    void namesTheFailedCheck() {
        Health unreachable = HealthResource.evaluate(database(false), new InMemoryDirectory(), CATALOG);
        assertThat(unreachable.status()).isEqualTo("DOWN");
        assertThat(unreachable.checks().get("database").status()).isEqualTo("DOWN");
        assertThat(unreachable.checks().get("core").status()).isEqualTo("UP");

        Health noCatalog = HealthResource.evaluate(database(true), new InMemoryDirectory(), null);
        assertThat(noCatalog.checks().get("core").detail()).contains("plugin catalog");
        assertThat(noCatalog.checks().get("migrations").status()).isEqualTo("UP");
    }

    @Test
    void missingPrimaryStoreMeansMigrationsPending() {
        InMemoryDirectory noPrimary = new InMemoryDirectory() {
            @Override
            public UserStore primary() {
                throw new StoreUnavailableException("no primary store", null);
            }
        };
        Health h = HealthResource.evaluate(database(true), noPrimary, CATALOG);
        assertThat(h.checks().get("migrations").status()).isEqualTo("DOWN");
        assertThat(h.status()).isEqualTo("DOWN");
    }

    @Test
    void aThrowingDatabaseIsDown() {
        Database broken = new Database() {
            @Override
            public DataSource dataSource() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Dialect dialect() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void migrate(String module, List<Migration> migrations) {}

            @Override
            public boolean isReachable(Duration timeout) {
                throw new IllegalStateException("pool closed");
            }
        };
        assertThat(HealthResource.evaluate(broken, new InMemoryDirectory(), CATALOG).checks().get("database").status()).isEqualTo("DOWN");
    }

    @Test
    void serverComponentsStillWaitingKeepTheServerDown() {
        Health up = HealthResource.evaluate(database(true), new InMemoryDirectory(), CATALOG);
        assertThat(HealthResource.withComponents(up, java.util.List.of()).status()).isEqualTo("UP");
        Health waiting = HealthResource.withComponents(up, java.util.List.of("org.gatehouse.protocol.oauth2.internal.OAuth2Server"));
        assertThat(waiting.status()).isEqualTo("DOWN");
        assertThat(waiting.checks().get("components").detail()).contains("OAuth2Server");
        assertThat(HealthResource.withComponents(up, null)).isEqualTo(up);
    }
}
