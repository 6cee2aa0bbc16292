package io.bpmon.core.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of bpmon's Elasticsearch indices. Orders live in monthly indices ({@code <prefix>-orders-2026.11}, by the
 * order's {@link io.bpmon.core.order.OrderState#partitionTime() partition time}) behind one alias, so retention
 * deletes whole indices: the portable way, with no ILM, scripting or delete-by-query.
 */
public record Indices(String prefix) implements java.io.Serializable {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    /** The alias over all order indices; read through this. */
    public String orders() {
        return prefix + "-orders";
    }

    /** The monthly index an order with this partition time is written to. */
    public String ordersFor(Instant partitionTime) {
        return prefix + "-orders-" + MONTH.format(partitionTime);
    }

    /** Alerts, one document per alert id (docs/contract.md). */
    public String alerts() {
        return prefix + "-alerts";
    }

    /** Incidents, one document per incident id, written by the job (docs/incidents.md). */
    public String incidents() {
        return prefix + "-incidents";
    }

    /** Acknowledgements of incidents, doc id = incident id; kept apart as {@link #alertAcks()} are. */
    public String incidentAcks() {
        return prefix + "-incident-acks";
    }

    /**
     * Acknowledgements, doc id = alert id. Kept apart from the alert, which the job owns and rewrites on every change:
     * an acknowledgement must survive the job's later updates of an alert that stays open.
     */
    public String alertAcks() {
        return prefix + "-alert-acks";
    }

    /** The current version of each rule, doc id = rule id (docs/contract.md). */
    public String rules() {
        return prefix + "-rules";
    }

    /** Every version of every rule ever stored, doc id = {@code <ruleId>:<version>}; alerts name these versions. */
    public String ruleVersions() {
        return prefix + "-rule-versions";
    }

    /** The rule version the job applies, per rule (doc id = rule id), with the time it took effect. */
    public String ruleStatus() {
        return prefix + "-rule-status";
    }

    /**
     * Documents the store refused for good (a mapping conflict, say), one per document version, doc id = where it was
     * to go: the durable count behind {@code storeRefused} in the health report and on the dashboard.
     */
    public String refusals() {
        return prefix + "-refusals";
    }

    /** Liveness and progress reports of the job's writers. */
    public String status() {
        return prefix + "-status";
    }

    /** Silences of notifications, doc id = silence id; expired ones stay as history. */
    public String silences() {
        return prefix + "-silences";
    }

    /** The delivery log: one document per notification and channel, doc id = the delivery's id. */
    public String notifications() {
        return prefix + "-notifications";
    }

    /** The alerting service's state (groups, outbox, consumed offsets), one document. */
    public String alertingState() {
        return prefix + "-alerting-state";
    }

    /**
     * Logged-out web UI sessions, doc id = session id, with when each would have expired anyway (then it is purged):
     * a logout holds across web-server restarts and on every web server sharing this Elasticsearch.
     */
    public String revokedSessions() {
        return prefix + "-revoked-sessions";
    }
}
