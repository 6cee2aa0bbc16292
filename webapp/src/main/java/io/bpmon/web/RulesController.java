package io.bpmon.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleDiff;
import io.bpmon.core.rules.RuleVersion;
import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.core.rules.service.RuleService;
import io.bpmon.web.common.Principal;
import io.bpmon.web.common.RuleChangeRefusal;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;

/** {@code /api/rules} (docs/contract.md): the rules the job evaluates, their changes and their history. */
final class RulesController {

    /**
     * Names the person behind a change, for the history. Not authentication: anyone holding the API token may
     * claim any name; without the header (or with an unusable one) the change is recorded as {@value #API_AUTHOR}.
     * Ignored for the users of {@code BPMON_USERS}: their own name is recorded.
     */
    static final String USER_HEADER = "X-Bpmon-User";
    static final String API_AUTHOR = "api";
    static final int MAX_AUTHOR_LENGTH = 100;

    private final RuleService rules;

    RulesController(RuleService rules) {
        this.rules = rules;
    }

    record Items<T>(List<T> items) {}

    void list(Context ctx) {
        ctx.json(new Items<>(rules.list()));
    }

    void get(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        ctx.json(rules.get(ruleId).orElseThrow(() -> ApiException.notFound("rule " + ruleId)));
    }

    void versions(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        List<RuleVersion> versions = rules.history(ruleId);
        if (versions.isEmpty()) {
            throw ApiException.notFound("rule " + ruleId);
        }
        ctx.json(new Items<>(versions));
    }

    void version(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        long v = versionNumber(ctx.pathParam("version"), "version");
        ctx.json(rules.version(ruleId, v)
                .orElseThrow(() -> ApiException.notFound("rule " + ruleId + " version " + v)));
    }

    record Diff(String ruleId, long from, long to, List<RuleDiff.Change> changes) {}

    /** {@code ?from=&to=} version numbers; {@code to} defaults to the newest, {@code from} to the one before it. */
    void diff(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        List<RuleVersion> history = rules.history(ruleId);
        if (history.isEmpty()) {
            throw ApiException.notFound("rule " + ruleId);
        }
        String toParam = ctx.queryParam("to");
        long to = toParam == null ? history.get(0).version() : versionNumber(toParam, "to");
        String fromParam = ctx.queryParam("from");
        long from = fromParam == null ? to - 1 : versionNumber(fromParam, "from");
        if (from < 1) {
            throw ApiException.badRequest("from", "version " + to + " has no earlier version; give from");
        }
        ctx.json(new Diff(ruleId, from, to, rules.diff(ruleId, from, to)));
    }

    void restore(Context ctx) {
        ctx.json(rules.restore(ctx.pathParam("ruleId"), versionNumber(ctx.pathParam("version"), "version"),
                author(ctx)));
    }

    private static long versionNumber(String text, String field) {
        try {
            long v = Long.parseLong(text.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(field, "must be a version number (1, 2, ...), was '" + text + "'");
    }

    void create(Context ctx) {
        Rule rule = rules.create(body(ctx), author(ctx));
        ctx.status(201).header("Location", Routes.RULES + "/" + rule.id()).json(rule);
    }

    void update(Context ctx) {
        ctx.json(rules.update(ctx.pathParam("ruleId"), body(ctx), author(ctx)));
    }

    void delete(Context ctx) {
        rules.delete(ctx.pathParam("ruleId"), author(ctx));
        ctx.status(204);
    }

    /** The answer to a refused change, as the rules pages answer it too. */
    static void refused(RuleChangeException e, Context ctx) {
        RuleChangeRefusal refusal = RuleChangeRefusal.of(e);
        ctx.status(refusal.status()).json(new ApiError(refusal.error(), refusal.details()));
    }

    /**
     * Who acts (the author of rule changes, acknowledgements and silences): a configured user is recorded by name;
     * the API token's holder may name someone in the {@value #USER_HEADER} header.
     */
    static String author(Context ctx) {
        Principal principal = ApiAuth.principal(ctx);
        return principal.named() ? principal.name() : author(ctx.header(USER_HEADER));
    }

    /** Who made the change: the {@value #USER_HEADER} header if it holds 1 to 100 printable characters. */
    static String author(String header) {
        if (header == null) {
            return API_AUTHOR;
        }
        String name = header.strip();
        boolean printable = name.codePoints().allMatch(c -> !Character.isISOControl(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.UNASSIGNED);
        return !name.isEmpty() && name.length() <= MAX_AUTHOR_LENGTH && printable ? name : API_AUTHOR;
    }

    private static JsonNode body(Context ctx) {
        try {
            return Json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("$", "body is not JSON");
        }
    }
}
