package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.RedirectionException;
import javax.ws.rs.InternalServerErrorException;
import javax.ws.rs.core.Response;
import java.net.URI;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserStoreException;
import org.gatehouse.api.userstore.VersionConflictException;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    @Test
    void storeExceptions() {
        assertThat(ErrorMapping.map(new EntityNotFoundException("no such user")).status()).isEqualTo(404);
        ErrorMapping.Mapped unique = ErrorMapping.map(new UniquenessConflictException("userName", "alice is taken"));
        assertThat(unique.status()).isEqualTo(409);
        assertThat(unique.problem().errors()).containsExactly(new Problem.FieldError("userName", "Already taken"));
        assertThat(ErrorMapping.map(new VersionConflictException("User 1", 1, 2)).status()).isEqualTo(409);
        ErrorMapping.Mapped readOnly = ErrorMapping.map(new ReadOnlyStoreException("LDAP"));
        assertThat(readOnly.status()).isEqualTo(409);
        assertThat(readOnly.problem().detail()).contains("LDAP").contains("read-only");
        ErrorMapping.Mapped unavailable = ErrorMapping.map(new StoreUnavailableException("The LDAP server is down", null));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers()).containsKey("Retry-After");
        ErrorMapping.Mapped filter = ErrorMapping.map(new InvalidFilterException("unexpected ')' at 7"));
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.problem().type()).isEqualTo(ProblemType.INVALID_FILTER.uri());
        assertThat(filter.problem().errors()).extracting(Problem.FieldError::field).containsExactly("filter");
        ErrorMapping.Mapped value = ErrorMapping.map(new InvalidValueException("emails.value", "not an address"));
        assertThat(value.status()).isEqualTo(400);
        assertThat(value.problem().errors()).extracting(Problem.FieldError::field).containsExactly("email");
    }

    @Test
    void jaxrsErrorsBecomeProblems() {
        assertThat(ErrorMapping.map(new NotFoundException()).problem().status()).isEqualTo(404);
        assertThat(ErrorMapping.map(new NotFoundException()).problem().type()).isEqualTo("about:blank");
        assertThat(ErrorMapping.map(new NotFoundException()).problem().title()).isEqualTo("Not Found");
        ErrorMapping.Mapped notAllowed = ErrorMapping.map(new NotAllowedException("GET", new String[] {"POST"}));
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.headers().get("Allow")).contains("GET").contains("POST");
        assertThat(ErrorMapping.map(new NotSupportedException()).status()).isEqualTo(415);
        assertThat(ErrorMapping.map(new NotAcceptableException()).status()).isEqualTo(406);
        assertThat(ErrorMapping.map(new BadRequestException()).status()).isEqualTo(400);
    }

    @Test
    void redirectsPassThrough() {
        ErrorMapping.Mapped redirect = ErrorMapping.map(new RedirectionException(Response.Status.SEE_OTHER, URI.create("https://example.com/")));
        assertThat(redirect.passThrough()).isNotNull();
        assertThat(redirect.problem()).isNull();
    }

    @Test
    void unexpectedErrorsRevealOnlyAnId() {
        for (Throwable t : List.of(new NullPointerException("secret internals"), new UserStoreException("SELECT * FROM users"),
                new InternalServerErrorException(new IllegalStateException("boom")), new OutOfMemoryError("heap"))) {
            ErrorMapping.Mapped m = ErrorMapping.map(t);
            assertThat(m.status()).isEqualTo(500);
            assertThat(m.problem().errorId()).isNotBlank();
            assertThat(m.problem().detail()).contains(m.problem().errorId()).doesNotContain("secret").doesNotContain("SELECT").doesNotContain("boom");
            assertThat(m.problem().errors()).isNull();
        }
    }

    @Test
    void apiExceptionsAndBodyLimits() {
        assertThat(ErrorMapping.map(ApiException.notFound("x")).status()).isEqualTo(404);
        assertThat(ErrorMapping.map(new RuntimeException(new BodyLimit.TooLargeException(10))).status()).isEqualTo(413);
    }

    @Test
    void mapperBuildsProblemJsonResponses() {
        Response r = new ProblemExceptionMapper().toResponse(new NotAllowedException("GET", new String[0]));
        assertThat(r.getStatus()).isEqualTo(405);
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(r.getEntity()).isInstanceOf(Problem.class);
        assertThat(r.getHeaderString("Allow")).contains("GET");
        assertThat(r.getHeaderString("Cache-Control")).isEqualTo("no-store");
    }
}
