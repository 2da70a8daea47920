package org.gatehouse.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;

/** Completes the domains of the user stores currently tracked. */
@Service
public class DomainCompleter implements Completer {

    @Reference(optional = true)
    UserDirectory directory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter domains = new StringsCompleter();
        UserDirectory dir = directory;
        if (dir != null) {
            for (UserStore store : dir.stores()) {
                domains.getStrings().add(store.descriptor().domain());
            }
        }
        return domains.complete(session, commandLine, candidates);
    }
}
