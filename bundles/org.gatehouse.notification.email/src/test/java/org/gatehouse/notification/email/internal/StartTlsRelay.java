package org.gatehouse.notification.email.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A STARTTLS front for an SMTP server that has none (GreenMail offers plain SMTP and SMTPS only).
 * It greets, answers EHLO offering STARTTLS, performs the TLS handshake, and then relays the rest of
 * the session, decrypted, to the real server, whose greeting it swallows. The client therefore
 * speaks real STARTTLS and then the real server's SMTP.
 */
final class StartTlsRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final SSLContext tls;
    private final int backendPort;
    private final AtomicReference<String> negotiatedProtocol = new AtomicReference<>();
    private final Thread acceptor;

    StartTlsRelay(SSLContext tls, int backendPort) throws IOException {
        this.tls = tls;
        this.backendPort = backendPort;
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "starttls-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** @return the TLS protocol of the last completed handshake */
    Optional<String> negotiatedProtocol() {
        return Optional.ofNullable(negotiatedProtocol.get());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread session = new Thread(() -> serve(client), "starttls-relay-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            write(out, "220 relay ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO")) {
                    write(out, "250-relay");
                    write(out, "250 STARTTLS");
                } else if (command.startsWith("STARTTLS")) {
                    write(out, "220 Ready to start TLS");
                    relayOverTls(client);
                    return;
                } else if (command.startsWith("QUIT")) {
                    write(out, "221 Bye");
                    return;
                } else {
                    write(out, "530 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // the client went away or the handshake failed: the test sees it on its side
        }
    }

    private void relayOverTls(Socket client) throws IOException {
        try (SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false)) {
            secured.setUseClientMode(false);
            secured.startHandshake();
            negotiatedProtocol.set(secured.getSession().getProtocol());
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                BufferedReader greeting = new BufferedReader(new InputStreamReader(backend.getInputStream(), StandardCharsets.ISO_8859_1));
                greeting.readLine();
                // the reader may have buffered more than the greeting; the server sends nothing more unasked
                Thread upstream = pump(secured.getInputStream(), backend.getOutputStream());
                pumpFromReader(greeting, secured.getOutputStream());
                upstream.interrupt();
            }
        }
    }

    private static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
        }, "starttls-relay-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void pumpFromReader(BufferedReader from, OutputStream to) throws IOException {
        char[] buffer = new char[8192];
        int n;
        while ((n = from.read(buffer)) > 0) {
            to.write(new String(buffer, 0, n).getBytes(StandardCharsets.ISO_8859_1));
            to.flush();
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
