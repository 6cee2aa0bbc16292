package io.bpmon.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares what the driver sent, and what the models make of it, with what the monitor holds: orders in
 * Elasticsearch, alerts in Elasticsearch, messages at the webhook, dead letters in Kafka. Pure: every input is a
 * plain value, so each verdict is a unit test ({@code ReconcilerTest}).
 *
 * <p>Copies of an event are counted three times: {@code accepted} (answered 202 to the driver), {@code topic}
 * (records in {@code bpmon.order-events}, read back at the end) and {@code stored} (1 + the event's
 * {@code duplicates} in its order's document). A request that failed without a clear "not taken" (a 5xx, a timeout,
 * a reset connection) may still have put its events on the topic, so {@code topic} may exceed {@code accepted} by
 * up to the number of such {@code ambiguous} attempts; those copies are real arrivals for the monitor. Then:
 * lost = (accepted - topic)+ + (topic - stored)+, duplicated = (topic - accepted - ambiguous)+ + (stored - topic)+.
 */
final class Reconciler {

    /** How many examples of each problem a result keeps for the report. */
    static final int EXAMPLES = 10;

    private Reconciler() {}

    // ------------------------------------------------------------------------------------------ orders

    /** The driver's account of one distinct event: the phase it was generated in and its copies. */
    record EventSends(SentEvent event, String phase, int accepted, int ambiguous) {}

    /**
     * An order document as Elasticsearch holds it; {@code arrivals}: per eventId, 1 + its duplicates;
     * {@code lateOnTime}: events the job flagged late although the broker had them well within the allowed lateness.
     */
    record StoredOrder(String orderId, String status, long revision, int eventCount, Map<String, Integer> arrivals,
            List<String> lateOnTime) {
        StoredOrder {
            lateOnTime = lateOnTime == null ? List.of() : List.copyOf(lateOnTime);
        }

        StoredOrder(String orderId, String status, long revision, int eventCount, Map<String, Integer> arrivals) {
            this(orderId, status, revision, eventCount, arrivals, List.of());
        }
    }

    /** Per phase: event copies accepted, lost and duplicated; events flagged late though Kafka had them on time. */
    static final class PhaseCount {
        long sent;
        long lost;
        long duplicated;
        long lateOnTime;
    }

    record OrdersResult(Map<String, PhaseCount> byPhase, int ordersExpected, int ordersFound, int ordersWrong,
            int unexpectedOrders, long ambiguousCopies, long lateOnTime, List<String> lateExamples,
            List<String> problems) {
        long lost() {
            return byPhase.values().stream().mapToLong(p -> p.lost).sum();
        }

        long duplicated() {
            return byPhase.values().stream().mapToLong(p -> p.duplicated).sum();
        }
    }

    static OrdersResult orders(List<EventSends> sent, Map<String, Integer> topicCopies,
            Map<String, StoredOrder> stored) {
        Map<String, PhaseCount> byPhase = new LinkedHashMap<>();
        Map<String, List<EventSends>> byOrder = new LinkedHashMap<>();
        for (EventSends s : sent) {
            byOrder.computeIfAbsent(s.event().orderId(), k -> new ArrayList<>()).add(s);
        }
        List<String> problems = new ArrayList<>();
        long ambiguousCopies = 0;
        int found = 0;
        int wrong = 0;
        for (Map.Entry<String, List<EventSends>> order : byOrder.entrySet()) {
            StoredOrder doc = stored.get(order.getKey());
            if (doc != null) {
                found++;
            }
            long expectedRevision = 0;
            List<SentEvent> distinct = new ArrayList<>();
            for (EventSends s : order.getValue()) {
                PhaseCount phase = byPhase.computeIfAbsent(s.phase(), k -> new PhaseCount());
                int topic = topicCopies.getOrDefault(s.event().eventId(), 0);
                int arrived = doc == null ? 0 : doc.arrivals().getOrDefault(s.event().eventId(), 0);
                phase.sent += s.accepted();
                int ingestLost = Math.max(0, s.accepted() - topic);
                int ingestExtra = Math.max(0, topic - s.accepted() - s.ambiguous());
                ambiguousCopies += Math.max(0, Math.min(topic - s.accepted(), s.ambiguous()));
                int storeLost = Math.max(0, topic - arrived);
                int storeExtra = Math.max(0, arrived - topic);
                phase.lost += ingestLost + storeLost;
                phase.duplicated += ingestExtra + storeExtra;
                if (ingestLost + storeLost + ingestExtra + storeExtra > 0) {
                    note(problems, "event " + s.event().eventId() + " (" + s.event().type() + ", order "
                            + order.getKey() + ", " + s.phase() + "): accepted " + s.accepted() + ", ambiguous "
                            + s.ambiguous() + ", in topic " + topic + ", in store " + arrived);
                }
                if (topic > 0) {
                    distinct.add(s.event());
                }
                expectedRevision += topic;
            }
            if (distinct.isEmpty()) {
                continue; // nothing of it reached the topic: counted as lost above, no document to expect
            }
            if (doc == null) {
                wrong++;
                note(problems, "order " + order.getKey() + " missing from the store");
                continue;
            }
            String status = LifecycleModel.status(distinct);
            if (!Objects.equals(status, doc.status()) || doc.eventCount() != distinct.size()
                    || doc.revision() != expectedRevision) {
                wrong++;
                note(problems, "order " + order.getKey() + ": expected status " + status + ", " + distinct.size()
                        + " events, revision " + expectedRevision + "; stored " + doc.status() + ", "
                        + doc.eventCount() + " events, revision " + doc.revision());
            }
        }
        long lateOnTime = 0;
        List<String> lateExamples = new ArrayList<>();
        for (Map.Entry<String, List<EventSends>> order : byOrder.entrySet()) {
            StoredOrder doc = stored.get(order.getKey());
            if (doc == null) {
                continue;
            }
            for (String late : doc.lateOnTime()) {
                lateOnTime++;
                note(lateExamples, late);
                // "<eventId> (occurred ..., in Kafka ...)": counted in the phase the event was sent in
                String eventId = late.split(" ", 2)[0];
                order.getValue().stream().filter(s -> s.event().eventId().equals(eventId)).findFirst()
                        .ifPresent(s -> byPhase.get(s.phase()).lateOnTime++);
            }
        }
        int unexpected = 0;
        for (String orderId : stored.keySet()) {
            if (!byOrder.containsKey(orderId)) {
                unexpected++;
                note(problems, "order " + orderId + " in the store was never sent");
            }
        }
        return new OrdersResult(byPhase, byOrder.size(), found, wrong, unexpected, ambiguousCopies, lateOnTime,
                lateExamples, problems);
    }

    // ------------------------------------------------------------------------------------------ alerts

    /** An alert document as Elasticsearch holds it. */
    record FoundAlert(String id, String ruleId, String kind, String orderId, Instant startedAt, String status,
            boolean detectedLate) {
        String key() {
            return RuleModel.Expected.key(ruleId, "VELOCITY".equals(kind) ? null : orderId, startedAt);
        }
    }

    record AlertsResult(int expected, int found, int missing, int duplicated, int unexpected, int flaggedLate,
            int excused, List<String> problems) {}

    /**
     * @param excuses alerts late arrivals leave open (RuleModel): present or absent, neither is a finding
     */
    static AlertsResult alerts(List<RuleModel.Expected> expected, List<RuleModel.Excuse> excuses,
            List<String> undecided, List<FoundAlert> found) {
        Map<String, List<FoundAlert>> byKey = new HashMap<>();
        for (FoundAlert a : found) {
            byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
        }
        List<String> problems = new ArrayList<>();
        int ok = 0;
        int missing = 0;
        int duplicated = 0;
        int late = 0;
        java.util.Set<String> expectedKeys = new java.util.HashSet<>();
        for (RuleModel.Expected e : expected) {
            expectedKeys.add(e.key());
            List<FoundAlert> matches = byKey.getOrDefault(e.key(), List.of());
            if (matches.isEmpty() && excuses.stream().anyMatch(x -> x.covers(e))) {
                continue;
            }
            if (matches.isEmpty()) {
                missing++;
                note(problems, "missing alert " + e.ruleId() + " " + e.kind() + " on "
                        + (e.orderId() != null ? "order " + e.orderId() : "episode from " + e.startedAt()));
                continue;
            }
            ok++;
            if (matches.size() > 1) {
                duplicated += matches.size() - 1;
                note(problems, "alert " + e.key() + " stored " + matches.size() + " times: "
                        + matches.stream().map(FoundAlert::id).toList());
            }
            if (matches.stream().anyMatch(FoundAlert::detectedLate)) {
                late++;
                note(problems, "alert " + e.key() + " flagged detectedLate (not notified)");
            }
        }
        int unexpected = 0;
        for (Map.Entry<String, List<FoundAlert>> f : byKey.entrySet()) {
            FoundAlert a = f.getValue().get(0);
            if (!expectedKeys.contains(f.getKey()) && excuses.stream().noneMatch(x -> x.covers(a.ruleId(),
                    "VELOCITY".equals(a.kind()) ? null : a.orderId(), a.startedAt()))) {
                unexpected += f.getValue().size();
                note(problems, "unexpected alert " + a.ruleId() + " " + a.kind() + " on "
                        + (a.orderId() != null ? "order " + a.orderId() : "episode from " + a.startedAt()) + " ("
                        + a.status() + ", id " + a.id() + ")");
            }
        }
        for (String u : undecided) {
            note(problems, "undecided: " + u);
        }
        for (RuleModel.Excuse x : excuses) {
            note(problems, "excused (arrived late, the contract allows an alert that resolves): " + x.ruleId() + " "
                    + (x.orderId() != null ? "order " + x.orderId() : "episodes " + x.from() + ".." + x.to()) + ": "
                    + x.why());
        }
        return new AlertsResult(expected.size(), ok, missing, duplicated, unexpected, late, excuses.size(), problems);
    }

    // ------------------------------------------------------------------------------------------ notifications

    /** One request the webhook received, and the status it answered. */
    record Receipt(Instant at, int status, String body) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    record NotificationsResult(long expected, long delivered, long lost, long doubled, int messagesDelivered,
            int refusedAnswers, int refusedNeverDelivered, int identicalRedeliveries, List<String> problems) {}

    /**
     * Expected: every expected alert announced once in its group (rule + country, the default
     * {@code BPMON_ALERT_GROUP_BY}) by a FIRING or UPDATE message, and every velocity episode that ended announced
     * over in a RESOLVED notice. None of the installed rules' per-order alerts ever resolves (breaching orders are
     * never paid, stalled ones never delivered), so a RESOLVED notice of such a group is unexpected, and so is any
     * REPEAT (the repeat interval is hours).
     */
    static NotificationsResult notifications(List<RuleModel.Expected> expected, List<RuleModel.Excuse> excuses,
            List<Receipt> receipts) {
        // per group and count: at least want, at most want + slack (alerts that late arrivals leave open)
        Map<String, Long> want = new TreeMap<>();
        Map<String, Long> slack = new TreeMap<>();
        for (RuleModel.Expected e : expected) {
            boolean velocity = "VELOCITY".equals(e.kind());
            String group = group(e.ruleId(), velocity ? "all" : "country=" + e.country());
            boolean excused = excuses.stream().anyMatch(x -> x.covers(e));
            Map<String, Long> target = excused ? slack : want;
            target.merge(group + " announced", 1L, Long::sum);
            if (velocity && e.resolvedAt() != null) {
                target.merge(group + " resolved", 1L, Long::sum);
            }
        }
        for (RuleModel.Excuse x : excuses) {
            String group = group(x.ruleId(), x.orderId() == null ? "all" : "country=" + x.country());
            slack.merge(group + " announced", 1L, Long::sum);
            slack.merge(group + " resolved", 1L, Long::sum);
        }
        Map<String, Long> got = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> deliveredBodies = new HashMap<>();
        java.util.Set<String> refusedBodies = new java.util.LinkedHashSet<>();
        int refusedAnswers = 0;
        for (Receipt r : receipts) {
            if (!r.delivered()) {
                refusedAnswers++;
                refusedBodies.add(r.body());
                continue;
            }
            deliveredBodies.merge(r.body(), 1, Integer::sum);
            SlackMessage m;
            try {
                m = SlackMessage.parse(r.body());
            } catch (IllegalArgumentException e) {
                note(problems, "unreadable message: " + e.getMessage());
                continue;
            }
            String group = group(m.ruleId(), m.segment());
            switch (m.kind()) {
                case FIRING -> got.merge(group + " announced", (long) m.firing(), Long::sum);
                case UPDATE -> got.merge(group + " announced", (long) m.newFiring(), Long::sum);
                case RESOLVED -> got.merge(group + " resolved", (long) m.resolved(), Long::sum);
                case REPEAT -> got.merge(group + " repeated", 1L, Long::sum);
            }
        }
        int identical = 0;
        for (Map.Entry<String, Integer> b : deliveredBodies.entrySet()) {
            if (b.getValue() > 1) {
                identical += b.getValue() - 1;
                note(problems, "the same message delivered " + b.getValue() + " times: " + abbreviate(b.getKey()));
            }
        }
        int neverDelivered = 0;
        for (String body : refusedBodies) {
            if (!deliveredBodies.containsKey(body)) {
                neverDelivered++;
                note(problems, "refused message never delivered: " + abbreviate(body));
            }
        }
        long lost = 0;
        long doubled = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>(want.keySet());
        keys.addAll(got.keySet());
        for (String k : keys) {
            long w = want.getOrDefault(k, 0L);
            long most = w + slack.getOrDefault(k, 0L);
            long g = got.getOrDefault(k, 0L);
            lost += Math.max(0, w - g);
            doubled += Math.max(0, g - most);
            if (g < w || g > most) {
                note(problems, k + ": expected " + (most == w ? w : w + ".." + most) + ", delivered " + g);
            }
        }
        long expectedTotal = want.values().stream().mapToLong(Long::longValue).sum();
        long deliveredTotal = got.entrySet().stream().filter(e -> !e.getKey().endsWith(" repeated"))
                .mapToLong(Map.Entry::getValue).sum();
        int messages = deliveredBodies.values().stream().mapToInt(Integer::intValue).sum();
        return new NotificationsResult(expectedTotal, deliveredTotal, lost, doubled, messages, refusedAnswers,
                neverDelivered, identical, problems);
    }

    private static String group(String ruleId, String segment) {
        return ruleId + " [" + segment + "]";
    }

    // ------------------------------------------------------------------------------------------ dead letters

    /** An invalid record the driver put on the events topic (acknowledged by the broker), and when. */
    record InvalidSend(byte[] value, String phase) {}

    /** A record of the dead-letter topic: the original bytes and its {@code bpmon.origin} header. */
    record DeadLetter(byte[] value, String origin, String reason) {}

    record DeadLettersResult(Map<String, PhaseCount> byPhase, int expected, int found, int missing, int unexpected,
            int copies, List<String> problems) {}

    /**
     * Every invalid record sent is in the DLQ exactly once with its bytes. A second record with the same origin (the
     * same input offset) is a copy written twice, e.g. replayed after a restart; a record whose bytes were never
     * sent (a valid event the store refused, say) is unexpected.
     */
    static DeadLettersResult deadLetters(List<InvalidSend> sent, List<DeadLetter> found) {
        Map<String, List<InvalidSend>> want = new HashMap<>();
        Map<String, PhaseCount> byPhase = new LinkedHashMap<>();
        for (InvalidSend s : sent) {
            want.computeIfAbsent(text(s.value()), k -> new ArrayList<>()).add(s);
            byPhase.computeIfAbsent(s.phase(), k -> new PhaseCount()).sent++;
        }
        Map<String, List<DeadLetter>> byOrigin = new LinkedHashMap<>();
        for (DeadLetter d : found) {
            byOrigin.computeIfAbsent(d.origin(), k -> new ArrayList<>()).add(d);
        }
        Map<String, Integer> distinctFound = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int copies = 0;
        int unexpected = 0;
        for (Map.Entry<String, List<DeadLetter>> o : byOrigin.entrySet()) {
            DeadLetter first = o.getValue().get(0);
            String value = text(first.value());
            boolean known = want.containsKey(value);
            if (!known) {
                unexpected += o.getValue().size();
                note(problems, "unexpected dead letter from " + o.getKey() + " (" + first.reason() + "): "
                        + abbreviate(value));
                continue;
            }
            distinctFound.merge(value, 1, Integer::sum);
            if (o.getValue().size() > 1) {
                copies += o.getValue().size() - 1;
                byPhase.get(want.get(value).get(0).phase()).duplicated += o.getValue().size() - 1;
                note(problems, "dead letter from " + o.getKey() + " written " + o.getValue().size() + " times: "
                        + abbreviate(value));
            }
        }
        int missing = 0;
        int ok = 0;
        for (Map.Entry<String, List<InvalidSend>> w : want.entrySet()) {
            int have = distinctFound.getOrDefault(w.getKey(), 0);
            int need = w.getValue().size();
            ok += Math.min(have, need);
            if (have < need) {
                missing += need - have;
                byPhase.get(w.getValue().get(0).phase()).lost += need - have;
                note(problems, "invalid record missing from the DLQ: " + abbreviate(w.getKey()));
            } else if (have > need) {
                copies += have - need;
                byPhase.get(w.getValue().get(0).phase()).duplicated += have - need;
                note(problems, "invalid record in the DLQ from " + have + " offsets, sent " + need + " times: "
                        + abbreviate(w.getKey()));
            }
        }
        return new DeadLettersResult(byPhase, sent.size(), ok, missing, unexpected, copies, problems);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1); // lossless: one char per byte
    }

    static void note(List<String> problems, String problem) {
        if (problems.size() < EXAMPLES * 5) {
            problems.add(problem);
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }
}
