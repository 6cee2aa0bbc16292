package io.bpmon.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A Slack incoming webhook on this machine (JDK HttpServer): records every request with the status it answered, and
 * answers 200 {@code ok}, or as told 429 with {@code Retry-After} (Slack's rate limit) or 500.
 */
final class Webhook implements AutoCloseable {

    enum Mode { OK, RATE_LIMITED, FAILING }

    static final int RETRY_AFTER_SECONDS = 3;

    private final HttpServer server;
    private final List<Reconciler.Receipt> receipts = new ArrayList<>();
    private volatile Mode mode = Mode.OK;

    Webhook(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Mode now = mode;
            int status = switch (now) {
                case OK -> 200;
                case RATE_LIMITED -> 429;
                case FAILING -> 500;
            };
            synchronized (receipts) {
                receipts.add(new Reconciler.Receipt(Instant.now(), status, body));
            }
            if (now == Mode.RATE_LIMITED) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            byte[] answer = (status == 200 ? "ok" : status == 429 ? "rate_limited" : "internal_error")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "chaos-webhook");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<Reconciler.Receipt> receipts() {
        synchronized (receipts) {
            return List.copyOf(receipts);
        }
    }

    long refusedSince(Instant since) {
        return receipts().stream().filter(r -> !r.delivered() && !r.at().isBefore(since)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
