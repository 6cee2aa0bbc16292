package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.config.CaCertificates;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.ElasticsearchCredentials;
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
import javax.net.ssl.SSLException;

/**
 * The few Elasticsearch calls bpmon makes, over plain HTTP and JSON.
 *
 * <p>Why not the official client: the job and the web server share this code, the job jar stays small, and bpmon
 * only uses the portable subset of the REST API that every Elasticsearch 8.x/9.x server (including the minimal
 * integ-test distribution) answers: index templates, bulk, search, count, delete index, cluster health.
 *
 * <p>Built from the configuration only ({@link #of(ElasticsearchConfig)}), so every caller authenticates and verifies
 * TLS the same way (docs/elasticsearch-access.md): the credentials become one {@code Authorization} header
 * ({@link ElasticsearchCredentials#authorizationHeader()}), a configured CA becomes the TLS context
 * ({@link CaCertificates#sslContext()}); the JDK client verifies the server's host name. Redirects are not followed,
 * so the credentials only ever go to the configured URL.
 */
public final class ElasticsearchClient {

    /** How long one call may take unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final ElasticsearchCredentials credentials;
    private final CaCertificates caCertificates;

    private ElasticsearchClient(ElasticsearchConfig config, Duration timeout) {
        this.base = config.url();
        this.timeout = timeout;
        this.credentials = config.credentials();
        this.caCertificates = config.caCertificates();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caCertificates != null) {
            http.sslContext(caCertificates.sslContext());
        }
        this.http = http.build();
    }

    /** A client for the configured Elasticsearch, with its credentials and trusted CA. */
    public static ElasticsearchClient of(ElasticsearchConfig config) {
        return of(config, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long one call may take */
    public static ElasticsearchClient of(ElasticsearchConfig config, Duration timeout) {
        return new ElasticsearchClient(config, timeout);
    }

    /** An answer from Elasticsearch; {@code body} is null when the answer had none. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Elasticsearch could not be reached or answered with a server error; worth retrying later. */
    public static class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Elasticsearch answered but will not let bpmon in: its TLS certificate is not trusted, the credentials are
     * missing or wrong (401), or they lack a privilege (403). Waiting does not cure this, a change of configuration
     * (bpmon's or the cluster's) does; callers that retry anyway keep their data meanwhile. The message says what to
     * check and never contains a secret.
     */
    public static final class AccessRefusedException extends UnavailableException {

        /** What keeps bpmon out. */
        public enum Refusal {
            /** The server's certificate is not trusted, or not for this host. */
            TLS("its TLS certificate is not trusted"),
            /** 401: no credentials, or wrong ones. */
            CREDENTIALS("it refuses bpmon's credentials"),
            /** 403: the user or API key lacks a privilege. */
            PRIVILEGES("bpmon's user lacks a privilege");

            private final String summary;

            Refusal(String summary) {
                this.summary = summary;
            }

            /** A few words without names or reasons, for places anyone may read (the health endpoint). */
            public String summary() {
                return summary;
            }
        }

        private final Refusal refusal;

        public AccessRefusedException(Refusal refusal, String message, Throwable cause) {
            super(message, cause);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
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
            return checkHealth(wait);
        } catch (UnavailableException e) {
            return false;
        }
    }

    /**
     * Like {@link #isHealthy}, but tells a refusal that waiting will not cure from an Elasticsearch that is down or
     * still starting.
     *
     * @return whether the cluster is green or yellow within {@code wait}; false when unreachable or red
     * @throws AccessRefusedException when TLS, the credentials or the privileges keep bpmon out
     */
    public boolean checkHealth(Duration wait) {
        Response r;
        try {
            r = get("/_cluster/health?wait_for_status=yellow&timeout=" + wait.toMillis() + "ms");
        } catch (AccessRefusedException e) {
            throw e;
        } catch (UnavailableException e) {
            return false;
        }
        return r.ok() && !r.body().path("timed_out").asBoolean(false);
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private AccessRefusedException untrusted(SSLException tls) {
        return new AccessRefusedException(AccessRefusedException.Refusal.TLS, "TLS connection to Elasticsearch at "
                + base + " failed (" + tls.getMessage() + "): its certificate must be valid for host "
                + base.getHost() + " and signed by " + (caCertificates == null
                        ? "a CA this JVM trusts; set " + ConfigLoader.ES_CA_CERT + " to the cluster's CA"
                        : "a CA in " + ConfigLoader.ES_CA_CERT + " (" + caCertificates.file() + ")"), tls);
    }

    private AccessRefusedException refused(HttpResponse<byte[]> response, String path) {
        if (response.statusCode() == 401) {
            return new AccessRefusedException(AccessRefusedException.Refusal.CREDENTIALS, "Elasticsearch at " + base
                    + " refused bpmon's credentials (401 to " + path + reason(response) + "): " + (credentials == null
                            ? "none are configured; set " + ConfigLoader.ES_API_KEY + ", or "
                                    + ConfigLoader.ES_USERNAME + " and " + ConfigLoader.ES_PASSWORD
                            : "check " + credentials.settings()), null);
        }
        return new AccessRefusedException(AccessRefusedException.Refusal.PRIVILEGES, "Elasticsearch at " + base
                + " denied " + path + " (403" + reason(response) + "): "
                + (credentials == null ? "anonymous access" : "the user of " + credentials.settings())
                + " lacks a privilege bpmon needs (docs/elasticsearch-access.md)", null);
    }

    /** The TLS failure behind an I/O error, if that is what it was. */
    private static SSLException tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** Elasticsearch's own reason for a refusal ({@code error.reason}), which names the user and action only. */
    private static String reason(HttpResponse<byte[]> response) {
        try {
            String reason = Json.mapper().readTree(response.body()).path("error").path("reason").asText("");
            return reason.isEmpty() ? "" : ": " + (reason.length() > 500 ? reason.substring(0, 500) + "…" : reason);
        } catch (IOException | RuntimeException e) {
            return "";
        }
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
        if (credentials != null) {
            request.header("Authorization", credentials.authorizationHeader());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            SSLException tls = tlsFailure(e);
            if (tls != null) {
                throw untrusted(tls);
            }
            throw new UnavailableException("Elasticsearch at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while calling Elasticsearch", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(response, path);
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
