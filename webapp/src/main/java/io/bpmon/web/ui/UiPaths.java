package io.bpmon.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Every path of the web UI (docs/contract.md names the pages), in one place. */
public final class UiPaths {

    public static final String DASHBOARD = "/";
    public static final String ORDERS = "/orders";
    public static final String ORDER = "/orders/{orderId}";
    public static final String ALERTS = "/alerts";
    public static final String ALERT_ACK = "/alerts/{id}/ack";
    public static final String INCIDENTS = "/incidents";
    public static final String INCIDENT = "/incidents/{id}";
    public static final String INCIDENT_ACK = "/incidents/{id}/ack";
    public static final String RULES = "/rules";
    public static final String RULE_NEW = "/rules/new";
    public static final String RULE_SAVE = "/rules/save";
    public static final String RULE_FIELDS = "/rules/fields";
    public static final String RULE_CHART = "/rules/chart";
    public static final String RULE_STATUS = "/rules/{ruleId}/status";
    public static final String RULE_EDIT = "/rules/{ruleId}/edit";
    public static final String RULE_ENABLED = "/rules/{ruleId}/enabled";
    public static final String RULE_DELETE = "/rules/{ruleId}/delete";
    public static final String RULE_VERSIONS = "/rules/{ruleId}/versions";
    public static final String RULE_RESTORE = "/rules/{ruleId}/restore";
    public static final String NOTIFICATIONS = "/notifications";
    public static final String CHANNEL_TEST = "/notifications/channels/{name}/test";
    public static final String SILENCES = "/notifications/silences";
    public static final String SILENCE_EXPIRE = "/notifications/silences/{id}/expire";
    public static final String LOGIN = "/login";
    public static final String LOGOUT = "/logout";
    /** Fragments and the event stream live under here. */
    public static final String UI = "/ui/";
    public static final String DASHBOARD_FRAGMENT = "/ui/dashboard";
    public static final String ALERTS_FRAGMENT = "/ui/alerts";
    public static final String LIVE = "/ui/live";
    public static final String LIVE_STATS = "/ui/live/stats";
    /** This module's own CSS and script. */
    public static final String STATIC = "/static/";

    private UiPaths() {}

    /** Appends {@code k=v} (the value URL-encoded) to a query string being built; nothing for an empty value. */
    static void addParam(StringBuilder query, String k, String v) {
        if (v != null && !v.isEmpty()) {
            query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
    }
}
