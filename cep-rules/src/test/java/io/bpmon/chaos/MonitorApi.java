package io.bpmon.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The few calls of the monitor's HTTP API the chaos run makes (CONTRACT section 4), with the bearer token. */
final class MonitorApi {

    /** What became of one {@code POST /api/events}. */
    enum Outcome {
        /** 202, every event accepted. */
        ACCEPTED,
        /** Nothing was taken: the connection was refused (the web server is down). */
        REFUSED,
        /** Maybe taken, maybe not: a 5xx, a timeout, a connection reset mid-request. */
        AMBIGUOUS
    }

    /** The caller's mistake (4xx, or a 202 that refused some events): the run cannot go on. */
    static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    MonitorApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    /** The status of {@code GET /api/health}, or -1 when nothing answered. */
    int health() {
        try {
            return http.send(request("/api/health").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The order, when the API serves it now; empty on 404 or when nothing answered. */
    Optional<JsonNode> order(String orderId) {
        try {
            HttpResponse<byte[]> r = http.send(request("/api/orders/" + URLEncoder.encode(orderId,
                    StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Optional.of(Json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code POST /api/events} with a JSON array of {@code count} events. */
    Outcome postEvents(byte[] array, int count) throws InterruptedException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request("/api/events").timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(array)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            return Outcome.REFUSED;
        } catch (IOException e) {
            return Outcome.AMBIGUOUS;
        }
        int status = r.statusCode();
        if (status == 202) {
            JsonNode answer;
            try {
                answer = Json.readTree(r.body());
            } catch (IOException e) {
                throw new Broken("202 without a JSON answer: " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (answer.path("accepted").asInt(-1) != count || !answer.path("rejected").isEmpty()) {
                throw new Broken("not every event accepted: " + answer);
            }
            return Outcome.ACCEPTED;
        }
        if (status >= 500) {
            return Outcome.AMBIGUOUS;
        }
        throw new Broken("POST /api/events answered " + status + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }

    /** {@code POST /api/rules}; the stored rule. */
    JsonNode createRule(JsonNode rule) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request("/api/rules").timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(rule))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201) {
            throw new Broken("POST /api/rules answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return Json.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    }
}
