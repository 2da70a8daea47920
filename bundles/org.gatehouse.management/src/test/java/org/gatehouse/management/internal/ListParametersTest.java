package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.management.internal.ListParameters.Vocabulary;
import org.junit.jupiter.api.Test;

class ListParametersTest {

    private static List<String> invalid(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.problem().errors().stream().map(Problem.FieldError::field).toList();
        }
        throw new AssertionError("expected a validation error");
    }

    @Test
    void defaults() {
        Query q = ListParameters.parse(null, null, null, null, null, Vocabulary.USERS);
        assertThat(q.offset()).isZero();
        assertThat(q.limit()).isEqualTo(50);
        assertThat(q.filter()).isEmpty();
        assertThat(q.sort()).isEmpty();
    }

    @Test
    void pagingBounds() {
        assertThat(ListParameters.parse(null, null, null, "10", "1000", Vocabulary.USERS).limit()).isEqualTo(1000);
        assertThat(ListParameters.parse(null, null, null, "0", "0", Vocabulary.USERS).limit()).isZero();
        assertThat(invalid(() -> ListParameters.parse(null, null, null, "-1", "1001", Vocabulary.USERS))).containsExactly("offset", "limit");
        assertThat(invalid(() -> ListParameters.parse(null, null, null, "abc", "1.5", Vocabulary.USERS))).containsExactly("offset", "limit");
        assertThat(invalid(() -> ListParameters.parse(null, null, null, "99999999999", null, Vocabulary.USERS))).containsExactly("offset");
    }

    @Test
    void parsesScimFilters() {
        Query q = ListParameters.parse("userName sw \"a\"", null, null, null, null, Vocabulary.USERS);
        assertThat(q.filter()).contains(new Filter.Comparison(AttributePath.USERNAME, Filter.Operator.SW, "a"));
    }

    @Test
    void rewritesAliasesToTheStoreVocabulary() {
        Query q = ListParameters.parse("email co \"@example.com\" and not (phoneNumber pr)", null, null, null, null, Vocabulary.USERS);
        Filter.And and = (Filter.And) q.filter().orElseThrow();
        assertThat(((Filter.Comparison) and.left()).path().key()).isEqualTo("emails.value");
        assertThat(((Filter.Present) ((Filter.Not) and.right()).filter()).path().key()).isEqualTo("phonenumbers.value");
    }

    @Test
    void invalidFilterIsAFilterError() {
        assertThatThrownBy(() -> ListParameters.parse("userName zz \"a\"", null, null, null, null, Vocabulary.USERS))
                .isInstanceOf(InvalidFilterException.class);
        assertThat(ErrorMapping.map(new InvalidFilterException("bad")).status()).isEqualTo(400);
    }

    @Test
    void sorting() {
        Query q = ListParameters.parse(null, "email", "descending", null, null, Vocabulary.USERS);
        assertThat(q.sort()).hasValueSatisfying(s -> {
            assertThat(s.path().key()).isEqualTo("emails.value");
            assertThat(s.descending()).isTrue();
        });
        assertThat(ListParameters.parse(null, "meta.created", "ASCENDING", null, null, Vocabulary.USERS).sort().orElseThrow().descending()).isFalse();
        assertThat(invalid(() -> ListParameters.parse(null, "password", "up", null, null, Vocabulary.USERS))).containsExactly("sortOrder", "sortBy");
        assertThat(ListParameters.parse(null, "displayName", null, null, null, Vocabulary.GROUPS).sort()).isPresent();
        assertThat(invalid(() -> ListParameters.parse(null, "userName", null, null, null, Vocabulary.GROUPS))).containsExactly("sortBy");
    }
}
