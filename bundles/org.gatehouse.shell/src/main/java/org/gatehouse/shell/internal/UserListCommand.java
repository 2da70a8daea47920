package org.gatehouse.shell.internal;

import java.io.PrintStream;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;

@Service
@Command(scope = "gatehouse", name = "user-list", description = "Lists the users of a user store, optionally filtered")
public class UserListCommand implements Action {

    static final int DEFAULT_LIMIT = 50;

    @Option(name = "--filter", aliases = "-f", description = "A SCIM filter, e.g. 'userName sw \"a\"' or 'emails.value co \"@example.com\"'")
    String filter;

    @Option(name = "--domain", aliases = "-d", description = "The user store's domain (default: the primary store)")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--limit", aliases = "-l", description = "How many users to show, at most " + Query.MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")")
    int limit = DEFAULT_LIMIT;

    @Reference(optional = true)
    UserDirectory directory;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        if (limit < 1 || limit > Query.MAX_LIMIT) {
            throw new CommandException("--limit must be between 1 and " + Query.MAX_LIMIT);
        }
        UserDirectory dir = Commands.require(directory);
        try {
            Optional<Filter> parsed = filter == null || filter.isBlank() ? Optional.empty() : Optional.of(Filter.parse(filter));
            UserStore store = Commands.store(dir, domain);
            Page<User> page = store.searchUsers(Commands.ORG, new Query(parsed, Optional.empty(), 0, limit));
            ShellTable table = new ShellTable().emptyTableText("No users found");
            table.column("ID");
            table.column("Domain");
            table.column("Username");
            table.column("Active");
            table.column("Display name").maxSize(40);
            table.column("Email");
            for (User u : page.items()) {
                table.addRow().addContent(u.id(), u.domain(), u.username(), u.active() ? "yes" : "no",
                        Commands.orEmpty(u.profile().displayName()), Commands.orEmpty(u.profile().email()));
            }
            table.print(out);
            if (page.totalResults() > page.items().size()) {
                out.println("Showing " + page.items().size() + " of " + page.totalResults() + " users; use --limit or --filter to see others");
            }
        } catch (InvalidFilterException e) {
            throw new CommandException("Invalid filter: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            throw new CommandException("The user store is unavailable: " + e.getMessage());
        }
    }
}
