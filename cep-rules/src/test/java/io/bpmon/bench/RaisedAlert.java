package io.bpmon.bench;

/**
 * An alert one of the compared engines raised ({@link EsperBench}): its bpmon id (docs/rule-engine.md, alert
 * identity), so that both engines' alerts compare as sets.
 *
 * @param status for a stall, the status the order stalled in; null for an SLA breach
 */
record RaisedAlert(String id, String ruleId, String orderId, String kind, String status) {

    @Override
    public String toString() {
        return kind + " " + ruleId + (status == null ? "" : " in " + status) + " of " + orderId;
    }
}
