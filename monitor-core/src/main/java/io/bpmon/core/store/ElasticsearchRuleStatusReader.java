package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the job's rule acknowledgements from {@link Indices#ruleStatus()}. */
public final class ElasticsearchRuleStatusReader implements RuleStatusReader {

    private static final int MAX_RULES = 10_000;

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchRuleStatusReader(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<RuleStatus> find(String ruleId) {
        GetResponse<JsonNode> r;
        try {
            r = es.call("/" + indices.ruleStatus() + "/_doc/" + ruleId,
                    c -> c.get(g -> g.index(indices.ruleStatus()).id(ruleId), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty(); // the job has acknowledged no rule yet
            }
            throw new IllegalStateException("Elasticsearch refused to read the status of rule " + ruleId + ": "
                    + e.status() + " " + Elasticsearch.reason(e.error()), e);
        }
        return r.found() ? Optional.of(read(r.source(), ruleId)) : Optional.empty();
    }

    @Override
    public Map<String, RuleStatus> all() {
        Map<String, RuleStatus> result = new LinkedHashMap<>();
        for (Hit<JsonNode> h : es.search(indices.ruleStatus(), s -> s.size(MAX_RULES), JsonNode.class).hits().hits()) {
            RuleStatus s = read(h.source(), h.id());
            result.put(s.ruleId(), s);
        }
        return result;
    }

    private static RuleStatus read(JsonNode source, String id) {
        try {
            return Queries.read(source, RuleStatus.class, id);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable rule status document: " + e.getMessage(), e);
        }
    }
}
