package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.fixtures.TestAlerts.RULE;
import static io.bpmon.alerting.fixtures.TestAlerts.RULE_NAME;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.storage.AlertingState.PendingDelivery;
import io.bpmon.core.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Messages and silences for the delivery tests: one group of the payment rule in DE. */
final class TestDeliveries {

    static final String GROUP = RULE + "|country=DE|>slack@0";

    private TestDeliveries() {}

    static Notification message(Notification.Kind kind, long sequence, Instant at) {
        return new Notification(GROUP + "#" + sequence, GROUP, sequence, kind, RULE, RULE_NAME, Severity.CRITICAL,
                Map.of("country", "DE"), kind == Notification.Kind.RESOLVED ? 0 : 3, 1, 0, 0,
                kind == Notification.Kind.RESOLVED ? 3 : 0, true, kind == Notification.Kind.RESOLVED ? null : at,
                at, List.of(new Notification.Sample("a-1", "o-1", Map.of("country", "DE", "carrier", "dhl"), at)),
                List.of("slack"));
    }

    static PendingDelivery pending(Notification.Kind kind, Instant at) {
        return PendingDelivery.of(message(kind, 1, at), "slack", at);
    }

    static Silence silence(String ruleId, Map<String, String> attributes, Instant from, Duration length) {
        return new Silence("s-1", ruleId, attributes, from, from.plus(length), "known outage", "ops", from);
    }
}
