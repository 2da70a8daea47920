package org.gatehouse.authenticator.smsotp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server playing the SMS gateway adapter: it keeps every SMS posted to it. */
final class WebhookGateway implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private volatile int status = 202;

    WebhookGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sms", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                messages.add(json.readTree(in.readAllBytes()));
                byte[] body = ("{\"messageId\":\"sms-" + messages.size() + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    void answer(int status) {
        this.status = status;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    List<JsonNode> messages() {
        return messages;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
