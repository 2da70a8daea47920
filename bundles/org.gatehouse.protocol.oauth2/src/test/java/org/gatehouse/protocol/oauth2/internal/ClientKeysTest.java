package org.gatehouse.protocol.oauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gatehouse.sdk.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback standing in for a client's jwks_uri. */
class ClientKeysTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private HttpServer server;
    private URI jwksUri;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            requests.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        jwksUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFetchedSetIsReusedUntilItExpires() throws Exception {
        ECKey first = key("k1");
        document.set(new JWKSet(first.toPublicJWK()).toString());
        ClientKeys keys = new ClientKeys(clock);

        assertThat(kids(keys, "k1")).containsExactly("k1");
        assertThat(kids(keys, "k1")).containsExactly("k1");
        assertThat(kids(keys, null)).containsExactly("k1");
        assertThat(requests).hasValue(1);

        clock.advance(ClientKeys.FRESH);
        assertThat(kids(keys, "k1")).containsExactly("k1");
        assertThat(requests).as("fetched again once expired").hasValue(2);
    }

    @Test
    void anUnknownKeyIdFetchesAgainButNotMoreOftenThanTheRetryInterval() throws Exception {
        document.set(new JWKSet(key("k1").toPublicJWK()).toString());
        ClientKeys keys = new ClientKeys(clock);
        assertThat(kids(keys, "k1")).containsExactly("k1");

        // the client rotates to k2 and signs with it at once
        document.set(new JWKSet(List.of(key("k1").toPublicJWK(), key("k2").toPublicJWK())).toString());
        clock.advance(ClientKeys.RETRY);
        assertThat(kids(keys, "k2")).containsExactly("k2");
        assertThat(requests).hasValue(2);

        // assertions naming keys that do not exist: at most one fetch per retry interval
        for (int i = 0; i < 20; i++) {
            assertThat(kids(keys, "forged-" + i)).isEmpty();
        }
        assertThat(requests).as("the fetch for k2 was the last within the interval").hasValue(2);
        clock.advance(ClientKeys.RETRY);
        assertThat(kids(keys, "forged")).isEmpty();
        assertThat(requests).hasValue(3);
        assertThat(kids(keys, "k1")).as("known keys still served from the fresh set").containsExactly("k1");
        assertThat(requests).hasValue(3);
    }

    @Test
    void aFailingJwksUriGivesNoKeysAndIsNotHammered() throws Exception {
        document.set(new JWKSet(key("k1").toPublicJWK()).toString());
        ClientKeys keys = new ClientKeys(clock);
        assertThat(kids(keys, "k1")).containsExactly("k1");

        status.set(500);
        clock.advance(ClientKeys.FRESH);
        assertThat(kids(keys, "k1")).as("an expired set is not used when its renewal fails").isEmpty();
        for (int i = 0; i < 20; i++) {
            assertThat(kids(keys, "k1")).isEmpty();
        }
        assertThat(requests).hasValue(2);

        status.set(200);
        clock.advance(ClientKeys.RETRY);
        assertThat(kids(keys, "k1")).containsExactly("k1");
        assertThat(requests).hasValue(3);
    }

    @Test
    void registeredKeysAreMatchedByIdAndAlgorithmAndNeverPrivate() throws Exception {
        ECKey signing = key("s1");
        String registered = new JWKSet(List.of(signing.toPublicJWK(), key("s2"))).toString(false); // s2 with its private part
        ClientKeys keys = new ClientKeys(clock);
        assertThat(keys.keysFor("app", Optional.of(registered), Optional.empty(), "s1", JWSAlgorithm.ES256)).extracting(JWK::getKeyID)
                .containsExactly("s1");
        assertThat(keys.keysFor("app", Optional.of(registered), Optional.empty(), "s2", JWSAlgorithm.ES256)).isEmpty();
        assertThat(keys.keysFor("app", Optional.of(registered), Optional.empty(), null, JWSAlgorithm.RS256))
                .as("a key registered for ES256 only").isEmpty();
        assertThat(keys.keysFor("app", Optional.of("{not json"), Optional.empty(), null, JWSAlgorithm.ES256)).isEmpty();
        assertThat(requests).hasValue(0);
    }

    private List<String> kids(ClientKeys keys, String kid) {
        return keys.keysFor("app", Optional.empty(), Optional.of(jwksUri), kid, JWSAlgorithm.ES256).stream().map(JWK::getKeyID).toList();
    }

    private static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
    }
}
