package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link RuleStore} on two indices: {@link Indices#ruleVersions()} (doc id {@code <ruleId>:<version>}) and
 * {@link Indices#rules()} (doc id = rule id).
 *
 * <p>The version document is written first, with {@code op_type=create}: Elasticsearch lets exactly one writer
 * create {@code <ruleId>:<n>}, which is what makes version numbers unique without a lock. The current document is
 * written second with the rule version as external version, so of two racing writers the newer always stays. If
 * the second write fails, the next change of the rule (numbered after the last version document) repairs it.
 * Every write waits for a refresh ({@code refresh=wait_for}), so a search right after it sees it.
 */
public final class ElasticsearchRuleStore implements RuleStore {

    /** The marker document's id in the rules index; not a valid rule id, so it can never be a rule. */
    static final String DEFAULTS_MARKER = "bpmon:defaults-installed";
    /** Elasticsearch's default {@code index.max_result_window}; far more rules than anyone can keep in mind. */
    static final int MAX_RULES = 10_000;

    private final Elasticsearch es;
    private final Indices indices;

    public ElasticsearchRuleStore(Elasticsearch es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<Rule> find(String ruleId) {
        return get(indices.rules(), ruleId, "read rule " + ruleId).map(source -> read(source, Rule.class, ruleId));
    }

    @Override
    public List<Rule> list() {
        List<Rule> rules = new ArrayList<>();
        for (Hit<JsonNode> h : es.search(indices.rules(), s -> s.size(MAX_RULES)
                .query(q -> q.bool(b -> b.mustNot(Queries.ids(List.of(DEFAULTS_MARKER)))))
                .sort(Queries.sort("id", true, FieldType.Keyword)), JsonNode.class).hits().hits()) {
            rules.add(read(h.source(), Rule.class, h.id()));
        }
        return rules;
    }

    @Override
    public List<RuleVersion> history(String ruleId) {
        List<RuleVersion> versions = new ArrayList<>();
        versionsOf(ruleId, MAX_HISTORY).forEach(h -> versions.add(read(h.source(), RuleVersion.class, h.id())));
        return versions;
    }

    @Override
    public Optional<RuleVersion> latestVersion(String ruleId) {
        List<Hit<JsonNode>> hits = versionsOf(ruleId, 1);
        return hits.isEmpty() ? Optional.empty()
                : Optional.of(read(hits.get(0).source(), RuleVersion.class, hits.get(0).id()));
    }

    @Override
    public Set<String> ruleIds() {
        return new TreeSet<>(Queries.termCounts(es.search(indices.ruleVersions(), s -> s.size(0)
                .aggregations("ids", a -> a.terms(t -> t.field("ruleId").size(MAX_RULES))), JsonNode.class)
                .aggregations(), "ids").keySet());
    }

    @Override
    public void save(RuleVersion version) {
        String versionId = version.ruleId() + ":" + version.version();
        try {
            es.call("/" + indices.ruleVersions() + "/_create/" + versionId, c -> c.create(r -> r
                    .index(indices.ruleVersions()).id(versionId).document(version).refresh(Refresh.WaitFor)));
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw new VersionTakenException(version.ruleId(), version.version());
            }
            throw refused(e, "store version " + version.version() + " of rule " + version.ruleId());
        }
        String current = "/" + indices.rules() + "/_doc/" + version.ruleId();
        try {
            if (version.change() == RuleVersion.Change.DELETED) {
                es.call(current, c -> c.delete(d -> d.index(indices.rules()).id(version.ruleId())
                        .version(version.version()).versionType(VersionType.External).refresh(Refresh.WaitFor)));
            } else {
                es.call(current, c -> c.index(i -> i.index(indices.rules()).id(version.ruleId())
                        .version(version.version()).versionType(VersionType.External).document(version.rule())
                        .refresh(Refresh.WaitFor)));
            }
        } catch (ElasticsearchException e) {
            // 409: a newer version is current already; 404: the deleted rule was not there (anymore)
            if (e.status() != 409 && e.status() != 404) {
                throw refused(e, "make version " + version.version() + " of rule " + version.ruleId() + " current");
            }
        }
    }

    @Override
    public boolean defaultsInstalled() {
        return get(indices.rules(), DEFAULTS_MARKER, "read the default rules marker").isPresent();
    }

    @Override
    public void markDefaultsInstalled(String ruleSet, Instant at) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("defaultRules", ruleSet);
        marker.put("installedAt", at.toString());
        try {
            es.call("/" + indices.rules() + "/_create/" + DEFAULTS_MARKER, c -> c.create(r -> r.index(indices.rules())
                    .id(DEFAULTS_MARKER).document(marker).refresh(Refresh.WaitFor)));
        } catch (ElasticsearchException e) {
            if (e.status() != 409) { // 409: already marked
                throw refused(e, "mark the default rules as installed");
            }
        }
    }

    /** A document by id; empty when it or its index does not exist. */
    private Optional<JsonNode> get(String index, String id, String what) {
        GetResponse<JsonNode> r;
        try {
            r = es.call("/" + index + "/_doc/" + id, c -> c.get(g -> g.index(index).id(id), JsonNode.class));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw refused(e, what);
        }
        return r.found() ? Optional.of(r.source()) : Optional.empty();
    }

    private List<Hit<JsonNode>> versionsOf(String ruleId, int size) {
        return es.search(indices.ruleVersions(), s -> s.size(size).query(Queries.term("ruleId", ruleId))
                .sort(Queries.sort("version", false, FieldType.Long)), JsonNode.class).hits().hits();
    }

    /** 5xx and 429 are the connection's to report; any other refusal is a bug in these requests or the mapping. */
    private static IllegalStateException refused(ElasticsearchException e, String what) {
        return new IllegalStateException("Elasticsearch refused to " + what + ": " + e.status() + " "
                + Elasticsearch.reason(e.error()), e);
    }

    private static <T> T read(JsonNode source, Class<T> type, String id) {
        try {
            return Queries.read(source, type, id);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document: " + e.getMessage(), e);
        }
    }
}
