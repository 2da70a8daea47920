package org.gatehouse.sample.userstore.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A read-only user store over a CSV file, for the root organization only. It shows the whole
 * plugin contract in one class: a descriptor, lookups, filtered and paged search, and credential
 * checks, all against {@code org.gatehouse.api} and nothing else.
 */
@Component(service = UserStore.class, configurationPid = "org.gatehouse.sample.userstore.file")
@Designate(ocd = FileUserStoreConfiguration.class)
public final class FileUserStore implements UserStore {

    private final UserStoreDescriptor descriptor;
    private final List<FileUser> users;
    private final Instant loaded = Instant.now();

    @Activate
    public FileUserStore(FileUserStoreConfiguration config) {
        this(config.domain(), config.file().isBlank() ? bundled() : read(Path.of(config.file())));
    }

    FileUserStore(String domain, List<FileUser> users) {
        this.descriptor = new UserStoreDescriptor(domain, "Sample CSV users", EnumSet.of(StoreCapability.PASSWORD, StoreCapability.SORT));
        this.users = List.copyOf(users);
    }

    private static List<FileUser> bundled() {
        try (InputStream in = FileUserStore.class.getResourceAsStream("/users.csv")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<FileUser> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static List<FileUser> parse(InputStream in) throws IOException {
        List<FileUser> result = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = reader.readLine()) != null; ) {
            if (!line.isBlank() && !line.startsWith("#")) {
                result.add(FileUser.parse(line));
            }
        }
        return result;
    }

    @Override
    public UserStoreDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<User> findUserById(OrganizationRef org, String id) {
        return inOrg(org).stream().filter(u -> u.id().equals(id)).findFirst().map(u -> u.toUser(descriptor.domain(), loaded));
    }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        return inOrg(org).stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst().map(u -> u.toUser(descriptor.domain(), loaded));
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        List<FileUser> matching = inOrg(org).stream()
                .filter(u -> query.filter().map(f -> FilterEvaluator.matches(f, u.attributes())).orElse(true))
                .sorted(Comparator.comparing((FileUser u) -> u.username().toLowerCase(Locale.ROOT)))
                .toList();
        if (query.sort().map(s -> s.descending()).orElse(false)) {
            matching = new ArrayList<>(matching);
            java.util.Collections.reverse(matching);
        }
        List<User> page = matching.stream().skip(query.offset()).limit(query.limit()).map(u -> u.toUser(descriptor.domain(), loaded)).toList();
        return new Page<>(page, matching.size(), query.offset(), query.limit());
    }

    @Override
    public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
        return inOrg(org).stream().filter(u -> u.id().equals(userId)).findFirst()
                .map(u -> u.passwordHash().isBlank() ? CredentialCheck.NOT_SET
                        : Pbkdf2.verify(password, u.passwordHash()) ? CredentialCheck.VALID : CredentialCheck.INVALID)
                .orElse(CredentialCheck.NOT_SET);
    }

    /** This store keeps no groups: group names in the file are attributes only. */
    @Override
    public Optional<Group> findGroupById(OrganizationRef org, String id) {
        return Optional.empty();
    }

    @Override
    public Optional<Group> findGroupByName(OrganizationRef org, String name) {
        return Optional.empty();
    }

    @Override
    public Page<Group> searchGroups(OrganizationRef org, Query query) {
        return new Page<>(List.of(), 0, query.offset(), query.limit());
    }

    @Override
    public List<Group> groupsOf(OrganizationRef org, String userId) {
        return List.of();
    }

    @Override
    public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
        return new Page<>(List.of(), 0, offset, limit);
    }

    private List<FileUser> inOrg(OrganizationRef org) {
        return org.isRoot() ? users : List.of();
    }
}
