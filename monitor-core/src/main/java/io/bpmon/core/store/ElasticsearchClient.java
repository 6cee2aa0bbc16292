package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few Elasticsearch calls bpmon makes, over plain HTTP and JSON.
 *
 * <p>Why not the official client: the job and the web server share this code, the job jar stays small, and bpmon
 * only uses the portable subset of the REST API that every Elasticsearch 8.x/9.x server (including the minimal
 * integ-test distribution) answers: index templates, bulk, search, count, delete index, cluster health.
 */
public final class ElasticsearchClient {

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public ElasticsearchClient(URI base) {
        this(base, Duration.ofSeconds(30));
    }

    public ElasticsearchClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer from Elasticsearch; {@code body} is null when the answer had none. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Elasticsearch could not be reached or answered with a server error; worth retrying later. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(json(body)).header("Content-Type", "application/json"),
                path);
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(json(body)).header("Content-Type", "application/json"),
                path);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), path);
    }

    /**
     * Searches an index or alias; an index that does not exist yet (nothing was written) reads as no hits.
     *
     * @throws UnavailableException when Elasticsearch cannot answer, or refuses the search
     */
    public JsonNode search(String index, Object body) {
        Response r = null;
        for (int attempt = 1; r == null; attempt++) {
            try {
                r = post("/" + index + "/_search?ignore_unavailable=true", body);
            } catch (UnavailableException e) {
                // an index created a moment ago (the first alert, the first acknowledgement) has no active shard
                // for a few hundred milliseconds: wait for it rather than fail the caller's request
                if (attempt >= SHARD_WAIT_ATTEMPTS || e.getMessage() == null
                        || !e.getMessage().contains("no_shard_available_action_exception")) {
                    throw e;
                }
                pause(SHARD_WAIT_STEP);
            }
        }
        if (r.status() == 404) {
            return Json.mapper().createObjectNode();
        }
        if (!r.ok()) {
            throw new UnavailableException("search of " + index + " failed with " + r.status() + ": " + r.body(),
                    null);
        }
        return r.body();
    }

    private static final int SHARD_WAIT_ATTEMPTS = 20;
    private static final Duration SHARD_WAIT_STEP = Duration.ofMillis(150);

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for a new index's shard", e);
        }
    }

    /** Sends an NDJSON bulk body (each line ending in a newline). */
    public Response bulk(byte[] ndjson) {
        return send(HttpRequest.newBuilder(uri("/_bulk"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
                .header("Content-Type", "application/x-ndjson"), "/_bulk");
    }

    /** Green or yellow within {@code wait}; the integ-test distribution answers 405 to {@code GET /}, so not ping. */
    public boolean isHealthy(Duration wait) {
        try {
            Response r = get("/_cluster/health?wait_for_status=yellow&timeout=" + wait.toMillis() + "ms");
            return r.ok() && !r.body().path("timed_out").asBoolean(false);
        } catch (UnavailableException e) {
            return false;
        }
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        if (body instanceof String s) {
            return HttpRequest.BodyPublishers.ofString(s);
        }
        return HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body));
    }

    private Response send(HttpRequest.Builder request, String path) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UnavailableException("Elasticsearch at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while calling Elasticsearch", e);
        }
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new UnavailableException("Elasticsearch answered " + response.statusCode() + " to " + path + ": "
                    + new String(response.body(), StandardCharsets.UTF_8), null);
        }
        JsonNode body = null;
        if (response.body().length > 0) {
            try {
                body = Json.mapper().readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable answer from Elasticsearch to " + path, e);
            }
        }
        return new Response(response.statusCode(), body);
    }
}
