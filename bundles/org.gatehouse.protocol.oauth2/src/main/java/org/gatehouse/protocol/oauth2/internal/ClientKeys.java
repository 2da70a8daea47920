package org.gatehouse.protocol.oauth2.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.application.Application;

/**
 * The public keys of a client, for {@code private_key_jwt} assertions and signed request objects:
 * from its registered {@code jwks}, or fetched from its {@code jwks_uri} (cached for five minutes,
 * bounded in size and time).
 */
final class ClientKeys {

    private static final Duration CACHE = Duration.ofMinutes(5);
    private static final int MAX_JWKS = 64 * 1024;

    private record Cached(JWKSet keys, Instant fetched) {}

    private final Map<String, Cached> fetched = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();

    List<JWK> keysFor(Application app, String keyId, JWSAlgorithm alg) {
        JWKSet set = keySet(app);
        if (set == null) {
            return List.of();
        }
        return set.getKeys().stream()
                .filter(k -> keyId == null || keyId.equals(k.getKeyID()))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().getName().equals(alg.getName()))
                .filter(k -> !k.isPrivate())
                .toList();
    }

    private JWKSet keySet(Application app) {
        try {
            if (app.metadata().jwks().isPresent()) {
                return JWKSet.parse(app.metadata().jwks().get());
            }
            if (app.metadata().jwksUri().isPresent()) {
                URI uri = app.metadata().jwksUri().get();
                String key = app.clientId() + " " + uri;
                Cached cached = fetched.get(key);
                if (cached == null || cached.fetched().plus(CACHE).isBefore(Instant.now())) {
                    cached = new Cached(fetch(uri), Instant.now());
                    fetched.put(key, cached);
                }
                return cached.keys();
            }
        } catch (ParseException | IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return null;
    }

    private JWKSet fetch(URI uri) throws IOException, InterruptedException, ParseException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("jwks_uri answered " + response.statusCode());
            }
            byte[] body = in.readNBytes(MAX_JWKS + 1);
            if (body.length > MAX_JWKS) {
                throw new IOException("jwks_uri document too large");
            }
            return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
        }
    }
}
