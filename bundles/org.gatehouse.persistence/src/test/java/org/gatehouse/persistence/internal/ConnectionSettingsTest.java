package org.gatehouse.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    /** The configuration with every attribute at its default, as DS would give it without a file. */
    static DatabaseConfiguration defaults() {
        return (DatabaseConfiguration) Proxy.newProxyInstance(DatabaseConfiguration.class.getClassLoader(), new Class<?>[] {DatabaseConfiguration.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? DatabaseConfiguration.class : method.getDefaultValue());
    }

    @Test
    void theEmbeddedDatabaseGetsASmallPageCacheUnlessTheUrlSaysOtherwise() {
        ConnectionSettings embedded = ConnectionSettings.resolve(defaults(), Map.of(), Path.of("/data"));
        assertThat(embedded.url()).startsWith("jdbc:h2:file:").contains(";MODE=PostgreSQL").endsWith(";CACHE_SIZE=1024");

        ConnectionSettings own = ConnectionSettings.resolve(defaults(), Map.of("GATEHOUSE_DB_URL", "jdbc:h2:file:/x/db;CACHE_SIZE=65536"), Path.of("/data"));
        assertThat(own.url()).contains("CACHE_SIZE=65536").doesNotContain("CACHE_SIZE=1024");

        ConnectionSettings postgres = ConnectionSettings.resolve(defaults(), Map.of("GATEHOUSE_DB_URL", "jdbc:postgresql://db:5432/gatehouse"), Path.of("/data"));
        assertThat(postgres.url()).isEqualTo("jdbc:postgresql://db:5432/gatehouse?reWriteBatchedInserts=true");
        assertThat(ConnectionSettings.resolve(defaults(), Map.of("GATEHOUSE_DB_URL", "jdbc:postgresql://db/g?ssl=true"), Path.of("/data")).url())
                .isEqualTo("jdbc:postgresql://db/g?ssl=true&reWriteBatchedInserts=true");
        assertThat(ConnectionSettings.resolve(defaults(), Map.of("GATEHOUSE_DB_URL", "jdbc:postgresql://db/g?reWriteBatchedInserts=false"), Path.of("/data"))
                .url()).as("the operator's choice stays").isEqualTo("jdbc:postgresql://db/g?reWriteBatchedInserts=false");
    }
}
