package org.gatehouse.sample.userstore.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.User;
import org.junit.jupiter.api.Test;

class FileUserStoreTest {

    private final FileUserStore store = new FileUserStore((FileUserStoreConfiguration) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {FileUserStoreConfiguration.class}, (p, m, a) -> m.getDefaultValue()));
    private final OrganizationRef root = OrganizationRef.root();

    @Test
    void servesTheBundledUsers() {
        assertEquals("SAMPLE", store.descriptor().domain());
        User ada = store.findUserByUsername(root, "ADA").orElseThrow();
        assertEquals("Ada Lovelace", ada.profile().displayName());
        assertEquals(CredentialCheck.VALID, store.verifyPassword(root, ada.id(), "ada-sample-password".toCharArray()));
        assertEquals(CredentialCheck.INVALID, store.verifyPassword(root, ada.id(), "nope".toCharArray()));
        assertTrue(store.findUserByUsername(new OrganizationRef("x", "x"), "ada").isEmpty());
    }

    @Test
    void filtersAndPages() {
        assertEquals(List.of("ada", "grace"), names("active eq true"));
        assertEquals(List.of("alan"), names("not (active eq true)"));
        assertEquals(List.of("grace"), names("emails[value sw \"gr\"]"));
        assertEquals(List.of("ada", "alan"), names("userName sw \"a\" or name.familyName eq \"nobody\""));
        assertEquals(3, store.searchUsers(root, Query.all(2, 1)).totalResults());
        assertEquals(1, store.searchUsers(root, Query.all(2, 1)).items().size());
        assertThrows(InvalidFilterException.class, () -> names("shoeSize gt 40"));
    }

    private List<String> names(String filter) {
        return store.searchUsers(root, Query.of(Filter.parse(filter), 0, 10)).items().stream().map(User::username).toList();
    }
}
