package org.gatehouse.userstore.ldap.internal;

import java.time.Duration;
import javax.net.ssl.TrustManager;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.directory.api.ldap.codec.api.DefaultConfigurableBinaryAttributeDetector;
import org.apache.directory.api.ldap.codec.api.LdapApiService;
import org.apache.directory.api.ldap.codec.api.LdapApiServiceFactory;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapOperationException;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.ldap.client.api.DefaultLdapConnectionFactory;
import org.apache.directory.ldap.client.api.DefaultLdapConnectionValidator;
import org.apache.directory.ldap.client.api.LdapConnection;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapConnectionPool;
import org.apache.directory.ldap.client.api.ValidatingPoolableLdapConnectionFactory;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UserStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled connections of one store, bound as its service account.
 *
 * <p>Validation on borrow is the cheap local check (connected and bound), not a round trip; a
 * connection that died unnoticed (the directory restarted) fails its first operation, is thrown
 * away and the operation is tried once more on a fresh connection. A directory that is down
 * answers {@link StoreUnavailableException} within the connect timeout, and the store recovers by
 * itself when the directory is back: every borrow after that builds new connections.
 *
 * <p>A connection that an operation re-bound (a password check binds as the user) is bound as the
 * service account again when it returns to the pool ({@link ValidatingPoolableLdapConnectionFactory}).
 */
final class DirectoryConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryConnections.class);

    /** Attributes whose values are bytes, not UTF-8 strings, besides the library's own list. */
    private static final String[] BINARY_ATTRIBUTES = {"objectGUID", "objectSid", "unicodePwd", "msExchMailboxGuid", "tokenGroups"};

    /** One operation on a connection. */
    @FunctionalInterface
    interface Operation<T> {
        T run(LdapConnection connection) throws LdapException;
    }

    private final String domain;
    private final LdapConnectionPool pool;

    DirectoryConnections(LdapSettings settings, TrustManager[] trust) {
        this.domain = settings.domain();
        LdapConnectionConfig config = new LdapConnectionConfig();
        config.setLdapHost(settings.host());
        config.setLdapPort(settings.port());
        config.setUseSsl(settings.security() == ConnectionSecurity.LDAPS);
        config.setUseTls(settings.security() == ConnectionSecurity.STARTTLS);
        config.setTrustManagers(trust);
        config.setEnabledProtocols("TLSv1.3", "TLSv1.2");
        config.setName(settings.bindDn());
        config.setCredentials(settings.bindPassword());
        config.setTimeout(settings.operationTimeout().toMillis());
        config.setConnectTimeout(settings.connectTimeout().toMillis());
        DefaultConfigurableBinaryAttributeDetector binary = new DefaultConfigurableBinaryAttributeDetector();
        binary.addBinaryAttribute(BINARY_ATTRIBUTES);
        config.setBinaryAttributeDetector(binary);

        DefaultLdapConnectionFactory factory = new DefaultLdapConnectionFactory(config);
        factory.setTimeOut(settings.operationTimeout().toMillis());
        LdapApiService codec = LdapApiServiceFactory.getSingleton();
        factory.setLdapApiService(codec);
        AssertionControlFactory.register(codec);
        ValidatingPoolableLdapConnectionFactory pooled = new ValidatingPoolableLdapConnectionFactory(factory);
        pooled.setValidator(new DefaultLdapConnectionValidator());

        GenericObjectPoolConfig<LdapConnection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.maxConnections());
        poolConfig.setMaxIdle(settings.maxConnections());
        poolConfig.setMinIdle(0);
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setMaxWait(settings.connectTimeout().plus(settings.operationTimeout()));
        poolConfig.setTestOnBorrow(true);
        poolConfig.setTestWhileIdle(true);
        poolConfig.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        poolConfig.setMinEvictableIdleDuration(Duration.ofMinutes(5));
        poolConfig.setJmxEnabled(false);
        this.pool = new LdapConnectionPool(pooled, poolConfig);
    }

    /**
     * Runs an operation on a pooled connection.
     *
     * @throws StoreUnavailableException when the directory cannot be reached
     */
    <T> T execute(Operation<T> operation) {
        Throwable failure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            LdapConnection connection = borrow();
            boolean broken = false;
            try {
                return operation.run(connection);
            } catch (LdapException e) {
                if (!isConnectionFailure(e)) {
                    throw DirectoryAnswers.toStoreException(domain, e);
                }
                broken = true;
                failure = e;
            } catch (UserStoreException e) {
                if (connection.isConnected()) {
                    throw e;
                }
                // the library reports a connection closed under an operation as a result (protocolError)
                broken = true;
                failure = e;
            } catch (RuntimeException e) {
                // MINA and the codec signal a dead session with unchecked exceptions too
                broken = true;
                failure = e;
            } finally {
                giveBack(connection, broken);
            }
            LOG.debug("User store {}: a pooled connection failed, trying a new one: {}", domain, failure.toString());
        }
        throw unavailable(failure);
    }

    private LdapConnection borrow() {
        try {
            return pool.getConnection();
        } catch (LdapException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void giveBack(LdapConnection connection, boolean broken) {
        try {
            if (broken) {
                pool.invalidateObject(connection);
            } else {
                pool.releaseConnection(connection);
            }
        } catch (Exception e) {
            // the pool drops a connection it could not re-bind; the next borrow makes a new one
            LOG.debug("User store {}: returning a connection failed: {}", domain, e.toString());
        }
    }

    private StoreUnavailableException unavailable(Throwable e) {
        if (e instanceof LdapException || e instanceof UserStoreException) {
            LOG.warn("User store {}: the directory cannot be reached: {}", domain, rootMessage(e));
        } else {
            // not the network: a bug or a broken installation, worth its stack trace
            LOG.warn("User store {}: the directory cannot be reached", domain, e);
        }
        return new StoreUnavailableException("The directory of the user store " + domain + " cannot be reached", e);
    }

    /**
     * A failure of the connection rather than an answer of the directory: an operation exception
     * carries the server's result code, every other LDAP exception (timeouts, closed sessions,
     * refused connections) is about the connection. BUSY and UNAVAILABLE are answers that mean the
     * same.
     */
    static boolean isConnectionFailure(LdapException e) {
        if (e instanceof LdapOperationException op) {
            ResultCodeEnum code = op.getResultCode();
            return code == ResultCodeEnum.UNAVAILABLE || code == ResultCodeEnum.BUSY || code == ResultCodeEnum.OTHER && op.getMessage() != null
                    && op.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection");
        }
        return !(e instanceof org.apache.directory.api.ldap.model.exception.LdapAuthenticationException);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }

    @Override
    public void close() {
        pool.close();
    }
}
