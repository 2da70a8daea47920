package org.gatehouse.protocol.oauth2.internal;

import java.time.Instant;
import org.gatehouse.crypto.Secrets;

/**
 * Tokens kept in the database by digest (refresh tokens, opaque access tokens) that begin with their issue time, so that
 * their keys sort by it. A key that is a bare digest lands on a random page of the key's B-tree: every new token wrote a
 * random page and every redeemed one read one, which, once a few hundred thousand tokens are stored, missed the embedded
 * database's page cache almost every time (half of a refresh's database time was H2 reading and decoding pages). With the
 * time first, a token is written next to the previous one and a refresh looks up a recent, cached page.
 *
 * <p>A token is its issue time in milliseconds as 12 hex digits and then 256 random bits (base64url); its key is those 12
 * digits and the SHA-256 digest of the whole token (55 characters). The time is not a secret: a JWT carries its iat. Anything
 * else presented as a token, an older one without the time included, keys to its bare digest.
 */
final class TimeOrderedTokens {

    private static final int TIME_DIGITS = 12;

    private TimeOrderedTokens() {}

    static String generate(Instant now) {
        String hex = Long.toHexString(now.toEpochMilli());
        return "0".repeat(Math.max(0, TIME_DIGITS - hex.length())) + hex + Secrets.generate(32);
    }

    /** The key a token is stored under: its time digits, if it has them, and its digest. */
    static String key(String token) {
        return (hasTime(token) ? token.substring(0, TIME_DIGITS) : "") + Secrets.digest(token);
    }

    private static boolean hasTime(String token) {
        if (token.length() <= TIME_DIGITS) {
            return false;
        }
        for (int i = 0; i < TIME_DIGITS; i++) {
            char ch = token.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
