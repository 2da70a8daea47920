package org.gatehouse.notification.email.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal SMTP server that answers one chosen command with a chosen reply, for the failures a real
 * test server cannot be made to produce (a 450 on RCPT, a 554 after DATA). Everything else is
 * answered as a well-behaved server would.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Map<String, String> replies;
    private final boolean silent;

    /** @param replies by command verb (MAIL, RCPT, DATA, DOT for the end of the message data) */
    ScriptedSmtpServer(Map<String, String> replies) throws IOException {
        this(replies, false);
    }

    private ScriptedSmtpServer(Map<String, String> replies, boolean silent) throws IOException {
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.replies = replies;
        this.silent = silent;
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server that accepts connections and never says a word, to test the read timeout. */
    static ScriptedSmtpServer silent() throws IOException {
        return new ScriptedSmtpServer(Map.of(), true);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread session = new Thread(() -> serve(client), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            if (silent) {
                client.getInputStream().read();
                return;
            }
            OutputStream out = client.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            write(out, "220 scripted ESMTP");
            String line;
            boolean inData = false;
            while ((line = in.readLine()) != null) {
                if (inData) {
                    if (line.equals(".")) {
                        inData = false;
                        write(out, replies.getOrDefault("DOT", "250 2.0.0 Ok: queued"));
                    }
                    continue;
                }
                String verb = line.split(" ", 2)[0].toUpperCase();
                switch (verb) {
                    case "EHLO":
                        write(out, "250 scripted");
                        break;
                    case "QUIT":
                        write(out, "221 2.0.0 Bye");
                        return;
                    case "DATA":
                        String reply = replies.getOrDefault("DATA", "354 End data with <CR><LF>.<CR><LF>");
                        write(out, reply);
                        inData = reply.startsWith("354");
                        break;
                    default:
                        write(out, replies.getOrDefault(verb, "250 2.0.0 Ok"));
                }
            }
        } catch (IOException e) {
            // the client went away
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
