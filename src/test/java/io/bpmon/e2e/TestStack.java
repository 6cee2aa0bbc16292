package io.bpmon.e2e;

import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchOrderReader;
import io.bpmon.core.store.Indices;
import io.bpmon.web.WebMain;
import io.javalin.Javalin;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an end-to-end test runs against, started and stopped by JUnit: bpmon's topics recreated on the test broker,
 * its index templates on the test Elasticsearch under an index prefix of the test's own, and, as the test asks,
 * the monitor job on an in-process Flink cluster and the web server on a free port.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestStack stack = TestStack.named("e2e-api").token(TOKEN).withJob().withWeb();
 * </pre>
 *
 * A {@code static} field shares one stack among the class's tests; an instance field gives every test a fresh one.
 * Environment values may be suppliers, read at start, for servers the test starts first (order the extensions
 * with {@code @Order}).
 */
final class TestStack implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final String name;
    private final Map<String, Supplier<String>> env = new LinkedHashMap<>();
    private boolean withJob;
    private boolean withWeb;
    private String token;

    private boolean perClass;
    private Path checkpoints;
    private MonitorConfig config;
    private Elasticsearch store;
    private RawElasticsearch raw;
    private RunningJob job;
    private Javalin web;

    private TestStack(String name) {
        this.name = name;
    }

    /** A stack whose indices are prefixed {@code name} and whose job has a consumer group of its own. */
    static TestStack named(String name) {
        return new TestStack(name);
    }

    TestStack env(String variable, String value) {
        return env(variable, () -> value);
    }

    TestStack env(String variable, Supplier<String> value) {
        env.put(variable, value);
        return this;
    }

    TestStack env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /** The API token of the configured admin, which {@link #api()} sends. */
    TestStack token(String apiToken) {
        this.token = apiToken;
        return env("BPMON_API_TOKEN", apiToken);
    }

    /** Runs the monitor job for the test. Without it, a test may start and stop jobs itself: {@link #startJob()}. */
    TestStack withJob() {
        withJob = true;
        return this;
    }

    /** Runs the web server (UI and HTTP API) on a free port. */
    TestStack withWeb() {
        withWeb = true;
        return env("BPMON_HTTP_PORT", "0");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    private void start() throws Exception {
        checkpoints = Files.createTempDirectory("bpmon-e2e-" + name);
        config = config(Map.of());
        TestServers.freshTopicsAndSchema(config);
        store = Elasticsearch.of(config.elasticsearch());
        raw = RawElasticsearch.of(config.elasticsearch());
        if (withJob) {
            job = RunningJob.start(config);
        }
        if (withWeb) {
            web = WebMain.create(config).start(0);
        }
    }

    private void stop() throws Exception {
        try {
            if (web != null) {
                web.stop();
            }
            if (job != null) {
                job.close();
            }
        } finally {
            web = null;
            job = null;
            if (store != null) {
                store.close();
            }
            FlinkClusterFixture.deleteTree(checkpoints);
        }
    }

    MonitorConfig config() {
        return config;
    }

    /** This stack's configuration with some variables changed, e.g. for a second web server set up otherwise. */
    MonitorConfig config(Map<String, String> changed) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((k, v) -> values.put(k, v.get()));
        values.putAll(changed);
        return TestServers.config(name, checkpoints, values);
    }

    /** The Kafka bootstrap servers. */
    String kafka() {
        return config.kafka().bootstrap();
    }

    Indices indices() {
        return new Indices(config.elasticsearch().indexPrefix());
    }

    /** Elasticsearch as the product's store layer speaks to it. */
    Elasticsearch store() {
        return store;
    }

    /** Elasticsearch in plain JSON, for what a test sets up or inspects below the store layer. */
    RawElasticsearch es() {
        return raw;
    }

    /** The job's reports in the status index whose id starts with {@code idPrefix} (e.g. {@code job-orders-}). */
    List<JsonNode> jobReports(String idPrefix) {
        List<JsonNode> reports = new ArrayList<>();
        for (JsonNode hit : es().search(indices().status(), "{\"size\":100}").path("hits").path("hits")) {
            if (hit.path("_id").asText().startsWith(idPrefix)) {
                reports.add(hit.path("_source"));
            }
        }
        return reports;
    }

    ElasticsearchOrderReader orders() {
        return new ElasticsearchOrderReader(store, indices());
    }

    /** The job {@link #withJob()} started. */
    RunningJob job() {
        if (job == null) {
            throw new IllegalStateException("the stack runs no job: register it withJob()");
        }
        return job;
    }

    /** Another run of the job on this stack's configuration; it resumes from the newest checkpoint. */
    RunningJob startJob() throws Exception {
        return RunningJob.start(config);
    }

    /** Waits until the job has completed a checkpoint after {@code after} (its {@code _metadata} file written). */
    void awaitCheckpointAfter(Instant after) {
        TestServers.await(Duration.ofSeconds(60), () -> {
            try (Stream<Path> files = Files.walk(checkpoints)) {
                return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .anyMatch(p -> modified(p).isAfter(after));
            } catch (IOException e) { // a checkpoint directory went away while walking: look again
                return false;
            }
        });
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    Javalin web() {
        if (web == null) {
            throw new IllegalStateException("the stack runs no web server: register it withWeb()");
        }
        return web;
    }

    /** The web server's address, {@code http://localhost:<port>}. */
    String base() {
        return "http://localhost:" + web().port();
    }

    /** Stops the web server and starts a new one on the same port, as an operator's restart would. */
    void restartWeb() {
        int port = web().port();
        web.stop();
        web = WebMain.create(config).start(port);
    }

    /** Stops the web server; {@link #startWeb(int)} starts it again. */
    int stopWeb() {
        int port = web().port();
        web.stop();
        web = null;
        return port;
    }

    void startWeb(int port) {
        web = WebMain.create(config).start(port);
    }

    /** The HTTP API as the admin of {@link #token(String)}. */
    TestApi api() {
        return new TestApi(this::base, token);
    }

    /** A new browser-like client of the UI (its own cookies). */
    UiHttp ui() {
        return new UiHttp(base());
    }

    /** A new client of the UI, logged in with {@code userToken}. */
    UiHttp loggedIn(String userToken) throws Exception {
        UiHttp ui = ui();
        ui.login(userToken);
        return ui;
    }
}
