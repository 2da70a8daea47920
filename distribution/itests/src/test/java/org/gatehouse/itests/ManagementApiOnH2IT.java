package org.gatehouse.itests;

import org.junit.jupiter.api.BeforeAll;

/** The management API on the embedded default database. */
class ManagementApiOnH2IT extends ManagementApiContract {

    private GatehouseServer server;

    @BeforeAll
    void start() throws Exception {
        server = GatehouseServer.start("h2", GatehouseServer.Db.H2, PASSWORD);
    }

    @Override
    protected GatehouseServer server() {
        return server;
    }
}
