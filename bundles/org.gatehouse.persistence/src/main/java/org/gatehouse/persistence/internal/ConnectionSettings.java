package org.gatehouse.persistence.internal;

import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.persistence.Dialect;

/**
 * Where to connect, after environment variables, configuration and the embedded default have been
 * weighed: the environment wins, so containers and the launcher can point any distribution at a
 * database without editing files.
 */
record ConnectionSettings(String url, String user, String password, Dialect dialect) {

    /** H2 speaks PostgreSQL's dialect well enough for one set of migrations to serve both. */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    static ConnectionSettings resolve(DatabaseConfiguration config, Map<String, String> env, Path dataDirectory) {
        String url = firstNonBlank(env.get("GATEHOUSE_DB_URL"), config.url());
        String user = firstNonBlank(env.get("GATEHOUSE_DB_USER"), config.user());
        String password = firstNonBlank(env.get("GATEHOUSE_DB_PASSWORD"), config.password());
        if (url.isEmpty()) {
            Path file = dataDirectory.resolve("gatehouse").resolve("gatehouse").toAbsolutePath();
            url = "jdbc:h2:file:" + file + H2_OPTIONS;
            user = user.isEmpty() ? "gatehouse" : user;
        } else if (url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("MODE=POSTGRESQL")) {
            url = url + H2_OPTIONS;
        }
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("CACHE_SIZE=")) {
            url = url + ";CACHE_SIZE=" + config.h2_cacheKib();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            url = withDriverSettings(url);
        }
        Dialect dialect;
        if (url.startsWith("jdbc:h2:")) {
            dialect = Dialect.H2;
        } else if (url.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
        } else {
            throw new IllegalArgumentException("Unsupported database URL (use jdbc:postgresql: or jdbc:h2:): " + redact(url));
        }
        return new ConnectionSettings(url, user, password, dialect);
    }

    /**
     * A PostgreSQL URL with the driver settings Gatehouse relies on, unless the URL sets them itself: batches of INSERTs
     * (bulk imports, memberships) go as multi-row statements, several times fewer round trips.
     */
    static String withDriverSettings(String postgresUrl) {
        if (postgresUrl.toLowerCase(java.util.Locale.ROOT).contains("rewritebatchedinserts=")) {
            return postgresUrl;
        }
        return postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    /** The URL as it may appear in logs: no password parameter. */
    String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null ? "" : b.trim();
    }

    @Override
    public String toString() {
        return "ConnectionSettings[url=" + redactedUrl() + ", user=" + user + ", dialect=" + dialect + "]";
    }
}
