package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.management.internal.Preconditions.Expected;
import org.gatehouse.management.internal.Preconditions.IfMatch;
import org.gatehouse.management.internal.Preconditions.Source;
import org.junit.jupiter.api.Test;

class PreconditionsTest {

    private static int status(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status();
        }
        return 200;
    }

    @Test
    void parsesIfMatch() {
        assertThat(Preconditions.parseIfMatch(null).present()).isFalse();
        assertThat(Preconditions.parseIfMatch("\"3\"").versions()).containsExactly(3L);
        assertThat(Preconditions.parseIfMatch("\"3\", \"4\",W/\"5\", \"x\"").versions()).containsExactly(3L, 4L);
        assertThat(Preconditions.parseIfMatch("*").any()).isTrue();
        assertThat(Preconditions.parseIfMatch("W/\"3\"").matches(3)).isFalse();
        assertThatThrownBy(() -> Preconditions.parseIfMatch("3")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Preconditions.parseIfMatch("\"3")).isInstanceOf(ApiException.class);
    }

    @Test
    void etagIsStrongAndQuoted() {
        assertThat(Preconditions.etag(12)).isEqualTo("\"12\"");
    }

    @Test
    void updateNeedsAPrecondition() {
        assertThat(status(() -> Preconditions.forUpdate(IfMatch.ABSENT, Optional.empty(), 3, "user"))).isEqualTo(428);
        assertThat(status(() -> Preconditions.forUpdate(Preconditions.parseIfMatch("*"), Optional.empty(), 3, "user"))).isEqualTo(428);
    }

    @Test
    void ifMatchMismatchIs412AndBodyMismatchIs409() {
        assertThat(status(() -> Preconditions.forUpdate(Preconditions.parseIfMatch("\"2\""), Optional.empty(), 3, "user"))).isEqualTo(412);
        assertThat(status(() -> Preconditions.forUpdate(IfMatch.ABSENT, Optional.of(2L), 3, "user"))).isEqualTo(409);
        // header right, body wrong: the body's claim fails
        assertThat(status(() -> Preconditions.forUpdate(Preconditions.parseIfMatch("\"3\""), Optional.of(2L), 3, "user"))).isEqualTo(409);
        // header wrong: checked first
        assertThat(status(() -> Preconditions.forUpdate(Preconditions.parseIfMatch("\"2\""), Optional.of(3L), 3, "user"))).isEqualTo(412);
    }

    @Test
    void matchingPreconditions() {
        assertThat(Preconditions.forUpdate(Preconditions.parseIfMatch("\"3\""), Optional.empty(), 3, "user"))
                .isEqualTo(new Expected(3, Source.IF_MATCH));
        assertThat(Preconditions.forUpdate(IfMatch.ABSENT, Optional.of(3L), 3, "user")).isEqualTo(new Expected(3, Source.BODY));
        assertThat(Preconditions.forUpdate(Preconditions.parseIfMatch("*"), Optional.of(3L), 3, "user").source()).isEqualTo(Source.BODY);
    }

    @Test
    void deleteTakesAnOptionalPrecondition() {
        assertThat(Preconditions.forDelete(IfMatch.ABSENT, 3, "user").version()).isEqualTo(3);
        assertThat(Preconditions.forDelete(Preconditions.parseIfMatch("*"), 3, "user").version()).isEqualTo(3);
        assertThat(status(() -> Preconditions.forDelete(Preconditions.parseIfMatch("\"1\""), 3, "user"))).isEqualTo(412);
    }

    @Test
    void storeConflictsFollowTheSourceOfTheVersion() {
        VersionConflictException race = new VersionConflictException("User 1", 3, 4);
        ApiException header = Preconditions.onConflict(race, new Expected(3, Source.IF_MATCH), "user");
        assertThat(header.status()).isEqualTo(412);
        assertThat(header.headers()).containsEntry("ETag", "\"4\"");
        assertThat(Preconditions.onConflict(race, new Expected(3, Source.BODY), "user").status()).isEqualTo(409);
        assertThat(Preconditions.onConflict(race, new Expected(3, Source.NONE), "user").problem().errors())
                .isEqualTo(List.of(new Problem.FieldError("version", "Expected 4")));
    }
}
