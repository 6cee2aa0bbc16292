package io.bpmon.alerting;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Alerts for tests: a payment SLA breach of one order, and its later revisions. */
final class TestAlerts {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final String RULE = "payment-30m";
    static final String RULE_NAME = "Payment within 30 min";

    private TestAlerts() {}

    static Instant at(Duration d) {
        return T0.plus(d);
    }

    static Duration sec(long n) {
        return Duration.ofSeconds(n);
    }

    static Duration min(long n) {
        return Duration.ofMinutes(n);
    }

    static Alert breach(String orderId, Instant detectedAt, String... attributes) {
        return breach(RULE, orderId, detectedAt, attributes);
    }

    static Alert breach(String ruleId, String orderId, Instant detectedAt, String... attributes) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            attrs.put(attributes[i], attributes[i + 1]);
        }
        return new Alert("a-" + ruleId + "-" + orderId, ruleId, 1, RULE_NAME, AlertKind.SLA_BREACH, Severity.CRITICAL,
                orderId, attrs, AlertStatus.OPEN, "PLACED", "PAID", detectedAt.minus(Duration.ofMinutes(31)),
                detectedAt.minusSeconds(60), detectedAt, null, null, false, null, null, 1);
    }

    static Alert late(Alert a) {
        return new Alert(a.id(), a.ruleId(), a.ruleVersion(), a.ruleName(), a.kind(), a.severity(), a.orderId(),
                a.attributes(), a.status(), a.fromStep(), a.toStep(), a.startedAt(), a.deadline(), a.detectedAt(),
                a.resolvedAt(), a.resolution(), true, a.observed(), a.window(), a.revision());
    }

    static Alert resolved(Alert a, Instant at) {
        return a.resolved(at, io.bpmon.core.alerts.Resolution.COMPLETED_LATE);
    }
}
