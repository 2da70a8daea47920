package org.gatehouse.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.plugin.PluginCatalog;
import org.gatehouse.api.plugin.PluginType;

@Service
@Command(scope = "gatehouse", name = "plugin-list", description = "Lists the plugins the Gatehouse runtime tracks")
public class PluginListCommand implements Action {

    @Option(name = "--type", aliases = "-t", description = "Only plugins of this type: AUTHENTICATOR, USER_STORE, NOTIFICATION_CHANNEL, EVENT_LISTENER")
    @Completion(value = StringsCompleter.class, values = {"AUTHENTICATOR", "USER_STORE", "NOTIFICATION_CHANNEL", "EVENT_LISTENER"})
    String type;

    @Reference(optional = true)
    PluginCatalog catalog;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        PluginType wanted = type == null || type.isBlank() ? null : Commands.pluginType(type);
        if (catalog == null) {
            throw new CommandException("The Gatehouse plugin catalog is not available; is the gatehouse-core feature started?");
        }
        ShellTable table = new ShellTable().emptyTableText("No plugins found");
        table.column("Type");
        table.column("ID");
        table.column("Name").maxSize(40);
        table.column("Bundle");
        table.column("Version");
        table.column("State");
        for (InstalledPlugin p : catalog.plugins()) {
            if (wanted == null || p.type() == wanted) {
                table.addRow().addContent(p.type().name(), p.id(), p.displayName(), p.bundleSymbolicName(), p.bundleVersion(), p.bundleState());
            }
        }
        table.print(out);
    }
}
