package io.bpmon.web;

/** Every path the web server answers, in one place. */
final class Routes {

    static final String API = "/api";
    static final String HEALTH = "/api/health";
    static final String EVENTS = "/api/events";
    static final String ORDERS = "/api/orders";
    static final String ORDER = "/api/orders/{orderId}";
    static final String RULES = "/api/rules";
    static final String RULE = "/api/rules/{ruleId}";
    static final String RULE_VERSIONS = "/api/rules/{ruleId}/versions";
    static final String RULE_VERSION = "/api/rules/{ruleId}/versions/{version}";
    static final String RULE_DIFF = "/api/rules/{ruleId}/diff";
    static final String RULE_RESTORE = "/api/rules/{ruleId}/restore/{version}";
    static final String RULE_STATUS = "/api/rules/{ruleId}/status";
    static final String RULES_PREVIEW = "/api/rules/preview";
    static final String RULES_THRESHOLDS = "/api/rules/thresholds";
    static final String RULE_STATUSES = "/api/rule-status";
    static final String RULE_STATS = "/api/rule-stats";
    static final String ATTRIBUTES = "/api/attributes";
    static final String DURATION_PARSE = "/api/durations/parse";
    static final String ALERTS = "/api/alerts";
    static final String ALERT_ACK = "/api/alerts/{id}/ack";
    static final String INCIDENTS = "/api/incidents";
    static final String INCIDENT = "/api/incidents/{id}";
    static final String INCIDENT_ACK = "/api/incidents/{id}/ack";
    static final String SILENCES = "/api/silences";
    static final String SILENCE = "/api/silences/{id}";
    static final String CHANNELS = "/api/channels";
    static final String CHANNEL_TEST = "/api/channels/{name}/test";
    static final String NOTIFICATIONS = "/api/notifications";

    private Routes() {}
}
