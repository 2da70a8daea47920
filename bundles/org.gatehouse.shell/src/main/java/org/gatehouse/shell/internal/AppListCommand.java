package org.gatehouse.shell.internal;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;

@Service
@Command(scope = "gatehouse", name = "app-list", description = "Lists the applications (OAuth 2 / OpenID Connect clients) of the root organization")
public class AppListCommand implements Action {

    @Reference(optional = true)
    Applications applications;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        if (applications == null) {
            throw new CommandException("The Gatehouse application registry is not available; is the gatehouse-oidc feature started?");
        }
        ShellTable table = new ShellTable().emptyTableText("No applications");
        table.column("Client ID");
        table.column("Name").maxSize(32);
        table.column("Template");
        table.column("Authentication");
        table.column("Grants").maxSize(60);
        table.column("Redirect URIs").maxSize(60);
        for (Application a : applications.list(Commands.ORG)) {
            List<String> grants = a.metadata().grantTypes().stream().sorted().toList();
            table.addRow().addContent(a.clientId(), a.name(), a.template().id(), a.metadata().tokenEndpointAuthMethod(),
                    String.join(" ", grants), String.join(" ", a.metadata().redirectUris()));
        }
        table.print(out);
    }
}
