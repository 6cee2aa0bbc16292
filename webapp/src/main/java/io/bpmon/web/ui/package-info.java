/**
 * The web UI (docs/web-ui.md): server-rendered Thymeleaf pages with htmx and server-sent events, no JavaScript build.
 *
 * <p>Entry points: {@link io.bpmon.web.ui.UiRoutes} (the route table, installed by {@code io.bpmon.web.WebApp};
 * every path in {@link io.bpmon.web.ui.UiPaths}), {@link io.bpmon.web.ui.UiSecurity} and
 * {@link io.bpmon.web.ui.Sessions} (login, signed session cookies, CSRF; docs/web-security.md),
 * {@link io.bpmon.web.ui.Templates} (rendering, escaped by default), {@link io.bpmon.web.ui.LiveUpdates} (one
 * render per tick for every open dashboard). One class per page: {@link io.bpmon.web.ui.DashboardPage},
 * {@link io.bpmon.web.ui.OrdersPage}, {@link io.bpmon.web.ui.AlertsPage}, {@link io.bpmon.web.ui.RulesListPage},
 * {@link io.bpmon.web.ui.RuleEditPage} (with {@link io.bpmon.web.ui.RuleForm}, the form's one mapping to a rule),
 * {@link io.bpmon.web.ui.RuleVersionsPage}, {@link io.bpmon.web.ui.NotificationsPage} and
 * {@link io.bpmon.web.ui.LoginPage}.
 *
 * <p>Pages hold no logic the API also needs: they call the same services as the API's controllers
 * ({@code io.bpmon.core.rules.service.RuleService} and {@code RuleEditor} for rules, the alerting service for notifications),
 * so a page and its API cannot answer the same question differently; a refused rule change gets the API's status
 * ({@code io.bpmon.web.common.RuleChangeRefusal}).
 */
package io.bpmon.web.ui;
