package io.bpmon.core.store;

import io.bpmon.core.config.ElasticsearchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** Creates bpmon's index templates (idempotently) once Elasticsearch answers. */
public final class SchemaSetup {

    private static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("orders", "/bpmon/es/orders-template.json"),
            Map.entry("alerts", "/bpmon/es/alerts-template.json"),
            Map.entry("alert-acks", "/bpmon/es/alert-acks-template.json"),
            Map.entry("status", "/bpmon/es/status-template.json"),
            Map.entry("rules", "/bpmon/es/rules-template.json"),
            Map.entry("rule-versions", "/bpmon/es/rule-versions-template.json"),
            Map.entry("rule-status", "/bpmon/es/rule-status-template.json"),
            Map.entry("silences", "/bpmon/es/silences-template.json"),
            Map.entry("notifications", "/bpmon/es/notifications-template.json"),
            Map.entry("alerting-state", "/bpmon/es/alerting-state-template.json"));

    private SchemaSetup() {}

    /**
     * Waits up to {@code waitFor} for Elasticsearch, then puts every template.
     *
     * @throws IllegalStateException when Elasticsearch stayed unreachable, refused bpmon (TLS, credentials,
     *                               privileges: at once, as waiting would not help) or refused a template
     */
    public static void ensureSchema(ElasticsearchClient es, ElasticsearchConfig config, Duration waitFor,
            Consumer<String> log) {
        try {
            waitAndPutTemplates(es, config, waitFor, log);
        } catch (ElasticsearchClient.AccessRefusedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void waitAndPutTemplates(ElasticsearchClient es, ElasticsearchConfig config, Duration waitFor,
            Consumer<String> log) {
        long deadline = System.nanoTime() + waitFor.toNanos();
        while (!es.checkHealth(Duration.ofSeconds(2))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch at " + es.base()
                        + " is not reachable or not healthy; is it running? Set BPMON_ES_URL to use another.");
            }
            log.accept("Elasticsearch at " + es.base() + " not ready yet, retrying");
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch");
            }
        }
        for (Map.Entry<String, String> t : TEMPLATES.entrySet()) {
            String body = template(t.getValue(), config.indexPrefix());
            ElasticsearchClient.Response r = es.put("/_index_template/" + config.indexPrefix() + "-" + t.getKey(), body);
            if (!r.ok()) {
                throw new IllegalStateException("Elasticsearch refused index template " + t.getKey() + ": " + r.body());
            }
        }
        updateOrderIndices(es, config.indexPrefix());
    }

    /**
     * Gives order indices created before a field was added to the template (the current month's, typically) the
     * template's dynamic templates and properties, so the job's new fields are indexed from now on rather than from
     * next month (mappings only ever gain fields, which Elasticsearch allows on live indices).
     */
    static void updateOrderIndices(ElasticsearchClient es, String prefix) {
        com.fasterxml.jackson.databind.JsonNode mappings;
        try {
            mappings = io.bpmon.core.json.Json.mapper().readTree(template(TEMPLATES.get("orders"), prefix))
                    .path("template").path("mappings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        com.fasterxml.jackson.databind.node.ObjectNode update = io.bpmon.core.json.Json.mapper().createObjectNode();
        update.set("dynamic_templates", mappings.path("dynamic_templates"));
        update.set("properties", mappings.path("properties"));
        ElasticsearchClient.Response r = es.put("/" + prefix + "-orders-*/_mapping?allow_no_indices=true", update);
        if (!r.ok() && r.status() != 404) {
            throw new IllegalStateException("Elasticsearch refused to update the order indices' mapping: " + r.body());
        }
    }

    static String template(String resource, String prefix) {
        try (InputStream in = SchemaSetup.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
