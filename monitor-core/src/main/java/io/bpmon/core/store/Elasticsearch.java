package io.bpmon.core.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.bpmon.core.config.CaCertificates;
import io.bpmon.core.config.ConfigLoader;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.config.ElasticsearchCredentials;
import io.bpmon.core.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.RedirectStrategy;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.message.BasicHeader;
import org.apache.http.protocol.HttpContext;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * bpmon's connection to the configured Elasticsearch: the official Java client ({@link #client()}, typed requests and
 * answers) over its REST transport, plus the one thing the client leaves to its callers — what a failure means for
 * bpmon. Every store, reader and writer goes through {@link #call}, so they all tell the same three cases apart:
 * Elasticsearch is away or overloaded ({@link UnavailableException}: wait and retry), it will not let bpmon in
 * ({@link AccessRefusedException}: waiting will not help), or it answered with an error of its own (the client's
 * {@link ElasticsearchException}: a 404 or 409 the caller expects, or a refusal of the request).
 *
 * <p>Built from the configuration only ({@link #of(ElasticsearchConfig)}), so every caller authenticates and verifies
 * TLS the same way (docs/elasticsearch-access.md): the credentials become one default {@code Authorization} header
 * ({@link ElasticsearchCredentials#authorizationHeader()}), a configured CA becomes the transport's TLS context
 * ({@link CaCertificates#sslContext()}); the transport verifies the server's host name. Redirects are not followed,
 * so the credentials only ever go to the configured URL.
 *
 * <p>Only the portable subset of the REST API is used (index templates, mappings, index/get/delete, bulk, search with
 * aggregations, cluster health), which Elasticsearch 8.19 servers — and the minimal integ-test distribution — answer
 * (9.x servers in their compatibility mode for 8, untested). Not {@code info()}/{@code ping()}: the integ-test
 * distribution answers 405 to {@code GET /}.
 */
public final class Elasticsearch implements AutoCloseable {

    /** How long one call may take unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int SHARD_WAIT_ATTEMPTS = 20;
    private static final Duration SHARD_WAIT_STEP = Duration.ofMillis(150);

    private final URI base;
    private final ElasticsearchCredentials credentials;
    private final CaCertificates caCertificates;
    private final RestClientTransport transport;
    private final ElasticsearchClient client;

    private Elasticsearch(ElasticsearchConfig config, Duration timeout) {
        this.base = config.url();
        this.credentials = config.credentials();
        this.caCertificates = config.caCertificates();
        RestClientBuilder builder = RestClient.builder(new HttpHost(base.getHost(), port(base), base.getScheme()));
        if (base.getPath() != null && !base.getPath().isEmpty() && !base.getPath().equals("/")) {
            builder.setPathPrefix(base.getPath()); // Elasticsearch behind a proxy's path
        }
        RestClient rest = builder
                .setDefaultHeaders(credentials == null ? new Header[0]
                        : new Header[] {new BasicHeader("Authorization", credentials.authorizationHeader())})
                .setRequestConfigCallback(r -> r.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                        .setSocketTimeout((int) timeout.toMillis()))
                .setHttpClientConfigCallback(http -> {
                    if (caCertificates != null) {
                        http.setSSLContext(caCertificates.sslContext());
                    }
                    return http.setRedirectStrategy(NO_REDIRECTS);
                })
                .build();
        this.transport = new RestClientTransport(rest, new JacksonJsonpMapper(Json.mapper()));
        this.client = new ElasticsearchClient(transport);
    }

    /** A connection to the configured Elasticsearch, with its credentials and trusted CA. */
    public static Elasticsearch of(ElasticsearchConfig config) {
        return of(config, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long one call may take */
    public static Elasticsearch of(ElasticsearchConfig config, Duration timeout) {
        return new Elasticsearch(config, timeout);
    }

    /** The official client; call it through {@link #call} so failures read the same everywhere. */
    public ElasticsearchClient client() {
        return client;
    }

    public URI base() {
        return base;
    }

    /** One request of the official client. */
    @FunctionalInterface
    public interface Call<T> {
        T on(ElasticsearchClient client) throws IOException;
    }

    /**
     * Runs one request and says what a failure means.
     *
     * @param what the request as a REST path ({@code /bpmon-alerts/_search}), for messages
     * @throws UnavailableException when Elasticsearch cannot be reached, or answers 429 or a server error
     * @throws AccessRefusedException when TLS, the credentials or the privileges keep bpmon out
     * @throws ElasticsearchException when Elasticsearch answers with any other error (404, 409, 400 ...)
     */
    public <T> T call(String what, Call<T> call) {
        try {
            return call.on(client);
        } catch (ElasticsearchException e) {
            throw translate(what, e.status(), e.error(), e);
        } catch (ResponseException e) {
            // the REST transport lets the low-level client throw for 409, 429 and 5xx answers: read them here
            int status = e.getResponse().getStatusLine().getStatusCode();
            ElasticsearchException answer = errorAnswer(what, e);
            if (answer != null) {
                throw translate(what, status, answer.error(), answer);
            }
            RuntimeException translated = translate(what, status, null, e);
            throw translated instanceof UnavailableException u ? u
                    : new UnavailableException("Elasticsearch answered " + status + " to " + what, e);
        } catch (TransportException e) {
            // an error answer without Elasticsearch's JSON (a proxy's, say)
            RuntimeException translated = translate(what, e.statusCode(), null, e);
            throw translated instanceof UnavailableException u ? u
                    : new UnavailableException("Elasticsearch answered " + e.statusCode() + " to " + what + ": "
                            + e.getMessage(), e);
        } catch (IOException e) {
            SSLException tls = tlsFailure(e);
            if (tls != null) {
                throw untrusted(tls);
            }
            throw new UnavailableException("Elasticsearch at " + base + " unreachable: " + e, e);
        }
    }

    /**
     * Searches an index or alias; an index that does not exist yet (nothing was written) reads as no hits, and an
     * index created a moment ago is waited for until its shards answer.
     *
     * @throws UnavailableException when Elasticsearch cannot answer
     */
    public <T> SearchResponse<T> search(String index,
            Function<SearchRequest.Builder, SearchRequest.Builder> request, Class<T> documentType) {
        SearchRequest within = SearchRequest.of(s -> request.apply(s).index(index).ignoreUnavailable(true)
                .allowNoIndices(true));
        for (int attempt = 1; ; attempt++) {
            try {
                return call("/" + index + "/_search", c -> c.search(within, documentType));
            } catch (UnavailableException e) {
                // an index created a moment ago (the first alert, the first acknowledgement) has no active shard
                // for a few hundred milliseconds: wait for it rather than fail the caller's request
                if (attempt >= SHARD_WAIT_ATTEMPTS || !noShardYet(e)) {
                    throw e;
                }
                pause(SHARD_WAIT_STEP);
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    return noHits();
                }
                throw e;
            }
        }
    }

    /** Whether the failure is a new index's shard that is not active yet (possibly deep in a search's failures). */
    private static boolean noShardYet(UnavailableException e) {
        String shardMissing = "no_shard_available_action_exception";
        return e.getMessage() != null && e.getMessage().contains(shardMissing)
                || e.getCause() instanceof ElasticsearchException es && es.response().toString().contains(shardMissing);
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
        try {
            HealthResponse health = call("/_cluster/health", c -> c.cluster().health(h -> h
                    .waitForStatus(HealthStatus.Yellow).timeout(Time.of(t -> t.time(wait.toMillis() + "ms")))));
            return !health.timedOut();
        } catch (AccessRefusedException e) {
            throw e;
        } catch (UnavailableException | ElasticsearchException e) {
            return false; // 408: not yellow within the wait
        }
    }

    /** Closes the transport's connections and threads. */
    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            // closing is best effort: nothing is buffered in the transport
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

    /**
     * Elasticsearch's error as a line a person reads: {@code mapper_parsing_exception: failed to parse ...
     * (caused_by's type: reason)}.
     */
    public static String reason(ErrorCause error) {
        if (error == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(error.type() == null ? "error" : error.type()).append(": ")
                .append(error.reason() == null ? "" : error.reason());
        ErrorCause cause = error.causedBy();
        if (cause != null) {
            line.append(" (").append(cause.type()).append(": ").append(cause.reason() == null ? "" : cause.reason())
                    .append(')');
        }
        return line.toString();
    }

    /** Elasticsearch's error answer inside the low-level client's exception; null when it is not one (a proxy's). */
    private ElasticsearchException errorAnswer(String what, ResponseException e) {
        HttpEntity entity = e.getResponse().getEntity();
        if (entity == null) {
            return null;
        }
        JsonpMapper mapper = transport.jsonpMapper();
        try (InputStream in = entity.getContent(); JsonParser parser = mapper.jsonProvider().createParser(in)) {
            return new ElasticsearchException(what, ErrorResponse._DESERIALIZER.deserialize(parser, mapper));
        } catch (IOException | RuntimeException notAnError) {
            return null;
        }
    }

    /** The failure as bpmon's exception; an error that is the caller's to judge is returned as it came. */
    private RuntimeException translate(String what, int status, ErrorCause error, Exception e) {
        // a refusal's own reason names the user and action only, so it may go into the message
        String refusal = error == null || error.reason() == null ? "" : error.reason();
        String reason = reason(error);
        if (status == 401) {
            return new AccessRefusedException(AccessRefusedException.Refusal.CREDENTIALS, "Elasticsearch at " + base
                    + " refused bpmon's credentials (401 to " + what + shortened(refusal) + "): " + (credentials == null
                            ? "none are configured; set " + ConfigLoader.ES_API_KEY + ", or "
                                    + ConfigLoader.ES_USERNAME + " and " + ConfigLoader.ES_PASSWORD
                            : "check " + credentials.settings()), e);
        }
        if (status == 403) {
            return new AccessRefusedException(AccessRefusedException.Refusal.PRIVILEGES, "Elasticsearch at " + base
                    + " denied " + what + " (403" + shortened(refusal) + "): "
                    + (credentials == null ? "anonymous access" : "the user of " + credentials.settings())
                    + " lacks a privilege bpmon needs (docs/elasticsearch-access.md)", e);
        }
        if (status == 429 || status >= 500) {
            return new UnavailableException("Elasticsearch answered " + status + " to " + what + ": " + reason, e);
        }
        return e instanceof ElasticsearchException es ? es
                : new UnavailableException("Elasticsearch answered " + status + " to " + what + shortened(reason), e);
    }

    /** Elasticsearch's reason for a refusal names the user and action only; long ones are cut. */
    private static String shortened(String reason) {
        return reason.isEmpty() ? "" : ": " + (reason.length() > 500 ? reason.substring(0, 500) + "…" : reason);
    }

    private AccessRefusedException untrusted(SSLException tls) {
        return new AccessRefusedException(AccessRefusedException.Refusal.TLS, "TLS connection to Elasticsearch at "
                + base + " failed (" + tls.getMessage() + "): its certificate must be valid for host "
                + base.getHost() + " and signed by " + (caCertificates == null
                        ? "a CA this JVM trusts; set " + ConfigLoader.ES_CA_CERT + " to the cluster's CA"
                        : "a CA in " + ConfigLoader.ES_CA_CERT + " (" + caCertificates.file() + ")"), tls);
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

    private static <T> SearchResponse<T> noHits() {
        return SearchResponse.of(r -> r.took(0).timedOut(false)
                .shards(s -> s.total(0).successful(0).failed(0))
                .hits(h -> h.hits(List.of()).total(t -> t.value(0).relation(TotalHitsRelation.Eq))));
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for a new index's shard", e);
        }
    }

    /** The credentials go to the configured URL only: an answer that points elsewhere is taken as it is. */
    private static final RedirectStrategy NO_REDIRECTS = new RedirectStrategy() {
        @Override
        public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context) {
            return false;
        }

        @Override
        public HttpUriRequest getRedirect(HttpRequest request, HttpResponse response, HttpContext context) {
            throw new IllegalStateException("redirects are not followed");
        }
    };
}
