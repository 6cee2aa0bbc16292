package io.bpmon.web;

import io.bpmon.alerting.Alerting;
import io.bpmon.core.config.ApiUser;
import io.bpmon.core.config.WebConfig;
import io.bpmon.core.event.EventParser;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.AlertPublisher;
import io.bpmon.core.kafka.EventPublisher;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.core.rules.service.RuleService;
import io.bpmon.core.store.AlertStore;
import io.bpmon.core.store.IncidentStore;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.JobReports;
import io.bpmon.core.store.OrderReader;
import io.bpmon.core.store.RulePreviewReader;
import io.bpmon.core.store.RuleStatusReader;
import io.bpmon.core.store.SessionRevocations;
import io.bpmon.web.common.AuthThrottle;
import io.bpmon.web.ui.AlertsPage;
import io.bpmon.web.ui.IncidentsPage;
import io.bpmon.web.ui.NotificationsPage;
import io.bpmon.web.ui.PipelineHealth;
import io.bpmon.web.ui.RulesBackend;
import io.bpmon.web.ui.Sessions;
import io.bpmon.web.ui.UiRoutes;
import io.bpmon.web.ui.UiSecurity;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web server: one route table, controllers with their dependencies injected. Returned unstarted. */
public final class WebApp {

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    /** Room for a batch of 1000 events of typical size; larger bodies get 413. */
    static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    private WebApp() {}

    /** What the web server talks to. */
    public record Dependencies(
            Lifecycle lifecycle,
            EventParser eventParser,
            EventPublisher publisher,
            OrderReader orders,
            RuleService rules,
            AlertStore alerts,
            IncidentStore incidents,
            AlertPublisher alertPublisher,
            Map<String, HealthProbe> probes,
            DashboardReader dashboard,
            JobReports jobReports,
            Alerting alerting,
            RulePreviewReader preview,
            RuleStatusReader ruleStatus,
            SessionRevocations revocations) {}

    /** A health probe as the UI's pipeline strip shows it. */
    private static Supplier<PipelineHealth.Part> part(HealthProbe probe) {
        return () -> {
            if (probe == null) {
                return new PipelineHealth.Part(false, "not configured");
            }
            HealthProbe.Result r = probe.check();
            Object reason = r.details().get("reason");
            return new PipelineHealth.Part(r.up(), reason != null ? reason.toString() : r.up() ? "up" : "down");
        };
    }

    public static Javalin create(WebConfig config, Dependencies deps) {
        EventsController events = new EventsController(deps.eventParser(), deps.publisher());
        OrdersController orders = new OrdersController(deps.orders(), deps.alerts(), deps.lifecycle());
        AlertsController alerts = new AlertsController(deps.alerts(), deps.alertPublisher(), java.time.Clock.systemUTC());
        IncidentsController incidents = new IncidentsController(deps.incidents(), deps.alertPublisher(),
                java.time.Clock.systemUTC());
        RulesController rules = new RulesController(deps.rules());
        HealthController health = new HealthController(deps.probes(), events::counts);
        SilencesController silences = new SilencesController(deps.alerting().silences(), java.time.Clock.systemUTC());
        ChannelsController channels = new ChannelsController(deps.alerting().channels(),
                deps.alerting().deliveryLog(), deps.alerting().renderer());
        ApiAuth auth = new ApiAuth(config, new AuthThrottle(Clock.systemUTC()));
        DurationsController durations = new DurationsController();
        // one editor service for the API and the rules pages, so both answer the same questions the same way
        RuleEditor ruleEditor = new RuleEditor(deps.rules(), deps.preview(), deps.ruleStatus(), deps.lifecycle(),
                Clock.systemUTC());
        RuleEditorController editor = new RuleEditorController(new RuleValidator(deps.lifecycle()), ruleEditor);
        return Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host().orElse(null); // null: every interface
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(JettyApiErrors.server()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(JettyApiErrors.context()));
            cfg.events.serverStopped(deps.publisher()::close);
            cfg.events.serverStopped(deps.alertPublisher()::close);
            cfg.routes.before(Routes.API + "/*", auth);
            cfg.routes.get(Routes.HEALTH, health::get);
            UiRoutes.install(cfg, new UiRoutes.Sources(
                    Sessions.signingKey(config.apiToken(), config.users().stream().map(ApiUser::token).toList()),
                    new UiSecurity.Login(auth.on(),
                            t -> auth.authenticate(t).map(p -> new UiSecurity.User(p.name(), p.role(), t.trim())),
                            n -> auth.byName(n).map(c -> new UiSecurity.User(c.principal().name(),
                                    c.principal().role(), c.token()))),
                    deps.revocations(), auth.throttle(), deps.dashboard(), deps.jobReports(),
                    deps.lifecycle(), deps.orders(), deps.alerts(), deps.rules()::list, (id, by) -> {
                        try {
                            alerts.acknowledge(id, by);
                            return null;
                        } catch (ApiException e) {
                            return new AlertsPage.Refusal(e.status(), e.body().error());
                        }
                    }, deps.incidents(), (id, by) -> {
                        try {
                            incidents.acknowledge(id, by);
                            return null;
                        } catch (ApiException e) {
                            return new AlertsPage.Refusal(e.status(), e.body().error());
                        }
                    }, part(deps.probes().get("kafka")), part(deps.probes().get("elasticsearch")),
                    part(deps.probes().get("job")),
                    new NotificationsPage.Backend(deps.alerting().channels(), deps.alerting().deliveryLog(),
                            deps.alerting().silences(), deps.alerting().renderer()),
                    new RulesBackend(deps.rules(), ruleEditor),
                    Clock.systemUTC()));
            cfg.routes.post(Routes.EVENTS, events::post);
            cfg.routes.get(Routes.ORDERS, orders::list);
            cfg.routes.get(Routes.ORDER, orders::get);
            // before RULE: "preview" and "thresholds" would otherwise be taken for rule ids
            cfg.routes.post(Routes.RULES_PREVIEW, editor::preview);
            cfg.routes.post(Routes.RULES_THRESHOLDS, editor::thresholds);
            cfg.routes.get(Routes.ATTRIBUTES, editor::attributes);
            cfg.routes.get(Routes.RULE_STATUS, editor::status);
            cfg.routes.get(Routes.RULE_STATUSES, editor::allStatuses);
            cfg.routes.get(Routes.RULE_STATS, editor::stats);
            cfg.routes.get(Routes.RULES, rules::list);
            cfg.routes.post(Routes.RULES, rules::create);
            cfg.routes.get(Routes.RULE, rules::get);
            cfg.routes.put(Routes.RULE, rules::update);
            cfg.routes.delete(Routes.RULE, rules::delete);
            cfg.routes.get(Routes.RULE_VERSIONS, rules::versions);
            cfg.routes.get(Routes.RULE_VERSION, rules::version);
            cfg.routes.get(Routes.RULE_DIFF, rules::diff);
            cfg.routes.post(Routes.RULE_RESTORE, rules::restore);
            cfg.routes.get(Routes.DURATION_PARSE, durations::parse);
            cfg.routes.get(Routes.ALERTS, alerts::list);
            cfg.routes.post(Routes.ALERT_ACK, alerts::acknowledge);
            cfg.routes.get(Routes.INCIDENTS, incidents::list);
            cfg.routes.get(Routes.INCIDENT, incidents::get);
            cfg.routes.post(Routes.INCIDENT_ACK, incidents::acknowledge);
            cfg.routes.get(Routes.SILENCES, silences::list);
            cfg.routes.post(Routes.SILENCES, silences::create);
            cfg.routes.delete(Routes.SILENCE, silences::expire);
            cfg.routes.get(Routes.CHANNELS, channels::list);
            cfg.routes.post(Routes.CHANNEL_TEST, channels::test);
            cfg.routes.get(Routes.NOTIFICATIONS, channels::notifications);
            cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
            // Javalin's own refusals (404, 405, 413 ...): JSON on the API like every other error, text elsewhere
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                ctx.status(e.getStatus());
                if (ctx.path().equals(Routes.API) || ctx.path().startsWith(Routes.API + "/")) {
                    ctx.header("Cache-Control", "no-store").json(ApiError.of(e.getMessage()));
                } else {
                    ctx.contentType("text/plain; charset=utf-8").result(e.getMessage());
                }
            });
            cfg.routes.exception(RuleChangeException.class, RulesController::refused);
            cfg.routes.exception(Elasticsearch.UnavailableException.class, (e, ctx) -> {
                LOG.warn("Elasticsearch unavailable: {}", e.getMessage());
                if (ctx.path().startsWith(Routes.API)) {
                    ctx.status(503).json(ApiError.of("Elasticsearch unavailable; retry later"));
                } else { // a UI page or fragment
                    ctx.status(503).contentType("text/plain; charset=utf-8")
                            .result("Elasticsearch is unavailable; this page will work again once it is back.");
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(ApiError.of("internal error"));
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.path().startsWith(Routes.API) && ctx.result() == null) {
                    ctx.json(ApiError.of("no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
    }
}
