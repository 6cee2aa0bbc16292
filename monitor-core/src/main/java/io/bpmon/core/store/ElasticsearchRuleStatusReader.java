package io.bpmon.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the job's rule acknowledgements from {@link Indices#ruleStatus()}. */
public final class ElasticsearchRuleStatusReader implements RuleStatusReader {

    private static final int MAX_RULES = 10_000;

    private final ElasticsearchClient es;
    private final Indices indices;

    public ElasticsearchRuleStatusReader(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<RuleStatus> find(String ruleId) {
        ElasticsearchClient.Response r = es.get("/" + indices.ruleStatus() + "/_doc/"
                + ElasticsearchClient.encode(ruleId));
        if (r.status() == 404 || !r.body().path("found").asBoolean()) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new IllegalStateException("Elasticsearch refused to read the status of rule " + ruleId + ": "
                    + r.status() + " " + r.body());
        }
        return Optional.of(read(r.body().path("_source")));
    }

    @Override
    public Map<String, RuleStatus> all() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", MAX_RULES);
        Map<String, RuleStatus> result = new LinkedHashMap<>();
        es.search(indices.ruleStatus(), body).path("hits").path("hits").forEach(h -> {
            RuleStatus s = read(h.path("_source"));
            result.put(s.ruleId(), s);
        });
        return result;
    }

    private static RuleStatus read(JsonNode source) {
        try {
            return Json.mapper().treeToValue(source, RuleStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rule status document: " + e.getMessage(), e);
        }
    }
}
