package io.bpmon.web.ui;

import io.bpmon.core.config.ApiUser;
import io.bpmon.core.fixtures.CannedRulePreview;
import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.core.rules.service.RuleService;
import io.bpmon.core.store.RuleStatus;
import io.bpmon.core.store.RuleStatusReader;
import io.bpmon.web.MemoryRuleStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules pages on a local port over fakes: rules kept in memory, canned answers for previews and thresholds, and
 * acknowledgements a test sets. Every request comes from a logged-in user of {@link #role} (the session and CSRF
 * checks are {@link UiSecurity}'s, tested on their own).
 */
final class RulePagesServer implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Lifecycle LIFECYCLE = Lifecycle.defaultLifecycle();

    final MutableClock clock = new MutableClock(NOW);
    final MemoryRuleStore store = new MemoryRuleStore();
    final RuleService rules = new RuleService(new RuleValidator(LIFECYCLE), store, MemoryRuleStore.noJob(), clock,
            w -> {});
    final CannedRulePreview reader = new CannedRulePreview();
    final Map<String, RuleStatus> acknowledged = new LinkedHashMap<>();
    final RuleEditor editor = new RuleEditor(rules, reader, new RuleStatusReader() {
        @Override
        public Optional<RuleStatus> find(String ruleId) {
            return Optional.ofNullable(acknowledged.get(ruleId));
        }

        @Override
        public Map<String, RuleStatus> all() {
            return acknowledged;
        }
    }, LIFECYCLE, clock);
    volatile ApiUser.Role role = ApiUser.Role.EDITOR;

    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    RulePagesServer() {
        Templates templates = new Templates();
        RulesBackend backend = new RulesBackend(rules, editor);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(ctx -> ctx.attribute(UiSecurity.SESSION_ATTRIBUTE,
                    new Sessions.Session("cookie", "session", "csrf", "erika", role, NOW)));
            UiRoutes.rulePages(cfg, new RulesListPage(templates, backend, true),
                    new RuleEditPage(templates, backend, LIFECYCLE, true),
                    new RuleVersionsPage(templates, backend, true));
            cfg.routes.exception(UiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start(0);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A form POST of name/value pairs. */
    HttpResponse<String> post(String path, String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
