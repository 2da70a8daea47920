package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserUpdate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminAuthenticatorTest {

    private final AtomicLong now = new AtomicLong();
    private final CredentialCache cache = new CredentialCache(now::get, Duration.ofSeconds(60), 100);
    private final AdminAuthenticator authenticator = new AdminAuthenticator(cache);
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private User admin;

    @BeforeEach
    void users() {
        admin = directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        directory.user("mallory", "mallory-password", "staff");
    }

    private ApiException failure(String header) {
        try {
            authenticator.authenticate(directory, header);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void administratorIsLetIn() {
        assertThat(authenticator.authenticate(directory, basic("root:root-password")).userId()).isEqualTo(admin.id());
    }

    @Test
    void missingOrWrongCredentialsAre401WithAChallenge() {
        for (String header : new String[] {null, "Bearer x", basic("root:wrong"), basic("nobody:root-password")}) {
            ApiException e = failure(header);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"gatehouse\", charset=\"UTF-8\", Bearer realm=\"gatehouse\"");
            assertThat(e.problem().type()).isEqualTo(ProblemType.UNAUTHORIZED.uri());
        }
    }

    @Test
    void nonAdministratorIs403() {
        assertThat(failure(basic("mallory:mallory-password")).status()).isEqualTo(403);
    }

    @Test
    void successIsCachedFailureIsNot() {
        authenticator.authenticate(directory, basic("root:root-password"));
        authenticator.authenticate(directory, basic("root:root-password"));
        assertThat(directory.authentications).hasValue(1);
        failure(basic("root:wrong"));
        failure(basic("root:wrong"));
        assertThat(directory.authentications).hasValue(3);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        authenticator.authenticate(directory, basic("root:root-password"));
        assertThat(directory.authentications).hasValue(4);
    }

    @Test
    void membershipAndStateAreCheckedOnEveryRequest() {
        authenticator.authenticate(directory, basic("root:root-password"));
        String group = directory.primary.findGroupByName(OrganizationRef.root(), ManagementApi.ADMIN_GROUP).orElseThrow().id();
        directory.primary.removeMember(OrganizationRef.root(), group, admin.id());
        assertThat(failure(basic("root:root-password")).status()).isEqualTo(403);
        directory.primary.addMember(OrganizationRef.root(), group, admin.id());
        directory.primary.updateUser(OrganizationRef.root(), admin.id(), admin.version(), new UserUpdate("root", false, null));
        assertThat(failure(basic("root:root-password")).status()).isEqualTo(401);
    }

    @Test
    void aCachedUserThatWasReplacedIsCheckedAfresh() {
        authenticator.authenticate(directory, basic("root:root-password"));
        InMemoryDirectory replaced = new InMemoryDirectory();
        User newRoot = replaced.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        assertThat(authenticator.authenticate(replaced, basic("root:root-password")).userId()).isEqualTo(newRoot.id());
        assertThat(replaced.authentications).hasValue(1);
    }

    @Test
    void unavailableDirectoryIs503() {
        assertThatThrownBy(() -> authenticator.authenticate(null, basic("root:root-password")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        directory.unavailable = true;
        assertThat(failure(basic("root:root-password")).status()).isEqualTo(503);
    }
}
