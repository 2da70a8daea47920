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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.application.Application;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of a client, for {@code private_key_jwt} assertions and signed request objects:
 * from its registered {@code jwks} (parsed once per registration), or fetched from its
 * {@code jwks_uri}. A fetched set is used for {@link #FRESH}; a key id it does not have makes it
 * fetch again (the client rotated its keys), and so does an expired set, but never sooner than
 * {@link #RETRY} after the last attempt, so that assertions naming unknown keys, or a
 * {@code jwks_uri} that is down, cannot turn every request into an outgoing one. One fetch per
 * client at a time: concurrent requests wait for it. An expired set whose renewal failed is not
 * used (a key the client has withdrawn must stop working).
 */
final class ClientKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);
    static final Duration FRESH = Duration.ofMinutes(5);
    static final Duration RETRY = Duration.ofSeconds(10);
    private static final int MAX_JWKS = 64 * 1024;

    private record Registered(String json, JWKSet keys) {}

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Registered> registered = new ConcurrentHashMap<>();
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

    ClientKeys(Clock clock) {
        this.clock = clock;
    }

    List<JWK> keysFor(Application app, String keyId, JWSAlgorithm alg) {
        return keysFor(app.clientId(), app.metadata().jwks(), app.metadata().jwksUri(), keyId, alg);
    }

    /** @return the client's public signing keys with that key id (any, for null) usable with alg */
    List<JWK> keysFor(String clientId, Optional<String> jwks, Optional<URI> jwksUri, String keyId, JWSAlgorithm alg) {
        if (jwks.isPresent()) {
            return matching(registered(clientId, jwks.get()), keyId, alg);
        }
        if (jwksUri.isEmpty()) {
            return List.of();
        }
        Fetched set = fetched.computeIfAbsent(clientId + " " + jwksUri.get(), k -> new Fetched(clientId, jwksUri.get()));
        List<JWK> keys = matching(set.keys(false), keyId, alg);
        return keys.isEmpty() ? matching(set.keys(true), keyId, alg) : keys;
    }

    private JWKSet registered(String clientId, String json) {
        Registered parsed = registered.get(clientId);
        if (parsed == null || !parsed.json().equals(json)) {
            try {
                parsed = new Registered(json, JWKSet.parse(json));
            } catch (ParseException e) {
                parsed = new Registered(json, null); // validated at registration; unreadable now means no keys
            }
            registered.put(clientId, parsed);
        }
        return parsed.keys();
    }

    private static List<JWK> matching(JWKSet set, String keyId, JWSAlgorithm alg) {
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

    /** One client's jwks_uri: the last set fetched, when, and when it was last tried. */
    private final class Fetched {
        private final String clientId;
        private final URI uri;
        private JWKSet keys;
        private Instant fetchedAt;
        private Instant triedAt;

        Fetched(String clientId, URI uri) {
            this.clientId = clientId;
            this.uri = uri;
        }

        /** @param again whether the caller did not find its key in the current set */
        synchronized JWKSet keys(boolean again) {
            Instant now = clock.instant();
            boolean expired = fetchedAt == null || !now.isBefore(fetchedAt.plus(FRESH));
            boolean mayTry = triedAt == null || !now.isBefore(triedAt.plus(RETRY));
            if ((expired || again) && mayTry) {
                triedAt = now;
                try {
                    keys = fetch();
                    fetchedAt = now;
                } catch (IOException | ParseException e) {
                    LOG.warn("jwks_uri {} of client {} could not be read ({}); trying again in {} s at the earliest", uri, clientId,
                            e.getMessage(), RETRY.toSeconds());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return fetchedAt != null && now.isBefore(fetchedAt.plus(FRESH)) ? keys : null;
        }

        private JWKSet fetch() throws IOException, InterruptedException, ParseException {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("it answered " + response.statusCode());
                }
                byte[] body = in.readNBytes(MAX_JWKS + 1);
                if (body.length > MAX_JWKS) {
                    throw new IOException("the document is larger than " + MAX_JWKS + " bytes");
                }
                return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
            }
        }
    }
}
