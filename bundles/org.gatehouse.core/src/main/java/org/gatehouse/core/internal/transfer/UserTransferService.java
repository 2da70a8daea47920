package org.gatehouse.core.internal.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserCreation;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.core.transfer.ImportResult;
import org.gatehouse.core.transfer.RowError;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.TransferFormat;
import org.gatehouse.core.transfer.UserTransfers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports and exports through the user directory's stores. A row is a user and their group
 * memberships: when a membership cannot be made after the user was created, the user is deleted
 * again, so a rejected row leaves nothing behind (groups a row named and that were created for it
 * stay: other rows may use them).
 */
@Component(service = UserTransfers.class)
public final class UserTransferService implements UserTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(UserTransferService.class);
    /** How often progress is told. */
    static final int PROGRESS_EVERY = 500;
    /** Rows created per call to the store: large enough for batched statements to pay. */
    static final int BATCH = 500;
    private static final int EXPORT_PAGE = 500;

    private final UserDirectory directory;
    private final Map<String, TransferFormat> formats = new ConcurrentHashMap<>();

    @Activate
    public UserTransferService(@Reference UserDirectory directory) {
        this.directory = directory;
        CsvFormat csv = new CsvFormat();
        formats.put(csv.id(), csv);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindFormat(TransferFormat format) {
        formats.putIfAbsent(format.id().toLowerCase(Locale.ROOT), format);
    }

    void unbindFormat(TransferFormat format) {
        formats.remove(format.id().toLowerCase(Locale.ROOT), format);
    }

    @Override
    public List<String> formats() {
        return formats.keySet().stream().sorted().toList();
    }

    private TransferFormat format(String id) {
        TransferFormat format = id == null ? null : formats.get(id.toLowerCase(Locale.ROOT));
        if (format == null) {
            throw new TransferException("Unknown format '" + id + "': available are " + String.join(", ", formats()));
        }
        return format;
    }

    @Override
    public ImportResult importUsers(OrganizationRef organization, String domain, String formatId, InputStream data, Progress progress) {
        TransferFormat format = format(formatId);
        WritableUserStore store;
        try {
            store = directory.writable(domain);
        } catch (EntityNotFoundException | ReadOnlyStoreException e) {
            throw new TransferException(e.getMessage(), e);
        }
        long started = System.nanoTime();
        Counting counting = new Counting(data);
        Run run = new Run(organization, store, progress, counting);
        try {
            TransferFormat.Reader reader = format.reader(counting);
            for (TransferFormat.Row row = reader.next(); row != null; row = reader.next()) {
                run.apply(row);
            }
            run.flush();
        } catch (java.nio.charset.CharacterCodingException e) {
            run.flush(); // the rows read before the fault are whole: they go in, and the message says so
            throw new TransferException("The data is not UTF-8 after row " + run.rows + ": the rows before it were imported ("
                    + run.created + " created, " + run.failed + " rejected), nothing after it", e);
        } catch (IOException e) {
            run.flush();
            throw new TransferException("The data could not be read after row " + run.rows + " (" + e.getMessage() + "): the rows before it"
                    + " were imported (" + run.created + " created, " + run.failed + " rejected), nothing after it", e);
        }
        progress.progressed(run.rows, run.created, run.failed, counting.count);
        run.errors.sort(java.util.Comparator.comparingLong(RowError::row));
        ImportResult result = new ImportResult(run.rows, run.created, run.failed, run.errors, Duration.ofNanos(System.nanoTime() - started));
        LOG.info("Imported {} users into {} ({} rows, {} rejected) in {} ms", result.created(), domain, result.rows(), result.failed(),
                result.took().toMillis());
        return result;
    }

    /** One import's state. */
    private static final class Run {
        final OrganizationRef organization;
        final WritableUserStore store;
        final Progress progress;
        final Counting counting;
        final boolean keepsGroups;
        /** Groups by lower-case name, so a group is looked up once per import. */
        final Map<String, Group> groups = new HashMap<>();
        final List<RowError> errors = new ArrayList<>();
        long rows;
        long created;
        long failed;

        Run(OrganizationRef organization, WritableUserStore store, Progress progress, Counting counting) {
            this.organization = organization;
            this.store = store;
            this.progress = progress;
            this.counting = counting;
            this.keepsGroups = store.descriptor().can(StoreCapability.GROUPS);
        }

        /** Parsed rows waiting to be created together. */
        final List<TransferFormat.Parsed> batch = new ArrayList<>();

        void apply(TransferFormat.Row row) {
            rows++;
            if (row instanceof TransferFormat.Malformed m) {
                reject(new RowError(m.number(), m.field(), RowError.MALFORMED, m.message()));
            } else {
                TransferFormat.Parsed parsed = (TransferFormat.Parsed) row;
                if (!parsed.groups().isEmpty() && !keepsGroups) {
                    reject(new RowError(parsed.number(), CsvFormat.GROUPS, RowError.INVALID_VALUE, "this user store keeps no groups"));
                } else {
                    batch.add(parsed);
                }
            }
            if (batch.size() >= BATCH) {
                flush();
            }
            if (rows % PROGRESS_EVERY == 0) {
                progress.progressed(rows, created, failed, counting.count);
            }
        }

        /** Creates the waiting rows in one call to the store, then their memberships in another. */
        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<NewUser> users = batch.stream().map(TransferFormat.Parsed::user).toList();
            List<UserCreation> outcomes;
            try {
                outcomes = store.createUsers(organization, users);
            } catch (StoreUnavailableException e) {
                batch.forEach(row -> reject(new RowError(row.number(), null, RowError.STORE_UNAVAILABLE, "the user store is unavailable")));
                batch.clear();
                return;
            } finally {
                users.forEach(u -> u.password().ifPresent(p -> java.util.Arrays.fill(p, '\0')));
            }
            // the created rows' memberships in one call; when it fails, row by row, so that only the rows at fault are rejected
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                TransferFormat.Parsed row = batch.get(i);
                UserCreation outcome = outcomes.get(i);
                if (outcome.failure().isPresent()) {
                    reject(rowError(row, outcome.failure().get()));
                    continue;
                }
                Member member = new Member(row, outcome.user().get());
                try {
                    for (String name : row.groups()) {
                        member.groups.add(group(name).id());
                    }
                    member.groups.forEach(id -> byGroup.computeIfAbsent(id, g -> new ArrayList<>()).add(member.user.id()));
                    members.add(member);
                } catch (UserStoreException | IllegalArgumentException e) {
                    fail(member, e);
                }
            }
            try {
                store.addMembers(organization, byGroup);
            } catch (UserStoreException e) {
                for (Member m : members) {
                    Map<String, List<String>> own = new LinkedHashMap<>();
                    m.groups.forEach(id -> own.put(id, List.of(m.user.id())));
                    try {
                        store.addMembers(organization, own);
                    } catch (UserStoreException | IllegalArgumentException perRow) {
                        fail(m, perRow);
                    }
                }
            }
            for (Member m : members) {
                if (!m.failed) {
                    created++;
                }
            }
            batch.clear();
        }

        /** A created row on its way into its groups. */
        private static final class Member {
            final TransferFormat.Parsed row;
            final User user;
            /** The ids of the groups the row names. */
            final List<String> groups = new ArrayList<>();
            boolean failed;

            Member(TransferFormat.Parsed row, User user) {
                this.row = row;
                this.user = user;
            }
        }

        /** A created row whose memberships cannot all be made: the user goes again, the row is rejected. */
        private void fail(Member member, RuntimeException e) {
            if (member.failed) {
                return;
            }
            member.failed = true;
            undo(member.row, member.user);
            reject(new RowError(member.row.number(), CsvFormat.GROUPS,
                    e instanceof StoreUnavailableException ? RowError.STORE_UNAVAILABLE : RowError.INVALID_VALUE,
                    "the memberships could not be made: " + e.getMessage()));
        }

        private RowError rowError(TransferFormat.Parsed row, UserStoreException e) {
            if (e instanceof UniquenessConflictException) {
                return new RowError(row.number(), "userName", RowError.UNIQUENESS, "a user named '" + row.user().username() + "' exists");
            }
            if (e instanceof InvalidValueException invalid) {
                return new RowError(row.number(), invalid.attribute(), RowError.INVALID_VALUE, e.getMessage());
            }
            if (e instanceof StoreUnavailableException) {
                return new RowError(row.number(), null, RowError.STORE_UNAVAILABLE, "the user store is unavailable");
            }
            return new RowError(row.number(), null, RowError.INVALID_VALUE, e.getMessage());
        }

        private Group group(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            Group known = groups.get(key);
            if (known != null) {
                return known;
            }
            Group group = store.findGroupByName(organization, name).orElseGet(() -> {
                try {
                    return store.createGroup(organization, new NewGroup(name, null));
                } catch (UniquenessConflictException e) {
                    // created meanwhile by someone else: take theirs
                    return store.findGroupByName(organization, name).orElseThrow(() -> e);
                }
            });
            groups.put(key, group);
            return group;
        }

        private void undo(TransferFormat.Parsed row, User user) {
            try {
                store.deleteUser(organization, user.id(), user.version());
            } catch (RuntimeException e) {
                LOG.error("Row {} of an import: user {} was created but its memberships failed, and deleting it failed too: {}",
                        row.number(), user.username(), e.toString());
            }
        }

        private void reject(RowError error) {
            failed++;
            if (errors.size() < ImportResult.MAX_ERRORS) {
                errors.add(error);
            }
        }
    }

    @Override
    public long exportUsers(OrganizationRef organization, String domain, String formatId, OutputStream out, Progress progress) {
        TransferFormat format = format(formatId);
        UserStore store = directory.store(domain).orElseThrow(() -> new TransferException("No user store '" + domain + "'"));
        long written = 0;
        try {
            TransferFormat.Writer writer = format.writer(out);
            Optional<String> after = Optional.empty();
            while (true) {
                // keyset paging on the username: every page is an index range, however deep the export
                Query query = new Query(after.map(name -> (Filter) new Filter.Comparison(AttributePath.USERNAME, Filter.Operator.GT, name)),
                        Optional.of(new Query.Sort(AttributePath.USERNAME, false)), 0, EXPORT_PAGE);
                Page<User> page = store.searchUsers(organization, query);
                for (User user : page.items()) {
                    List<String> names = store.descriptor().can(StoreCapability.GROUPS)
                            ? store.groupsOf(organization, user.id()).stream().map(Group::name).toList()
                            : List.of();
                    writer.write(user, names);
                    written++;
                    if (written % PROGRESS_EVERY == 0) {
                        progress.progressed(written, 0, 0, 0);
                    }
                }
                if (page.items().size() < EXPORT_PAGE) {
                    break;
                }
                after = Optional.of(page.items().get(page.items().size() - 1).username());
            }
            writer.finish();
        } catch (IOException e) {
            throw new TransferException("The export could not be written after " + written + " users: " + e.getMessage(), e);
        }
        progress.progressed(written, 0, 0, 0);
        return written;
    }

    /** Counts the bytes read, for progress. */
    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
