package org.gatehouse.application.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gatehouse.persistence.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the machine client that the core's first-start bootstrap records ({@code gh_bootstrap_client},
 * secret digest only) into a machine-to-machine application with the same client id and secret, so
 * automation can get {@code gatehouse:admin} tokens with it. Runs at activation, then every second
 * until the core has recorded a client (the core may start after this component), then every
 * {@code bootstrapSyncSeconds}: an operator who sets a new secret through the environment changes the
 * recorded digest at the next start of the core, possibly on another node.
 */
@Component(service = BootstrapClientSync.class, immediate = true, configurationPid = ApplicationsConfiguration.PID)
public final class BootstrapClientSync {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapClientSync.class);

    /** A row of {@code gh_bootstrap_client}. */
    record BootstrapClient(String organizationId, String clientId, String secretDigest, String scopes) {}

    private final Database database;
    private final MachineClients machineClients;
    private final ScheduledExecutorService timer;
    private final long periodMillis;
    private volatile boolean reportedMissingTable;
    private volatile boolean seenClients;
    private volatile long lastRun;

    @Activate
    public BootstrapClientSync(ApplicationsConfiguration config, @Reference Database database, @Reference MachineClients machineClients) {
        this.database = database;
        this.machineClients = machineClients;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-bootstrap-client-sync");
            t.setDaemon(true);
            return t;
        });
        this.periodMillis = TimeUnit.SECONDS.toMillis(Math.max(1, config.bootstrapSyncSeconds()));
        // at once, so that the client works as soon as the bundle is active; then every second until
        // the core has recorded a client (it may start after this component), then at the configured pace
        synchronizeQuietly();
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    BootstrapClientSync(Database database, MachineClients machineClients) {
        this.database = database;
        this.machineClients = machineClients;
        this.timer = null;
        this.periodMillis = 0;
    }

    private void tick() {
        long now = System.nanoTime();
        if (seenClients && now - lastRun < TimeUnit.MILLISECONDS.toNanos(periodMillis)) {
            return;
        }
        synchronizeQuietly();
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void synchronizeQuietly() {
        try {
            synchronize();
        } catch (RuntimeException e) {
            LOG.warn("Cannot synchronize the bootstrap machine client yet: {}", e.getMessage());
        }
    }

    /** @return how many bootstrap clients were created or updated */
    int synchronize() {
        lastRun = System.nanoTime();
        List<BootstrapClient> clients = bootstrapClients();
        seenClients = seenClients || !clients.isEmpty();
        int changed = 0;
        for (BootstrapClient c : clients) {
            MachineClients.Outcome outcome = machineClients.ensureMachineClient(c.organizationId(), c.clientId(), c.secretDigest(), c.scopes());
            switch (outcome) {
                case CREATED -> LOG.info("Bootstrap machine client {} is now an m2m application with scope {}", c.clientId(), c.scopes());
                case SECRET_UPDATED -> LOG.info("Bootstrap machine client {}: the application takes the new secret", c.clientId());
                case CONFLICTING_APPLICATION -> LOG.warn("Bootstrap machine client {}: another application holds that client_id;"
                        + " it is left alone", c.clientId());
                case UNCHANGED -> { }
            }
            if (outcome == MachineClients.Outcome.CREATED || outcome == MachineClients.Outcome.SECRET_UPDATED) {
                changed++;
            }
        }
        return changed;
    }

    private List<BootstrapClient> bootstrapClients() {
        List<BootstrapClient> result = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT org_id, client_id, secret_digest, scopes FROM gh_bootstrap_client");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new BootstrapClient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        } catch (SQLException e) {
            // the core creates the table at its first start, possibly after this component
            if (!reportedMissingTable) {
                reportedMissingTable = true;
                LOG.debug("No bootstrap clients to import yet: {}", e.getMessage());
            }
        }
        return result;
    }
}
