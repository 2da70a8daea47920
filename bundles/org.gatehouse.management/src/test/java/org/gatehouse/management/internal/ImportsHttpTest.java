package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.gatehouse.core.internal.transfer.UserTransferService;
import org.gatehouse.management.internal.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/imports} and {@code /api/exports} over HTTP with the core's real transfer service. */
class ImportsHttpTest {

    static InMemoryDirectory directory;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(new CredentialCache());
        auth.userDirectory = directory;
        UserTransferService transfers = new UserTransferService(directory);
        ImportsResource imports = new ImportsResource();
        imports.transfers = transfers;
        ExportsResource exports = new ExportsResource();
        exports.transfers = transfers;
        exports.userDirectory = directory;
        server = new TestServer("127.0.0.1", new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), auth, new HttpConventionsFilter(),
                imports, exports);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Reply post(String path, String contentType, String body, String authorization) throws Exception {
        HttpRequest.Builder r = server.request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return TestServer.send(r);
    }

    @Test
    void importsRowsReportsRejectedOnesAndExportsThemAgain() throws Exception {
        Reply imported = post("/api/imports", "text/csv; charset=utf-8",
                "userName,email,groups,password\r\nivy,ivy@example.test,ops,pw-ivy-123\r\njack,jack@example.test,,\r\nivy,dup@example.test,,\r\n",
                ApplicationsHttpTest.ADMIN).is(200);
        assertThat(imported.json().get("rows").asInt()).isEqualTo(3);
        assertThat(imported.json().get("created").asInt()).isEqualTo(2);
        assertThat(imported.json().get("failed").asInt()).isEqualTo(1);
        assertThat(imported.json().get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(imported.json().get("errors").get(0).get("reason").asText()).isEqualTo("uniqueness");
        assertThat(imported.body()).doesNotContain("pw-ivy-123");

        Reply exported = TestServer.send(server.request("/api/exports?format=csv").header("Authorization", ApplicationsHttpTest.ADMIN).GET()).is(200);
        assertThat(exported.header("Content-Type")).startsWith("text/csv");
        assertThat(exported.header("Content-Disposition")).contains("users-primary.csv");
        assertThat(exported.body()).contains("ivy,true,,,,ivy@example.test").contains("jack,").doesNotContain("pw-ivy-123");
    }

    @Test
    void badRequestsAreProblemsAndNothingIsImported() throws Exception {
        post("/api/imports", "text/csv", "userName,nope\r\nzed,1\r\n", ApplicationsHttpTest.ADMIN).isProblem(400);
        post("/api/imports?format=xml", "text/csv", "userName\r\nzed\r\n", ApplicationsHttpTest.ADMIN).isProblem(400);
        post("/api/imports?domain=bad%20domain", "text/csv", "userName\r\nzed\r\n", ApplicationsHttpTest.ADMIN).isProblem(400);
        post("/api/imports?domain=NOPE", "text/csv", "userName\r\nzed\r\n", ApplicationsHttpTest.ADMIN).isProblem(400);
        post("/api/imports", "text/csv", "userName\r\nzed\r\n", null).isProblem(401);
        post("/api/imports", "image/png", "userName\r\nzed\r\n", ApplicationsHttpTest.ADMIN).isProblem(415);
        TestServer.send(server.request("/api/exports?domain=NOPE").header("Authorization", ApplicationsHttpTest.ADMIN).GET()).isProblem(404);
        TestServer.send(server.request("/api/exports?format=xml").header("Authorization", ApplicationsHttpTest.ADMIN).GET()).isProblem(400);
        assertThat(directory.findUser(Directory.ORG, "zed")).isEmpty();
    }
}
