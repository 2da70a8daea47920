package org.gatehouse.management.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Enforces the request body limit while reading, for bodies without a {@code Content-Length}
 * (chunked) or with a false one.
 */
final class BodyLimit {
    private BodyLimit() {}

    /** Thrown by a {@link Bounded} stream; an IOException so that readers let it through. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        TooLargeException(long limit) {
            super("The request body exceeds " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    /** @return whether a {@code Content-Length} header announces more than the API reads */
    static boolean exceedsLimit(String contentLength) {
        return exceedsLimit(contentLength, JsonCodec.MAX_BODY_BYTES);
    }

    /** @return whether a {@code Content-Length} header announces more than {@code limit} bytes */
    static boolean exceedsLimit(String contentLength, long limit) {
        if (contentLength == null || contentLength.isBlank()) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return the 413 answer if {@code failure} was caused by an exceeded body limit, else null */
    static ApiException tooLargeIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLargeException tooLarge) {
                return ApiException.payloadTooLarge(tooLarge.limit());
            }
            if (t instanceof ApiException api && api.status() == 413) {
                return api;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** An input stream that fails once more than {@code limit} bytes have been read from it. */
    static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;
        private long mark = -1;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        @Override
        public synchronized void mark(int readlimit) {
            super.mark(readlimit);
            mark = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = mark;
        }

        private void count(long n) throws TooLargeException {
            count += n;
            if (count > limit) {
                throw new TooLargeException(limit);
            }
        }
    }
}
