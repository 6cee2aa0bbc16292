package io.bpmon.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/** Creates bpmon's index templates (idempotently) once Elasticsearch answers. */
public final class SchemaSetup {

    private static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("orders", "/bpmon/es/orders-template.json"),
            Map.entry("alerts", "/bpmon/es/alerts-template.json"),
            Map.entry("alert-acks", "/bpmon/es/alert-acks-template.json"),
            Map.entry("status", "/bpmon/es/status-template.json"),
            Map.entry("refusals", "/bpmon/es/refusals-template.json"),
            Map.entry("rules", "/bpmon/es/rules-template.json"),
            Map.entry("rule-versions", "/bpmon/es/rule-versions-template.json"),
            Map.entry("rule-status", "/bpmon/es/rule-status-template.json"),
            Map.entry("silences", "/bpmon/es/silences-template.json"),
            Map.entry("notifications", "/bpmon/es/notifications-template.json"),
            Map.entry("alerting-state", "/bpmon/es/alerting-state-template.json"),
            Map.entry("revoked-sessions", "/bpmon/es/revoked-sessions-template.json"));

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
        updateExistingIndices(es, config.indexPrefix());
    }

    /**
     * Gives indices created before a field was added to the template (the current month's order index, typically, and
     * the alerts index) the template's dynamic templates and properties, so the job's new fields are indexed from now
     * on rather than from next month (mappings only ever gain fields, which Elasticsearch allows on live indices).
     *
     * <p>One field cannot be carried over: {@code attributes} was a dynamic object (a mapping field per attribute name
     * any producer ever sent, up to the 1,000-field limit that then stops every write) and is one {@code flattened}
     * field now. A live index cannot change a field's type, so in indices that still have the object it stops growing
     * instead ({@code dynamic: false}): the names mapped so far stay searchable, new ones are kept in the document but
     * not indexed until the next month's index (docs/contract.md, attributes).
     */
    static void updateExistingIndices(ElasticsearchClient es, String prefix) {
        update(es, prefix, "orders", prefix + "-orders-*");
        update(es, prefix, "alerts", prefix + "-alerts");
    }

    private static void update(ElasticsearchClient es, String prefix, String templateName, String pattern) {
        JsonNode mappings;
        try {
            mappings = Json.mapper().readTree(template(TEMPLATES.get(templateName), prefix))
                    .path("template").path("mappings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ElasticsearchClient.Response existing = es.get("/" + pattern + "/_mapping?allow_no_indices=true");
        if (!existing.ok()) {
            return; // 404: none yet
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = existing.body().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> index = it.next();
            ObjectNode update = Json.mapper().createObjectNode();
            update.set("dynamic_templates", mappings.path("dynamic_templates").isMissingNode()
                    ? Json.mapper().createArrayNode() : mappings.path("dynamic_templates"));
            ObjectNode properties = ((ObjectNode) mappings.path("properties")).deepCopy();
            JsonNode attributes = index.getValue().path("mappings").path("properties").path("attributes");
            if (!attributes.isMissingNode() && !attributes.path("type").asText("object").equals("flattened")) {
                properties.putObject("attributes").put("type", "object").put("dynamic", false);
            }
            update.set("properties", properties);
            ElasticsearchClient.Response r = es.put("/" + ElasticsearchClient.encode(index.getKey()) + "/_mapping",
                    update);
            if (!r.ok()) {
                throw new IllegalStateException("Elasticsearch refused to update the mapping of " + index.getKey()
                        + ": " + r.body());
            }
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
