package org.gatehouse.authenticator.backupcodes.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The unused codes of one set, as hashes by position. A used code is removed, so it can never match
 * again. Its form in a credential's data:
 *
 * <pre>
 * scheme    = hmac-sha256-salted   (sets made before keys: sha256-salted, still read)
 * remaining = 7                    (for display; the code entries are what counts)
 * code.0    = salt.hash            (base64url each)
 * code.3    = ...
 * </pre>
 *
 * The key of a keyed set is the credential's secret (base64url), sealed by the credential store.
 */
final class CodeSet {

    static final String SCHEME = "scheme";
    static final String SCHEME_VALUE = "hmac-sha256-salted";
    static final String UNKEYED_SCHEME = "sha256-salted";
    static final int KEY_BYTES = 32;
    static final String REMAINING = "remaining";
    static final String CODE_PREFIX = "code.";

    /** The upper bound on entries read back: a set is never larger than one enrolment makes it. */
    private static final int MAX_CODES = 100;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final TreeMap<Integer, HashedCode> unused;
    /** Empty for an unkeyed (older) set. */
    private final Optional<byte[]> key;

    private CodeSet(Map<Integer, HashedCode> unused, Optional<byte[]> key) {
        this.unused = new TreeMap<>(unused);
        this.key = key;
    }

    static CodeSet hash(List<String> codes, SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Map<Integer, HashedCode> hashed = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            hashed.put(i, HashedCode.of(codes.get(i), key, random));
        }
        return new CodeSet(hashed, Optional.of(key));
    }

    /** @return whether data in this form needs the credential's secret to be read */
    static boolean keyed(Map<String, String> data) {
        return SCHEME_VALUE.equals(data.get(SCHEME));
    }

    /**
     * @param secret the credential's secret: the key of a keyed set
     * @return the set stored in a credential's data, or empty if the data is not a set this version
     *     reads (or a keyed set comes without its key)
     */
    static Optional<CodeSet> read(Map<String, String> data, Optional<String> secret) {
        Optional<byte[]> key;
        if (keyed(data)) {
            key = secret.flatMap(CodeSet::decodeKey);
            if (key.isEmpty()) {
                return Optional.empty();
            }
        } else if (UNKEYED_SCHEME.equals(data.get(SCHEME))) {
            key = Optional.empty();
        } else {
            return Optional.empty();
        }
        Map<Integer, HashedCode> unused = new HashMap<>();
        for (Map.Entry<String, String> e : data.entrySet()) {
            if (!e.getKey().startsWith(CODE_PREFIX)) {
                continue;
            }
            Optional<Integer> index = index(e.getKey().substring(CODE_PREFIX.length()));
            Optional<HashedCode> code = HashedCode.parse(e.getValue());
            if (index.isEmpty() || code.isEmpty()) {
                return Optional.empty();
            }
            unused.put(index.get(), code.get());
        }
        return Optional.of(new CodeSet(unused, key));
    }

    private static Optional<byte[]> decodeKey(String secret) {
        try {
            byte[] key = Base64.getUrlDecoder().decode(secret);
            return key.length == KEY_BYTES ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return the key to keep as the credential's (sealed) secret; empty for an unkeyed set */
    Optional<String> secret() {
        return key.map(ENCODER::encodeToString);
    }

    Map<String, String> data() {
        Map<String, String> data = new HashMap<>();
        data.put(SCHEME, key.isPresent() ? SCHEME_VALUE : UNKEYED_SCHEME);
        data.put(REMAINING, Integer.toString(unused.size()));
        unused.forEach((index, code) -> data.put(CODE_PREFIX + index, code.encoded()));
        return data;
    }

    int remaining() {
        return unused.size();
    }

    /**
     * Checks the code against every unused entry, all of them every time, so the response time
     * does not reveal which entry (if any) matched.
     *
     * @return the position of the matching unused code
     */
    OptionalInt find(String code) {
        int found = -1;
        for (Map.Entry<Integer, HashedCode> e : unused.entrySet()) {
            if (e.getValue().matches(code, key) && found < 0) {
                found = e.getKey();
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /** @return this set with the code at {@code index} used up */
    CodeSet without(int index) {
        Map<Integer, HashedCode> rest = new HashMap<>(unused);
        rest.remove(index);
        return new CodeSet(rest, key);
    }

    private static Optional<Integer> index(String text) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int index = Integer.parseInt(text);
        return index < MAX_CODES ? Optional.of(index) : Optional.empty();
    }
}
