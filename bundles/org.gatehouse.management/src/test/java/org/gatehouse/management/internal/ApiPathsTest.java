package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"api/users", "/api/users", "api", "/api/", "API/users", "//api//users", "/./api/users",
        "/api;x=1/users", "/api/openapi.json/../users", "/health/../api/users", "/api/nope", "/api/openapi.json/x",
        "/api/Openapi.json", "/x/../api/users/1/password"})
    void protectedPaths(String path) {
        assertThat(ApiPaths.requiresAdministrator(path, path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/openapi.json", "api/openapi.json", "/api/./openapi.json", "/", "", "/oauth2/token",
        "/apis/users", "/x/api/users"})
    void publicPaths(String path) {
        assertThat(ApiPaths.requiresAdministrator(path, path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/openapi%2Ejson", "/api/openapi.json%2F..%2Fusers"})
    void theOpenApiExemptionNeedsBothSpellings(String raw) {
        assertThat(ApiPaths.requiresAdministrator("/api/openapi.json", raw)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/users", "/api/openapi.json"})
    void managementPaths(String path) {
        assertThat(ApiPaths.isManagement(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/x", "/oauth2/token", "/", "/healthz"})
    void otherPaths(String path) {
        assertThat(ApiPaths.isManagement(path)).isFalse();
    }
}
