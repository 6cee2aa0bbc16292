package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.core.store.RulePreviewReader;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule editor's questions over HTTP (docs/api.md, rule editor): reads the request into the types of
 * {@link RuleEditor}, which answers them as it does for the rules pages, and writes the answer as JSON.
 */
final class RuleEditorController {

    static final int DEFAULT_TOP_VALUES = 10;

    private final RuleValidator validator;
    private final RuleEditor editor;

    RuleEditorController(RuleValidator validator, RuleEditor editor) {
        this.validator = validator;
        this.editor = editor;
    }

    /** The preview as the API answers it: {@link RuleEditor.Preview} and how long it took. */
    record Preview(Rule rule, Instant since, Instant until, long flagged, List<RulePreviewReader.FlaggedOrder> sample,
            RuleEditor.Current current, RulePreviewReader.VelocityResult velocity, long tookMillis) {

        static Preview of(RuleEditor.Preview p, long tookMillis) {
            return new Preview(p.rule(), p.since(), p.until(), p.flagged(), p.sample(), p.current(), p.velocity(),
                    tookMillis);
        }
    }

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
        RuleEditor.Range range = range(body, RuleEditor.DEFAULT_PREVIEW_RANGE, errors);
        int sample = integer(body, "sample", RuleEditor.DEFAULT_SAMPLE, 0, RuleEditor.MAX_SAMPLE, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid preview request", errors));
        }
        RuleEditor.Preview preview = editor.preview(rule, range, sample);
        ctx.json(Preview.of(preview, (System.nanoTime() - started) / 1_000_000));
    }

    /**
     * {@code POST /api/rules/thresholds}: for a STEP_SLA ({@code from}, {@code to}, {@code scope}) the observed
     * step durations' p50/p90/p95/p99 over [since, until) (default: the last 7 days); for a VELOCITY rule
     * ({@code eventType}, {@code window}, {@code scope}) the percentiles of the counts per window, or of the values of
     * its {@code aggregate} (docs/velocity-rules.md).
     */
    void thresholds(Context ctx) {
        JsonNode body = body(ctx);
        List<FieldError> errors = new ArrayList<>();
        RuleEditor.Range range = range(body, RuleEditor.DEFAULT_THRESHOLD_RANGE, errors);
        Map<String, List<String>> scope = RuleValidator.scope(body.get("scope"), errors);
        RuleEditor.ThresholdQuery query = new RuleEditor.ThresholdQuery(kind(body.path("kind").asText("STEP_SLA")),
                text(body, "from"), text(body, "to"), text(body, "eventType"), text(body, "window"), scope,
                RuleValidator.aggregate(body.get("aggregate"), errors));
        errors.addAll(editor.check(query));
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid thresholds request", errors));
        }
        ctx.json(editor.thresholds(query, range));
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
            if (n < 1 || n > RuleEditor.MAX_TOP_VALUES) {
                throw ApiException.badRequest("top", "must be a whole number from 1 to " + RuleEditor.MAX_TOP_VALUES);
            }
        }
        ctx.json(new Items<>(editor.attributes(n)));
    }

    /** {@code GET /api/rules/{ruleId}/status}: 404 until the job acknowledged a version of the rule. */
    void status(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        ctx.json(editor.acknowledgement(ruleId).orElseThrow(() -> ApiException.notFound("status of rule " + ruleId)));
    }

    /** {@code GET /api/rule-status}: every acknowledgement. */
    void allStatuses(Context ctx) {
        ctx.json(new Items<>(editor.acknowledgements()));
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
        RuleEditor.Range range = range(params, RuleEditor.DEFAULT_PREVIEW_RANGE, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, new ApiError("invalid request", errors));
        }
        ctx.json(new Items<>(editor.alertCounts(range)));
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

    /** The body's {@code since} and {@code until}, checked by the editor; null (with errors) if they do not pass. */
    private RuleEditor.Range range(JsonNode body, Duration defaultLength, List<FieldError> errors) {
        int before = errors.size();
        Instant until = instant(body, "until", errors);
        Instant since = instant(body, "since", errors);
        if (errors.size() > before) {
            return null;
        }
        ValidationResult<RuleEditor.Range> range = editor.range(since, until, defaultLength);
        errors.addAll(range.errors());
        return range.value();
    }

    private static RuleKind kind(String text) {
        try {
            return RuleKind.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null; // the editor names the field
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
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
