package org.gatehouse.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.User;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to write users as data: a bundle that registers this service adds a format to imports and
 * exports.
 */
@ConsumerType
public interface TransferFormat {

    /** @return a short lower-case id, e.g. {@code csv} */
    String id();

    /** @return the media type of the data, e.g. {@code text/csv} */
    String mediaType();

    /**
     * @throws TransferException when the input cannot be this format at all (no header, ...)
     */
    Reader reader(InputStream in) throws IOException;

    Writer writer(OutputStream out) throws IOException;

    /** Reads rows one at a time, so any size of input streams through. */
    interface Reader {
        /** @return the next row, or null at the end */
        Row next() throws IOException;
    }

    /** Writes users one at a time; {@link #finish()} completes the document. */
    interface Writer {
        void write(User user, List<String> groups) throws IOException;

        void finish() throws IOException;
    }

    /** A row of input: a user to create, or what is wrong with it. */
    sealed interface Row permits Parsed, Malformed {
        /** @return the row's number, the first data row being 1 */
        long number();
    }

    /**
     * @param groups the names of the groups the user is to be a member of
     */
    record Parsed(long number, NewUser user, List<String> groups) implements Row {
        public Parsed {
            groups = List.copyOf(groups);
        }
    }

    /** @param field the column at fault, or null */
    record Malformed(long number, String field, String message) implements Row {}
}
