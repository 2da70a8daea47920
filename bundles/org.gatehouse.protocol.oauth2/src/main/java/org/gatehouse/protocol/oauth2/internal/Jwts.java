package org.gatehouse.protocol.oauth2.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.crypto.SigningKey;
import org.gatehouse.crypto.SigningKeys;

/**
 * Signs the server's own JWTs with its signing keys and verifies them. Compact serialization is
 * built by hand: it is a few string joins, and the hot path of the token endpoint is here.
 */
final class Jwts {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SigningKeys keys;
    private final Json json;

    Jwts(SigningKeys keys, Json json) {
        this.keys = keys;
        this.json = json;
    }

    /** @return the compact JWS of the claims, signed with the active key of the algorithm */
    String sign(Map<String, Object> claims, String algorithm, String type) {
        SigningKey key = keys.active(algorithm);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.algorithm());
        header.put("kid", key.keyId());
        if (type != null) {
            header.put("typ", type);
        }
        String input = B64.encodeToString(json.write(header)) + "." + B64.encodeToString(json.write(claims));
        byte[] signature = key.sign(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature);
    }

    /** A JWT this server signed, after its signature checked out. */
    record Verified(Map<String, Object> header, Map<String, Object> claims) {
        Optional<String> claim(String name) {
            Object v = claims.get(name);
            return v instanceof String s ? Optional.of(s) : Optional.empty();
        }

        long epochSeconds(String name) {
            Object v = claims.get(name);
            return v instanceof Number n ? n.longValue() : -1;
        }
    }

    /** @return the verified JWT, or empty for anything not signed by a published key of this server */
    Optional<Verified> verify(String compact) {
        if (compact == null || compact.length() > 16 * 1024) {
            return Optional.empty();
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (first < 0 || second < 0 || compact.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        try {
            Map<String, Object> header = json.readObject(B64D.decode(compact.substring(0, first)));
            if (!(header.get("alg") instanceof String alg) || !(header.get("kid") instanceof String kid)) {
                return Optional.empty();
            }
            byte[] input = compact.substring(0, second).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = B64D.decode(compact.substring(second + 1));
            if (!keys.verify(kid, alg, input, signature)) {
                return Optional.empty();
            }
            return Optional.of(new Verified(header, json.readObject(B64D.decode(compact.substring(first + 1, second)))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return whether the string has the shape of a compact JWS (three base64url parts) */
    static boolean looksLikeJwt(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 2 && token.startsWith("eyJ");
    }

    /**
     * OpenID Connect {@code at_hash} / {@code c_hash}: the left half of the hash of the value, with the
     * hash matching the signing algorithm's.
     */
    static String halfHash(String value, String algorithm) {
        String digest = switch (algorithm.substring(algorithm.length() - 3)) {
            case "384" -> "SHA-384";
            case "512" -> "SHA-512";
            default -> algorithm.equals("EdDSA") ? "SHA-512" : "SHA-256";
        };
        try {
            byte[] h = MessageDigest.getInstance(digest).digest(value.getBytes(StandardCharsets.US_ASCII));
            byte[] half = new byte[h.length / 2];
            System.arraycopy(h, 0, half, 0, half.length);
            return B64.encodeToString(half);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is part of every JDK", e);
        }
    }
}
