package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleService;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.store.ElasticsearchRulePreview;
import io.bpmon.core.store.ElasticsearchRuleStatusReader;
import io.bpmon.core.store.RuleStatus;
import io.bpmon.core.time.Durations;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule editor's questions (docs/api.md, rule editor): a preview of a candidate rule against stored history,
 * thresholds suggested from observed durations, attribute values for the scope builder, and the job's
 * acknowledgement of each rule.
 */
final class RuleEditorController {

    static final Duration DEFAULT_PREVIEW_RANGE = Duration.ofHours(24);
    static final Duration DEFAULT_THRESHOLD_RANGE = Duration.ofDays(7);
    static final Duration MAX_RANGE = Duration.ofDays(90);
    static final int DEFAULT_SAMPLE = 20;
    static final int DEFAULT_TOP_VALUES = 10;

    private final RuleValidator validator;
    private final RuleService rules;
    private final ElasticsearchRulePreview preview;
    private final ElasticsearchRuleStatusReader statuses;
    private final Lifecycle lifecycle;
    private final Clock clock;

    RuleEditorController(RuleValidator validator, RuleService rules, ElasticsearchRulePreview preview,
            ElasticsearchRuleStatusReader statuses, Lifecycle lifecycle, Clock clock) {
        this.validator = validator;
        this.rules = rules;
        this.preview = preview;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    record Range(Instant since, Instant until) {}

    record Current(String ruleId, long version, long flagged, Map<Long, Long> byVersion) {}

    record Preview(Rule rule, Instant since, Instant until, long flagged, List<ElasticsearchRulePreview.FlaggedOrder>
            sample, Current current, Object velocity, long tookMillis) {}

    /**
     * {@code POST /api/rules/preview} with {@code {"rule": {...}, "since": "...", "until": "...", "sample": 20}}:
     * what the candidate would have flagged in [since, until) (default: the last 24 h), and what the stored rule of
     * that id flagged.
     */
    void preview(Context ctx) {
        long started = System.nanoTime();
        JsonNode body = body(ctx);
        List<FieldError> errors = new ArrayList<>();
        Rule rule = candidate(body.get("rule"), errors);
        Range range = range(body, DEFAULT_PREVIEW_RANGE, errors);
        int sample = integer(body, "sample", DEFAULT_SAMPLE, 0, ElasticsearchRulePreview.MAX_SAMPLE, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid preview request", errors));
        }
        long flagged;
        List<ElasticsearchRulePreview.FlaggedOrder> orders;
        Object velocity = null;
        if (rule.kind() == RuleKind.VELOCITY) {
            ElasticsearchRulePreview.VelocityResult v = preview.velocity(rule, range.since(), range.until());
            flagged = v.episodes().size();
            orders = List.of();
            velocity = v;
        } else {
            ElasticsearchRulePreview.Flagged f = preview.flagged(rule, range.since(), range.until(), sample);
            flagged = f.count();
            orders = f.sample();
        }
        Current current = rules.get(rule.id()).map(stored -> {
            ElasticsearchRulePreview.Raised raised = preview.raised(stored.id(), stored.kind(), range.since(),
                    range.until());
            return new Current(stored.id(), stored.version(), raised.count(), raised.byVersion());
        }).orElse(null);
        ctx.json(new Preview(rule, range.since(), range.until(), flagged, orders, current, velocity,
                (System.nanoTime() - started) / 1_000_000));
    }

    record Thresholds(String kind, Instant since, Instant until, long observations, Map<String, Long> percentiles,
            Map<String, String> formatted, String unit) {}

    /**
     * {@code POST /api/rules/thresholds}: for a STEP_SLA ({@code from}, {@code to}, {@code scope}) the observed
     * step durations' p50/p90/p95/p99 over [since, until) (default: the last 7 days); for a VELOCITY rule
     * ({@code eventType}, {@code window}, {@code scope}) the percentiles of the counts per window.
     */
    void thresholds(Context ctx) {
        JsonNode body = body(ctx);
        List<FieldError> errors = new ArrayList<>();
        Range range = range(body, DEFAULT_THRESHOLD_RANGE, errors);
        String kind = body.path("kind").asText("STEP_SLA");
        Map<String, List<String>> scope = scope(body.get("scope"), errors);
        if (kind.equals("VELOCITY")) {
            String eventType = body.path("eventType").asText(null);
            if (eventType == null || !lifecycle.isEventType(eventType)) {
                errors.add(new FieldError("eventType", "must be one of " + lifecycle.eventTypes()));
            }
            Duration window = duration(body, "window", errors);
            if (window != null && (window.compareTo(RuleValidator.MIN_WINDOW) < 0
                    || window.compareTo(RuleValidator.MAX_WINDOW) > 0)) {
                errors.add(new FieldError("window", "must be at least 1m and at most 1d"));
            }
            if (!errors.isEmpty()) {
                throw new ApiException(400, new ApiError("invalid thresholds request", errors));
            }
            ElasticsearchRulePreview.Observed o = preview.windowCounts(eventType, window, scope, range.since(),
                    range.until());
            Map<String, String> formatted = new LinkedHashMap<>();
            o.percentiles().forEach((p, v) -> formatted.put(p, v + " per " + Durations.format(window)));
            ctx.json(new Thresholds(kind, range.since(), range.until(), o.orders(), o.percentiles(), formatted,
                    "events per window"));
            return;
        }
        if (!kind.equals("STEP_SLA")) {
            errors.add(new FieldError("kind", "must be STEP_SLA or VELOCITY"));
        }
        String from = step(body, "from", errors);
        String to = step(body, "to", errors);
        if (from != null && to != null && !lifecycle.canReach(from, to)) {
            errors.add(new FieldError("to", to + " cannot be reached after " + from));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid thresholds request", errors));
        }
        ElasticsearchRulePreview.Observed o = preview.stepDurations(from, to, scope, range.since(), range.until());
        Map<String, String> formatted = new LinkedHashMap<>();
        o.percentiles().forEach((p, v) -> formatted.put(p, v == null ? null
                : Durations.format(Duration.ofSeconds(Math.max(1, (v + 500) / 1000)))));
        ctx.json(new Thresholds(kind, range.since(), range.until(), o.orders(), o.percentiles(), formatted,
                "milliseconds"));
    }

    record Items<T>(List<T> items) {}

    /** {@code GET /api/attributes?top=10}: attribute names seen on stored orders and their most frequent values. */
    void attributes(Context ctx) {
        String top = ctx.queryParam("top");
        int n = DEFAULT_TOP_VALUES;
        if (top != null) {
            try {
                n = Integer.parseInt(top.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 1000) {
                throw ApiException.badRequest("top", "must be a whole number from 1 to 1000");
            }
        }
        ctx.json(new Items<>(preview.attributes(n)));
    }

    /**
     * The job's acknowledgement, with whether it applies the stored version yet.
     *
     * @param current whether the job applies the version stored now (a change is in force)
     */
    record Status(String ruleId, long version, boolean enabled, Instant appliedAt, Integer subtasks,
            Long storedVersion, boolean current) {
        static Status of(RuleStatus s, Optional<Rule> stored) {
            Long v = stored.map(Rule::version).orElse(null);
            return new Status(s.ruleId(), s.version(), s.enabled(), s.appliedAt(), s.subtasks(), v,
                    v != null && v == s.version());
        }
    }

    /** {@code GET /api/rules/{ruleId}/status}: 404 until the job acknowledged a version of the rule. */
    void status(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        RuleStatus s = statuses.find(ruleId).orElseThrow(() -> ApiException.notFound("status of rule " + ruleId));
        ctx.json(Status.of(s, rules.get(ruleId)));
    }

    /** {@code GET /api/rule-status}: every acknowledgement. */
    void allStatuses(Context ctx) {
        Map<String, Rule> stored = new LinkedHashMap<>();
        rules.list().forEach(r -> stored.put(r.id(), r));
        List<Status> items = new ArrayList<>();
        statuses.all().values().forEach(s -> items.add(Status.of(s, Optional.ofNullable(stored.get(s.ruleId())))));
        ctx.json(new Items<>(items));
    }

    /**
     * {@code GET /api/rule-stats?since=&until=}: per rule, alerts detected in the range (default: the last 24 h) and
     * alerts open now — the rules page's columns.
     */
    void stats(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        var params = Json.mapper().createObjectNode();
        if (ctx.queryParam("since") != null) {
            params.put("since", ctx.queryParam("since"));
        }
        if (ctx.queryParam("until") != null) {
            params.put("until", ctx.queryParam("until"));
        }
        Range range = range(params, DEFAULT_PREVIEW_RANGE, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid request", errors));
        }
        Map<String, ElasticsearchRulePreview.AlertCounts> counts = preview.alertCounts(range.since(), range.until());
        List<ElasticsearchRulePreview.AlertCounts> items = new ArrayList<>();
        for (Rule r : rules.list()) {
            items.add(counts.getOrDefault(r.id(), new ElasticsearchRulePreview.AlertCounts(r.id(), 0, 0)));
        }
        ctx.json(new Items<>(items));
    }

    private Rule candidate(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("rule", "give the candidate rule as an object"));
            return null;
        }
        ValidationResult<Rule> result = validator.validate(node);
        result.errors().forEach(e -> errors.add(new FieldError("rule." + e.field(), e.message())));
        return result.isValid() ? result.value() : null;
    }

    private Range range(JsonNode body, Duration defaultLength, List<FieldError> errors) {
        Instant until = instant(body, "until", errors);
        Instant since = instant(body, "since", errors);
        if (until == null) {
            until = clock.instant();
        }
        if (since == null) {
            since = until.minus(defaultLength);
        }
        if (!since.isBefore(until)) {
            errors.add(new FieldError("since", "must be before until"));
        } else if (Duration.between(since, until).compareTo(MAX_RANGE) > 0) {
            errors.add(new FieldError("since", "the range may span at most 90 days"));
        }
        return new Range(since, until);
    }

    private static Instant instant(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a time such as 2026-11-28T10:15:30Z"));
            return null;
        }
    }

    private static int integer(JsonNode body, String field, int fallback, int min, int max,
            List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        try {
            return Durations.parse(v == null || v.isNull() ? null : v.asText());
        } catch (Durations.InvalidDurationException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    private String step(JsonNode body, String field, List<FieldError> errors) {
        String v = body.path(field).asText(null);
        if (v == null || lifecycle.step(v).isEmpty()) {
            errors.add(new FieldError(field, "must be a step of lifecycle '" + lifecycle.name() + "'"));
            return null;
        }
        return v;
    }

    /** The scope the same way a rule has it, checked by the one validator (as a STALL rule's scope). */
    private Map<String, List<String>> scope(JsonNode scope, List<FieldError> errors) {
        if (scope == null || scope.isNull()) {
            return Map.of();
        }
        var probe = Json.mapper().createObjectNode();
        probe.put("name", "scope").put("kind", "STALL").put("maxDuration", "PT1H");
        probe.set("scope", scope);
        ValidationResult<Rule> r = validator.validate(probe);
        errors.addAll(r.errors());
        return r.isValid() ? r.value().scope() : Map.of();
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Json.readTree(ctx.bodyAsBytes());
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("$", "body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("$", "body is not JSON");
        }
    }
}
