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
    static final String ALERTS = "/api/alerts";
    static final String ALERT_ACK = "/api/alerts/{id}/ack";
    static final String SILENCES = "/api/silences";
    static final String SILENCE = "/api/silences/{id}";
    static final String CHANNELS = "/api/channels";
    static final String CHANNEL_TEST = "/api/channels/{name}/test";
    static final String NOTIFICATIONS = "/api/notifications";

    private Routes() {}
}
