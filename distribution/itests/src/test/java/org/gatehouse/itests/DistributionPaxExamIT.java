package org.gatehouse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.apache.karaf.shell.api.console.Session;
import org.gatehouse.crypto.SigningKey;
import org.gatehouse.crypto.SigningKeys;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Boots the distribution under Pax Exam and looks inside: every Gatehouse bundle is active and
 * every one of their Declarative Services components is satisfied.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionPaxExamIT {

    private static final Set<String> GATEHOUSE_BUNDLES = new TreeSet<>(Arrays.asList(
            "org.gatehouse.api", "org.gatehouse.crypto", "org.gatehouse.persistence", "org.gatehouse.core",
            "org.gatehouse.userstore.jdbc", "org.gatehouse.management", "org.gatehouse.shell", "org.gatehouse.application",
            "org.gatehouse.authenticator.password", "org.gatehouse.authenticator.totp", "org.gatehouse.authenticator.backupcodes",
            "org.gatehouse.authenticator.onetimecode", "org.gatehouse.authenticator.emailotp", "org.gatehouse.authenticator.smsotp",
            "org.gatehouse.authenticator.passkey", "org.gatehouse.notification.email", "org.gatehouse.notification.sms",
            "org.gatehouse.web.login", "org.gatehouse.protocol.oauth2", "org.gatehouse.protocol.scim2",
            "org.gatehouse.userstore.ldap", "org.gatehouse.userstore.table"));

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private SessionFactory shell;

    @Inject
    private SigningKeys signingKeys;

    @Configuration
    public Option[] configuration() throws IOException {
        String distribution = System.getProperty("gatehouse.distribution", "target/it-artifacts/gatehouse-distribution.tar.gz");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(distribution).toURI().toString())
                    .name("Gatehouse")
                    .unpackDirectory(new File(System.getProperty("gatehouse.it.work", "target/it-work"), "pax-exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.WARN),
            // Pax Exam starts the JVM itself, without bin/setenv: give it what setenv would
            editConfigurationFilePut("etc/system.properties", "gatehouse.http.port", String.valueOf(GatehouseServer.freePort())),
            vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
            // The probe's extender waits this long for Pax Exam's invoker, whose bundle the features
            // service starts only after the Gatehouse bundles; the default 10 s is too short on a
            // loaded machine, and a miss leaves the test waiting forever instead of failing.
            vmOption("-Dorg.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT=180000"),
            vmOption("-Xmx512m"),
        };
    }

    @Test
    public void everyGatehouseBundleIsActive() throws InterruptedException {
        Set<String> found = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (GATEHOUSE_BUNDLES.contains(b.getSymbolicName())) {
                found.add(b.getSymbolicName());
                assertEquals(b.getSymbolicName() + " state", Bundle.ACTIVE, awaitActive(b));
            }
        }
        assertEquals(GATEHOUSE_BUNDLES, found);
    }

    @Test
    public void everyGatehouseComponentIsSatisfied() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> problems;
        do {
            problems = componentProblems();
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(250);
        } while (System.currentTimeMillis() < deadline);
        assertTrue("Unsatisfied components: " + problems, problems.isEmpty());
    }

    @Test
    public void operatorsManageUsersAndSeePluginsFromTheShell() throws Exception {
        everyGatehouseComponentIsSatisfied();
        String created = execute("gatehouse:user-create --email shell.user@example.com --given-name Shell shell-user");
        assertTrue(created, created.contains("shell-user"));
        String users = execute("gatehouse:user-list --filter 'userName sw \"shell\"'");
        assertTrue(users, users.contains("shell-user") && users.contains("shell.user@example.com"));
        String plugins = execute("gatehouse:plugin-list");
        assertTrue(plugins, plugins.contains("USER_STORE") && plugins.contains("PRIMARY") && plugins.contains("org.gatehouse.userstore.jdbc"));
        assertTrue(plugins, plugins.contains("AUTHENTICATOR") && plugins.contains("org.gatehouse.authenticator.password"));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gatehouse-shell-transfer");
        java.nio.file.Path csv = java.nio.file.Files.writeString(dir.resolve("users.csv"),
                "userName,email,groups\r\nimported-1,i1@example.com,shell-importers\r\nimported-2,i2@example.com,\r\nshell-user,dup@example.com,\r\n");
        String imported = execute("gatehouse:user-import " + csv);
        assertTrue(imported, imported.contains("Imported 2 of 3 rows") && imported.contains("row 3 (userName): uniqueness"));
        java.nio.file.Path exported = dir.resolve("export.csv");
        String export = execute("gatehouse:user-export " + exported);
        assertTrue(export, export.contains("Exported"));
        String written = java.nio.file.Files.readString(exported);
        assertTrue(written, written.contains("imported-1,true,,,,i1@example.com,false,,,shell-importers") && written.contains("shell-user,"));
        String again;
        try {
            again = execute("gatehouse:user-export " + exported);
        } catch (Exception e) {
            again = String.valueOf(e.getMessage()); // the command's CommandException
        }
        assertTrue("an export never overwrites a file: " + again, again.contains("exists already")
                && java.nio.file.Files.readString(exported).equals(written));
        String apps = execute("gatehouse:app-list");
        assertTrue(apps, apps.contains("Client ID"));
        String before = signingKeys.active("EdDSA").keyId();
        String rotated = execute("gatehouse:key-rotate EdDSA");
        assertTrue(rotated, rotated.contains(before) && rotated.contains(signingKeys.active("EdDSA").keyId()) && !before.equals(signingKeys.active("EdDSA").keyId()));
        assertTrue(signingKeys.jwkSetJson(), signingKeys.jwkSetJson().contains(before));
    }

    /** Signing keys use nimbus-jose-jwt and BouncyCastle: both must wire and work inside the runtime. */
    @Test
    public void signingKeysAreGeneratedSealedAndVerifyInsideTheRuntime() throws Exception {
        String jwks = signingKeys.jwkSetJson();
        assertTrue(jwks, jwks.contains("\"kty\":\"EC\"") && jwks.contains("\"kty\":\"RSA\"") && jwks.contains("\"kty\":\"OKP\"") && !jwks.contains("\"d\""));
        byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0".getBytes("US-ASCII");
        for (String alg : signingKeys.algorithms()) {
            SigningKey key = signingKeys.active(alg);
            assertTrue(alg, signingKeys.verify(key.keyId(), alg, input, key.sign(input)));
        }
    }

    private String execute(String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, "UTF-8");
        Session session = shell.create(new java.io.ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(command);
            return out.toString("UTF-8") + (result == null ? "" : result);
        } finally {
            session.close();
        }
    }

    private List<String> componentProblems() {
        List<String> problems = new ArrayList<>();
        int components = 0;
        for (Bundle b : context.getBundles()) {
            if (!GATEHOUSE_BUNDLES.contains(b.getSymbolicName())) {
                continue;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                components++;
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " is disabled");
                    continue;
                }
                var configurations = scr.getComponentConfigurationDTOs(d);
                // a component that requires a configuration (a notification channel: a factory
                // configuration per connection) rightly has no instance until an operator adds one
                if (configurations.isEmpty() && !"require".equals(d.configurationPolicy)) {
                    problems.add(d.name + " has no configuration (a required configuration is missing)");
                }
                for (ComponentConfigurationDTO c : configurations) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        problems.add(d.name + " is in state " + c.state + ", unsatisfied references: "
                                + Arrays.stream(c.unsatisfiedReferences).map(r -> r.name + " " + r.target).toList()
                                + (c.failure == null ? "" : ", failure: " + c.failure));
                    }
                }
            }
        }
        if (components < 18) {
            problems.add("only " + components + " components found in Gatehouse bundles");
        }
        return problems;
    }

    private static int awaitActive(Bundle b) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (b.getState() != Bundle.ACTIVE && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        return b.getState();
    }
}
