package org.gatehouse.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.support.CommandException;
import org.gatehouse.core.transfer.RowError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTransferCommandsTest {

    @Test
    void theProgressLineShowsPercentRowsAndRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UserImportCommand.ProgressLine line = new UserImportCommand.ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000);
        String half = line.line(5000, 3, 500, System.nanoTime());
        assertThat(half).startsWith(" 50% [===============               ]").contains("5,000 rows").contains("3 rejected").contains("rows/s");
        line.progressed(10, 0, 0, 10);
        line.progressed(20, 0, 0, 20); // within 200 ms: not redrawn
        line.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r  1% [").contains("10 rows").doesNotContain("20 rows").endsWith(System.lineSeparator());
    }

    @Test
    void rowErrorsReadAsOneLine() {
        assertThat(UserImportCommand.describe(new RowError(7, "email", RowError.INVALID_VALUE, "not an address")))
                .isEqualTo("row 7 (email): invalid_value: not an address");
        assertThat(UserImportCommand.describe(new RowError(8, null, RowError.MALFORMED, "a quoted field is not closed")))
                .isEqualTo("row 8: malformed: a quoted field is not closed");
    }

    @Test
    void withoutTheServiceOrTheFileTheCommandsSaySo(@TempDir Path dir) throws Exception {
        UserImportCommand importing = new UserImportCommand();
        importing.file = dir.resolve("missing.csv").toString();
        assertThatThrownBy(() -> importing.run(System.out)).isInstanceOf(CommandException.class).hasMessageContaining("not available");
        UserExportCommand exporting = new UserExportCommand();
        Path existing = Files.writeString(dir.resolve("users.csv"), "keep me");
        exporting.file = existing.toString();
        assertThatThrownBy(() -> exporting.run(System.out)).isInstanceOf(CommandException.class).hasMessageContaining("not available");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
