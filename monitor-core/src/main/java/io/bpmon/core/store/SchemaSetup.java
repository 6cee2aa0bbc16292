package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.JsonData;
import io.bpmon.core.config.ElasticsearchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates bpmon's index templates (idempotently) once Elasticsearch answers. The templates are JSON resources
 * ({@code /bpmon/es/*-template.json}) read into the client's typed request ({@code withJson}), so a template the
 * client cannot read fails here, at setup, not at the first write.
 */
public final class SchemaSetup {

    private static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("orders", "/bpmon/es/orders-template.json"),
            Map.entry("alerts", "/bpmon/es/alerts-template.json"),
            Map.entry("alert-acks", "/bpmon/es/alert-acks-template.json"),
            Map.entry("incidents", "/bpmon/es/incidents-template.json"),
            Map.entry("incident-acks", "/bpmon/es/incident-acks-template.json"),
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
    public static void ensureSchema(Elasticsearch es, ElasticsearchConfig config, Duration waitFor,
            Consumer<String> log) {
        try {
            waitAndPutTemplates(es, config, waitFor, log);
        } catch (Elasticsearch.AccessRefusedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void waitAndPutTemplates(Elasticsearch es, ElasticsearchConfig config, Duration waitFor,
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
            PutIndexTemplateRequest request = templateRequest(t.getKey(), config.indexPrefix());
            try {
                es.call("/_index_template/" + request.name(), c -> c.indices().putIndexTemplate(request));
            } catch (ElasticsearchException e) {
                throw new IllegalStateException("Elasticsearch refused index template " + t.getKey() + ": "
                        + Elasticsearch.reason(e.error()), e);
            }
        }
        updateExistingIndices(es, config.indexPrefix());
    }

    /**
     * Gives indices created before a field was added to the template (the current month's order index, typically, and
     * the alerts index) the template's dynamic templates and properties, so the job's new fields are indexed from now
     * on rather than from next month (mappings only ever gain fields, which Elasticsearch allows on live indices; a field
     * the index already has keeps the mapping it was created with, the template's newer one applies from the next
     * month's index).
     *
     * <p>One field cannot be carried over: {@code attributes} was a dynamic object (a mapping field per attribute name
     * any producer ever sent, up to the 1,000-field limit that then stops every write) and is one {@code flattened}
     * field now. A live index cannot change a field's type, so in indices that still have the object it stops growing
     * instead ({@code dynamic: false}): the names mapped so far stay searchable, new ones are kept in the document but
     * not indexed until the next month's index (docs/contract.md, attributes).
     */
    static void updateExistingIndices(Elasticsearch es, String prefix) {
        update(es, prefix, "orders", prefix + "-orders-*");
        boundNumericAttributes(es, prefix + "-orders-*");
        update(es, prefix, "alerts", prefix + "-alerts");
        update(es, prefix, "notifications", prefix + "-notifications");
    }

    /**
     * Numeric attributes are mapped per name ({@code attributesNumeric.*}, docs/contract.md): names beyond the
     * index's field limit are kept in the document but not mapped, rather than refusing the order. The template sets
     * this for new indices; existing order indices get it here (a dynamic setting).
     */
    private static void boundNumericAttributes(Elasticsearch es, String pattern) {
        try {
            es.call("/" + pattern + "/_settings", c -> c.indices().putSettings(p -> p.index(pattern)
                    .allowNoIndices(true).settings(i -> i.otherSettings(Map.of(
                            "index.mapping.total_fields.ignore_dynamic_beyond_limit", JsonData.of(true))))));
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw new IllegalStateException("Elasticsearch refused to bound the order indices' mapping: "
                        + Elasticsearch.reason(e.error()), e);
            }
        }
    }

    private static void update(Elasticsearch es, String prefix, String templateName, String pattern) {
        TypeMapping mappings = templateRequest(templateName, prefix).template().mappings();
        GetMappingResponse existing;
        try {
            existing = es.call("/" + pattern + "/_mapping", c -> c.indices().getMapping(m -> m.index(pattern)
                    .allowNoIndices(true)));
        } catch (ElasticsearchException e) {
            return; // 404: none yet
        }
        for (Map.Entry<String, IndexMappingRecord> index : existing.result().entrySet()) {
            Map<String, Property> present = index.getValue().mappings().properties();
            Map<String, Property> properties = new LinkedHashMap<>(mappings.properties());
            // a field the index has keeps its mapping: a live index cannot change how a field is indexed (the
            // template stopped indexing fields nobody queries, docs/benchmarks.md "Store write")
            properties.keySet().removeAll(present.keySet());
            Property attributes = present.get("attributes");
            if (attributes != null && !attributes.isFlattened()) {
                properties.put("attributes", Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.False))));
            }
            try {
                es.call("/" + index.getKey() + "/_mapping", c -> c.indices().putMapping(m -> m.index(index.getKey())
                        .dynamicTemplates(mappings.dynamicTemplates() == null ? List.of()
                                : mappings.dynamicTemplates())
                        .properties(properties)));
            } catch (ElasticsearchException e) {
                throw new IllegalStateException("Elasticsearch refused to update the mapping of " + index.getKey()
                        + ": " + Elasticsearch.reason(e.error()), e);
            }
        }
    }

    /** The template resource with bpmon's index prefix, as the client's request. */
    static PutIndexTemplateRequest templateRequest(String templateName, String prefix) {
        String body = template(TEMPLATES.get(templateName), prefix);
        return PutIndexTemplateRequest.of(t -> t.name(prefix + "-" + templateName).withJson(new StringReader(body)));
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
