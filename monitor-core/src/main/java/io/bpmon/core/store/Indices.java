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

    /** Alerts, one document per alert id (CONTRACT section 3). */
    public String alerts() {
        return prefix + "-alerts";
    }

    /** The current version of each rule, doc id = rule id (CONTRACT section 3). */
    public String rules() {
        return prefix + "-rules";
    }

    /** Every version of every rule ever stored, doc id = {@code <ruleId>:<version>}; alerts name these versions. */
    public String ruleVersions() {
        return prefix + "-rule-versions";
    }

    /** Liveness and progress reports of the job's writers. */
    public String status() {
        return prefix + "-status";
    }

    /**
     * The job's acknowledgement of each rule, doc id = rule id: the version it applies and since when
     * ({@link RuleStatus}).
     */
    public String ruleStatus() {
        return prefix + "-rule-status";
    }
}
