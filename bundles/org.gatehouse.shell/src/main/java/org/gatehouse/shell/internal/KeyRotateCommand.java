package org.gatehouse.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.gatehouse.crypto.SigningKeys;

@Service
@Command(scope = "gatehouse", name = "key-rotate",
        description = "Makes a new active signing key for an algorithm; the old key stays published until the tokens it signed have expired")
public class KeyRotateCommand implements Action {

    @Argument(index = 0, name = "algorithm", required = true, description = "ES256, RS256, PS256 or EdDSA")
    @Completion(value = StringsCompleter.class, values = {"ES256", "RS256", "PS256", "EdDSA"})
    String algorithm;

    @Reference(optional = true)
    SigningKeys keys;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        if (keys == null) {
            throw new CommandException("The Gatehouse signing keys are not available; is the gatehouse-core feature started?");
        }
        if (!keys.algorithms().contains(algorithm)) {
            throw new CommandException("No signing keys for '" + algorithm + "'; use one of " + String.join(", ", keys.algorithms()));
        }
        String previous = keys.active(algorithm).keyId();
        String fresh = keys.rotate(algorithm);
        out.println(algorithm + ": key " + fresh + " is now active; " + previous + " is retired and stays published until its tokens expire");
    }
}
