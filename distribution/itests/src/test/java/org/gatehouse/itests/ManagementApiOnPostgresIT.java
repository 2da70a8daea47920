package org.gatehouse.itests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The management API on PostgreSQL ({@code GATEHOUSE_TEST_PG_URL}, started by {@code .ci/run}). */
class ManagementApiOnPostgresIT extends ManagementApiContract {

    private GatehouseServer server;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(GatehouseServer.postgresAvailable(), "GATEHOUSE_TEST_PG_URL is not set");
        server = GatehouseServer.start("pg", GatehouseServer.Db.POSTGRESQL, PASSWORD);
    }

    @Override
    protected GatehouseServer server() {
        return server;
    }
}
