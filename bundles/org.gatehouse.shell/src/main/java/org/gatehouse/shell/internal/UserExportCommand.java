package org.gatehouse.shell.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.UserTransfers;

@Service
@Command(scope = "gatehouse", name = "user-export",
        description = "Exports a user store's users to a new file (CSV, no passwords), ordered by username, showing progress.")
public class UserExportCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "The file to write; it must not exist yet")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--domain", aliases = "-d", description = "The user store's domain (default: the primary store)")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--format", aliases = "-f", description = "The format (default: csv)")
    String format = "csv";

    @Reference(optional = true)
    UserDirectory directory;

    @Reference(optional = true)
    UserTransfers transfers;

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        if (transfers == null) {
            throw new CommandException("Exports are not available; is the gatehouse-core feature started?");
        }
        String store = Commands.store(Commands.require(directory), domain).descriptor().domain();
        Path path = Path.of(file);
        long started = System.nanoTime();
        long written;
        // CREATE_NEW: an export never overwrites a file someone cares about
        try (OutputStream target = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW), 256 * 1024)) {
            written = transfers.exportUsers(Commands.ORG, store, format.toLowerCase(Locale.ROOT), target,
                    (rows, created, failed, bytes) -> out.printf("\r%,d users written", rows));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CommandException(path.toAbsolutePath() + " exists already; choose a new file");
        } catch (TransferException e) {
            throw new CommandException(e.getMessage());
        } catch (IOException e) {
            throw new CommandException("Cannot write " + path.toAbsolutePath() + ": " + e.getMessage());
        }
        out.printf("\rExported %,d users of %s to %s in %.1f s%n", written, store, path.toAbsolutePath(), (System.nanoTime() - started) / 1e9);
    }
}
