package org.gatehouse.shell.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.gatehouse.core.transfer.ImportResult;
import org.gatehouse.core.transfer.RowError;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.UserTransfers;

@Service
@Command(scope = "gatehouse", name = "user-import",
        description = "Imports users from a file (CSV with a header row; see docs/user-transfers.md), showing progress. A rejected row changes nothing and is listed at the end.")
public class UserImportCommand implements Action {

    /** Rejected rows listed after the summary; the rest are counted. */
    static final int ERRORS_SHOWN = 20;

    @Argument(index = 0, name = "file", required = true, description = "The file to import")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--domain", aliases = "-d", description = "The user store's domain (default: the primary store)")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--format", aliases = "-f", description = "The file's format (default: csv)")
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
            throw new CommandException("Imports are not available; is the gatehouse-core feature started?");
        }
        String store = Commands.store(Commands.require(directory), domain).descriptor().domain();
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new CommandException("Cannot read " + path.toAbsolutePath());
        }
        ProgressLine progress;
        ImportResult result;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 256 * 1024)) {
            progress = new ProgressLine(out, Files.size(path));
            result = transfers.importUsers(Commands.ORG, store, format.toLowerCase(Locale.ROOT), in, progress);
        } catch (TransferException e) {
            throw new CommandException(e.getMessage());
        } catch (IOException e) {
            throw new CommandException("Cannot read " + path.toAbsolutePath() + ": " + e.getMessage());
        }
        progress.finish();
        long seconds = Math.max(1, result.took().toMillis());
        out.printf("Imported %,d of %,d rows into %s in %.1f s (%,d rows/s); %,d rejected%n", result.created(), result.rows(), store,
                result.took().toMillis() / 1000.0, result.rows() * 1000 / seconds, result.failed());
        result.errors().stream().limit(ERRORS_SHOWN).forEach(e -> out.println("  " + describe(e)));
        if (result.failed() > ERRORS_SHOWN) {
            out.printf("  ... and %,d more rejected rows%n", result.failed() - ERRORS_SHOWN);
        }
    }

    static String describe(RowError e) {
        return "row " + e.row() + (e.field() == null ? "" : " (" + e.field() + ")") + ": " + e.reason() + ": " + e.message();
    }

    /** A progress bar on one line, redrawn at most five times a second. */
    static final class ProgressLine implements UserTransfers.Progress {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final long size;
        private final long started = System.nanoTime();
        private long lastDrawn;
        private boolean drawn;

        ProgressLine(PrintStream out, long size) {
            this.out = out;
            this.size = size;
        }

        @Override
        public void progressed(long rows, long created, long failed, long bytes) {
            long now = System.nanoTime();
            if (drawn && now - lastDrawn < 200_000_000L) {
                return;
            }
            lastDrawn = now;
            drawn = true;
            out.print("\r" + line(rows, failed, bytes, now));
            out.flush();
        }

        String line(long rows, long failed, long bytes, long now) {
            int percent = size <= 0 ? 100 : (int) Math.min(100, bytes * 100 / size);
            int filled = percent * WIDTH / 100;
            double seconds = Math.max(0.001, (now - started) / 1e9);
            return String.format("%3d%% [%s%s] %,d rows, %,d rejected, %,.0f rows/s", percent, "=".repeat(filled), " ".repeat(WIDTH - filled),
                    rows, failed, rows / seconds);
        }

        void finish() {
            if (drawn) {
                out.println();
            }
        }
    }
}
