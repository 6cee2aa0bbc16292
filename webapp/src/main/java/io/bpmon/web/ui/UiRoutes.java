package io.bpmon.web.ui;

import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.IncidentStore;
import io.bpmon.core.store.JobReports;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.SessionRevocations;
import io.bpmon.web.common.AuthThrottle;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The web UI's route table: pages, fragments, the live event stream, static assets and the login. */
public final class UiRoutes {

    /** How often the live pages are refreshed. */
    public static final Duration LIVE_INTERVAL = Duration.ofSeconds(2);

    /** What the UI reads and calls. */
    public record Sources(
            byte[] sessionKey,
            UiSecurity.Login login,
            SessionRevocations revocations,
            AuthThrottle throttle,
            DashboardReader dashboard,
            JobReports jobReports,
            Lifecycle lifecycle,
            OrderReader orders,
            AlertStore alerts,
            Supplier<List<Rule>> rules,
            AlertsPage.Acknowledger acknowledger,
            IncidentStore incidents,
            IncidentsPage.Acknowledger incidentAcknowledger,
            Supplier<PipelineHealth.Part> kafka,
            Supplier<PipelineHealth.Part> elasticsearch,
            Supplier<PipelineHealth.Part> job,
            NotificationsPage.Backend notifications,
            RulesBackend rulesBackend,
            Clock clock) {}

    private UiRoutes() {}

    /** Registers the UI on the configuration; the returned live-update hub must be started and closed with it. */
    public static LiveUpdates install(JavalinConfig cfg, Sources s) {
        Templates templates = new Templates();
        Sessions sessions = new Sessions(s.sessionKey(), s.login(), s.revocations(), s.clock());
        UiSecurity security = new UiSecurity(sessions, s.login());
        boolean login = security.loginRequired();
        PipelineSampler sampler = new PipelineSampler(s.jobReports(), s.kafka(), s.elasticsearch(), s.job(),
                s.clock());
        DashboardQueries queries = new DashboardQueries(s.dashboard(), s.lifecycle(), s.rules(), sampler,
                s.incidents()::search, s.clock());
        DashboardPage dashboard = new DashboardPage(templates, queries, login);
        OrdersPage orders = new OrdersPage(templates, new OrderSearch(s.orders(), s.lifecycle(), s.clock()),
                s.orders(), s.alerts(), s.lifecycle(), s.rules(), s.clock(), login);
        AlertsPage alerts = new AlertsPage(templates, s.alerts(), s.rules(), s.acknowledger(), login);
        IncidentsPage incidents = new IncidentsPage(templates, s.incidents(), s.incidentAcknowledger(),
                s.notifications().log()::forIncident, s.clock(), login);
        RulesListPage rules = new RulesListPage(templates, s.rulesBackend(), login);
        RuleEditPage ruleEditor = new RuleEditPage(templates, s.rulesBackend(), s.lifecycle(), login);
        RuleVersionsPage ruleVersions = new RuleVersionsPage(templates, s.rulesBackend(), login);
        NotificationsPage notifications = new NotificationsPage(templates, s.notifications(), s.rules(), s.clock(),
                login);
        LoginPage loginPage = new LoginPage(templates, sessions, security, s.throttle());
        LiveUpdates live = new LiveUpdates(dashboard::bodyHtml, sampler, s.dashboard(), LIVE_INTERVAL);

        cfg.staticFiles.enableWebjars();
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/static";
            sf.directory = "/bpmon/ui/static";
            sf.location = Location.CLASSPATH;
            sf.headers = Map.of("Cache-Control", "max-age=300");
        });
        cfg.routes.before(security);
        cfg.routes.get(UiPaths.DASHBOARD, dashboard::page);
        cfg.routes.get(UiPaths.DASHBOARD_FRAGMENT, dashboard::fragment);
        cfg.routes.get(UiPaths.ORDERS, orders::list);
        cfg.routes.get(UiPaths.ORDER, orders::detail);
        cfg.routes.get(UiPaths.ALERTS, alerts::page);
        cfg.routes.get(UiPaths.ALERTS_FRAGMENT, alerts::fragment);
        cfg.routes.post(UiPaths.ALERT_ACK, alerts::acknowledge);
        cfg.routes.get(UiPaths.INCIDENTS, incidents::list);
        cfg.routes.get(UiPaths.INCIDENT, incidents::detail);
        cfg.routes.post(UiPaths.INCIDENT_ACK, incidents::acknowledge);
        rulePages(cfg, rules, ruleEditor, ruleVersions);
        cfg.routes.get(UiPaths.NOTIFICATIONS, notifications::page);
        cfg.routes.post(UiPaths.CHANNEL_TEST, notifications::test);
        cfg.routes.post(UiPaths.SILENCES, notifications::silence);
        cfg.routes.post(UiPaths.SILENCE_EXPIRE, notifications::expire);
        cfg.routes.get(UiPaths.LOGIN, loginPage::form);
        cfg.routes.post(UiPaths.LOGIN, loginPage::submit);
        cfg.routes.post(UiPaths.LOGOUT, loginPage::logout);
        cfg.routes.sse(UiPaths.LIVE, live::accept);
        cfg.routes.get(UiPaths.LIVE_STATS, ctx -> ctx.json(Map.of("connections", live.connections(),
                "lastRenderMillis", live.lastRenderMillis())));
        cfg.routes.exception(UiException.class, (e, ctx) -> error(templates, ctx, e.status(), e.getMessage(), login));
        cfg.events.serverStarted(live::start);
        cfg.events.serverStopping(live::close);
        return live;
    }

    /** The rules pages (docs/web-ui.md): the list, the editor, the versions. */
    static void rulePages(JavalinConfig cfg, RulesListPage list, RuleEditPage editor, RuleVersionsPage versions) {
        cfg.routes.get(UiPaths.RULES, list::page);
        cfg.routes.post(UiPaths.RULE_ENABLED, list::enable);
        cfg.routes.get(UiPaths.RULE_DELETE, list::confirmDelete);
        cfg.routes.post(UiPaths.RULE_DELETE, list::delete);
        cfg.routes.get(UiPaths.RULE_NEW, editor::newForm);
        cfg.routes.get(UiPaths.RULE_EDIT, editor::editForm);
        cfg.routes.post(UiPaths.RULE_SAVE, editor::submit);
        cfg.routes.get(UiPaths.RULE_FIELDS, editor::fields);
        cfg.routes.get(UiPaths.RULE_CHART, editor::chart);
        cfg.routes.get(UiPaths.RULE_STATUS, editor::status);
        cfg.routes.get(UiPaths.RULE_VERSIONS, versions::page);
        cfg.routes.post(UiPaths.RULE_RESTORE, versions::restore);
    }

    private static void error(Templates templates, Context ctx, int status, String message, boolean login) {
        ctx.status(status);
        if (ctx.header("HX-Request") != null) {
            ctx.contentType("text/plain; charset=utf-8").result(message);
            return;
        }
        Map<String, Object> m = PageModel.of(ctx, "Error " + status, "", login);
        m.put("status", status);
        m.put("message", message);
        PageModel.html(ctx, templates.page("error", m));
    }
}
