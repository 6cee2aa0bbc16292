package io.bpmon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The end-to-end tests' client of bpmon's HTTP API (docs/api.md): JSON requests with a bearer token, answers as
 * text or as JSON. Immutable: {@link #as(String)} and {@link #header(String, String)} give a changed copy.
 */
final class TestApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Supplier<String> base;
    private final String token;
    private final Map<String, String> headers;

    /** A client of the server at {@code base} (read at each request, so it may start after this is made). */
    TestApi(Supplier<String> base, String token) {
        this(base, token, Map.of());
    }

    private TestApi(Supplier<String> base, String token, Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.headers = headers;
    }

    /** The same API called with another token; {@code null} sends none. */
    TestApi as(String otherToken) {
        return new TestApi(base, otherToken, headers);
    }

    /** The same API with one more request header, e.g. {@code X-Bpmon-User}. */
    TestApi header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new TestApi(base, token, more);
    }

    /** Sends a request; {@code body} is JSON, or {@code null} for none. */
    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    /** Sends a request, asserts the answer's status and returns its JSON (an empty object for an empty body). */
    JsonNode expect(int status, String method, String path, String body) {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
        return r.body().isEmpty() ? Json.mapper().createObjectNode() : json(r);
    }

    /** {@code GET path}, expected to answer 200. */
    JsonNode get(String path) {
        return expect(200, "GET", path, null);
    }

    /** Posts events (one JSON object or an array of them) to {@code /api/events}, expecting all accepted. */
    JsonNode postEvents(String json) {
        return expect(202, "POST", "/api/events", json);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
