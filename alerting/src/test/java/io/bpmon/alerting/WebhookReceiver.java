package io.bpmon.alerting;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A stand-in for Slack's incoming webhook on the JDK's HTTP server: records every request, answers 200 "ok"
 * unless told to answer otherwise for the next requests (e.g. 429 with Retry-After, 500).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, String retryAfter, String body) {}

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();

    WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Answer answer;
            synchronized (this) {
                requests.add(body);
                answer = script.isEmpty() ? new Answer(200, null, "ok") : script.poll();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0/B0/secret");
    }

    synchronized void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** Every request body so far, including refused ones. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized void reset() {
        requests.clear();
        script.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
