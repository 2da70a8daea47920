package org.gatehouse.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit key that seals secrets at rest. It never enters the database: it comes from
 * {@code GATEHOUSE_MASTER_KEY} (base64, what several nodes sharing one database must all be given)
 * or from a file beside the configuration, created with owner-only permissions on first start.
 */
final class MasterKey {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    static final String ENV = "GATEHOUSE_MASTER_KEY";
    static final String FILE_NAME = "gatehouse-master.key";

    private MasterKey() {}

    static byte[] load(Map<String, String> env, Path etc) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv.trim(), ENV);
        }
        Path file = etc.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // created concurrently
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        LOG.warn("Created the master key {}. Back it up apart from the database: secrets sealed under it are lost without it. "
                + "Nodes that share a database must share the key (set {}).", file, ENV);
    }

    static byte[] decode(String value, String source) {
        byte[] key;
        try {
            key = value.contains("-") || value.contains("_") ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The master key in " + source + " is not base64", e);
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("The master key in " + source + " must be 32 bytes (256 bits), base64-encoded; it has " + key.length);
        }
        return key;
    }
}
