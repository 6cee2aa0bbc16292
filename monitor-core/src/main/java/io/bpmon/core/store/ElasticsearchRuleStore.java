package io.bpmon.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final String WAIT_FOR_REFRESH = "refresh=wait_for";

    private final ElasticsearchClient es;
    private final Indices indices;

    public ElasticsearchRuleStore(ElasticsearchClient es, Indices indices) {
        this.es = es;
        this.indices = indices;
    }

    @Override
    public Optional<Rule> find(String ruleId) {
        ElasticsearchClient.Response r = es.get("/" + indices.rules() + "/_doc/" + ElasticsearchClient.encode(ruleId));
        if (r.status() == 404) {
            return Optional.empty();
        }
        check(r, "read rule " + ruleId);
        return r.body().path("found").asBoolean() ? Optional.of(read(r.body().path("_source"), Rule.class))
                : Optional.empty();
    }

    @Override
    public List<Rule> list() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", MAX_RULES);
        body.putObject("query").putObject("bool").putObject("must_not").putObject("ids").putArray("values")
                .add(DEFAULTS_MARKER);
        body.putArray("sort").addObject().putObject("id").put("order", "asc").put("unmapped_type", "keyword");
        List<Rule> rules = new ArrayList<>();
        es.search(indices.rules(), body).path("hits").path("hits")
                .forEach(h -> rules.add(read(h.path("_source"), Rule.class)));
        return rules;
    }

    @Override
    public List<RuleVersion> history(String ruleId) {
        List<RuleVersion> versions = new ArrayList<>();
        versionsOf(ruleId, MAX_HISTORY).forEach(h -> versions.add(read(h.path("_source"), RuleVersion.class)));
        return versions;
    }

    @Override
    public Optional<RuleVersion> latestVersion(String ruleId) {
        JsonNode hits = versionsOf(ruleId, 1);
        return hits.isEmpty() ? Optional.empty() : Optional.of(read(hits.get(0).path("_source"), RuleVersion.class));
    }

    @Override
    public Set<String> ruleIds() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", 0);
        body.putObject("aggs").putObject("ids").putObject("terms").put("field", "ruleId").put("size", MAX_RULES);
        Set<String> ids = new TreeSet<>();
        es.search(indices.ruleVersions(), body).path("aggregations").path("ids").path("buckets")
                .forEach(b -> ids.add(b.path("key").asText()));
        return ids;
    }

    @Override
    public void save(RuleVersion version) {
        String versionId = ElasticsearchClient.encode(version.ruleId() + ":" + version.version());
        ElasticsearchClient.Response created = es.put("/" + indices.ruleVersions() + "/_create/" + versionId + "?"
                + WAIT_FOR_REFRESH, Json.write(version));
        if (created.status() == 409) {
            throw new VersionTakenException(version.ruleId(), version.version());
        }
        check(created, "store version " + version.version() + " of rule " + version.ruleId());

        String current = "/" + indices.rules() + "/_doc/" + ElasticsearchClient.encode(version.ruleId())
                + "?version=" + version.version() + "&version_type=external&" + WAIT_FOR_REFRESH;
        ElasticsearchClient.Response r = version.change() == RuleVersion.Change.DELETED
                ? es.delete(current)
                : es.put(current, Json.write(version.rule()));
        // 409: a newer version is current already; 404: the deleted rule was not there (anymore)
        if (r.status() != 409 && r.status() != 404) {
            check(r, "make version " + version.version() + " of rule " + version.ruleId() + " current");
        }
    }

    @Override
    public boolean defaultsInstalled() {
        ElasticsearchClient.Response r = es.get("/" + indices.rules() + "/_doc/" + ElasticsearchClient.encode(
                DEFAULTS_MARKER));
        if (r.status() == 404) {
            return false;
        }
        check(r, "read the default rules marker");
        return r.body().path("found").asBoolean();
    }

    @Override
    public void markDefaultsInstalled(String ruleSet, Instant at) {
        ObjectNode marker = Json.mapper().createObjectNode();
        marker.put("defaultRules", ruleSet);
        marker.put("installedAt", at.toString());
        ElasticsearchClient.Response r = es.put("/" + indices.rules() + "/_create/"
                + ElasticsearchClient.encode(DEFAULTS_MARKER) + "?" + WAIT_FOR_REFRESH, marker);
        if (r.status() != 409) { // 409: already marked
            check(r, "mark the default rules as installed");
        }
    }

    private JsonNode versionsOf(String ruleId, int size) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("size", size);
        body.putObject("query").putObject("term").put("ruleId", ruleId);
        body.putArray("sort").addObject().putObject("version").put("order", "desc").put("unmapped_type", "long");
        return es.search(indices.ruleVersions(), body).path("hits").path("hits");
    }

    private static void check(ElasticsearchClient.Response r, String what) {
        if (!r.ok()) {
            // 5xx and 429 are thrown by the client; any other refusal is a bug in these requests or the mapping
            throw new IllegalStateException("Elasticsearch refused to " + what + ": " + r.status() + " " + r.body());
        }
    }

    private static <T> T read(JsonNode source, Class<T> type) {
        try {
            return Json.mapper().treeToValue(source, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document: " + e.getMessage(), e);
        }
    }
}
