package io.bpmon.chaos;

import io.bpmon.core.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a chaos run: waits until the monitor must have caught up with everything sent (every deadline the
 * rule model knows of passed, every document written, every message delivered, or a timeout), then compares and
 * prints the result table. The waits poll until the stores match, so a slow machine costs time, not a false finding;
 * whatever still differs after a wait's timeout is a finding.
 */
final class Check {

    static final Duration ORDERS_TIMEOUT = Duration.ofMinutes(3);
    static final Duration NOTIFICATIONS_TIMEOUT = Duration.ofMinutes(3);
    /** The web server's producer may still deliver the events of a failed request this long after it answered. */
    static final Duration AMBIGUOUS_SETTLE = Duration.ofSeconds(20);

    private final ChaosMain.Settings settings;
    private final SentLog sent;
    private final StoreReader store;
    private final Webhook hook;
    private final PrintStream out;

    Check(ChaosMain.Settings settings, SentLog sent, StoreReader store, Webhook hook, PrintStream out) {
        this.settings = settings;
        this.sent = sent;
        this.store = store;
        this.hook = hook;
        this.out = out;
    }

    int run(List<ChaosMain.FaultResult> faults, List<String> phases, Instant trafficEnd, Duration sinceBegin)
            throws Exception {
        sleepUntil(trafficEnd.plus(AMBIGUOUS_SETTLE));
        say("reading " + Topics.ORDER_EVENTS + " back ...");
        Map<String, Integer> topic = store.eventCopies(Topics.ORDER_EVENTS);
        Map<String, RuleModel.Order> orders = sent.orders(id -> topic.getOrDefault(id, 0) > 0);
        Map<String, Instant> accepted = sent.firstAccepted();
        RuleModel model = new RuleModel(ChaosMain.ALLOWED_LATENESS);
        RuleModel.Expectation expected = model.judge(List.copyOf(orders.values()), accepted, Instant.now());
        if (expected.lastDeadline().isAfter(Instant.now())) {
            say("waiting until the last deadline the rules can reach has passed (" + expected.lastDeadline() + ") ...");
            sleepUntil(expected.lastDeadline());
        }
        expected = model.judge(List.copyOf(orders.values()), accepted, Instant.now());

        say("comparing orders and alerts with Elasticsearch ...");
        List<Reconciler.EventSends> sends = sent.sends();
        Reconciler.OrdersResult ordersResult = null;
        Reconciler.AlertsResult alertsResult = null;
        Instant deadline = Instant.now().plus(ORDERS_TIMEOUT);
        while (true) {
            ordersResult = Reconciler.orders(sends, topic, store.orders());
            alertsResult = Reconciler.alerts(expected.alerts(), expected.excuses(), expected.undecided(),
                    store.alerts());
            boolean done = ordersResult.lost() == 0 && ordersResult.duplicated() == 0 && ordersResult.ordersWrong() == 0
                    && alertsResult.missing() == 0 && alertsResult.duplicated() == 0 && alertsResult.unexpected() == 0;
            if (done || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(10_000);
        }

        say("reading " + Topics.ORDER_EVENTS_DLQ + " ...");
        List<Reconciler.InvalidSend> invalid = sent.invalid();
        Reconciler.DeadLettersResult dlq = Reconciler.deadLetters(invalid, store.deadLetters(Topics.ORDER_EVENTS_DLQ));
        Instant dlqDeadline = Instant.now().plusSeconds(60);
        while (dlq.missing() > 0 && Instant.now().isBefore(dlqDeadline)) {
            Thread.sleep(10_000);
            dlq = Reconciler.deadLetters(invalid, store.deadLetters(Topics.ORDER_EVENTS_DLQ));
        }

        say("waiting for the notifications ...");
        Reconciler.NotificationsResult notes = Reconciler.notifications(expected.alerts(), expected.excuses(), hook.receipts());
        Instant notesDeadline = Instant.now().plus(NOTIFICATIONS_TIMEOUT);
        while ((notes.lost() > 0 || notes.refusedNeverDelivered() > 0) && Instant.now().isBefore(notesDeadline)) {
            Thread.sleep(5_000);
            notes = Reconciler.notifications(expected.alerts(), expected.excuses(), hook.receipts());
        }
        // a last look for doubles that came late
        Thread.sleep(5_000);
        notes = Reconciler.notifications(expected.alerts(), expected.excuses(), hook.receipts());

        StringBuilder receipts = new StringBuilder();
        for (Reconciler.Receipt r : hook.receipts()) {
            receipts.append(io.bpmon.core.json.Json.write(java.util.Map.of("at", r.at().toString(), "status", r.status(),
                    "body", r.body()))).append('\n');
        }
        Files.writeString(settings.outDir().resolve("webhook.jsonl"), receipts);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream report = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int status = report(report, faults, phases, ordersResult, alertsResult, notes, dlq, orders.size(),
                sinceBegin.plus(Duration.between(trafficEnd, Instant.now())));
        String text = buffer.toString(StandardCharsets.UTF_8);
        out.print(text);
        out.flush();
        Files.writeString(settings.outDir().resolve("report.txt"), text);
        return status;
    }

    private int report(PrintStream p, List<ChaosMain.FaultResult> faults, List<String> phases,
            Reconciler.OrdersResult orders, Reconciler.AlertsResult alerts, Reconciler.NotificationsResult notes,
            Reconciler.DeadLettersResult dlq, int ordersSent, Duration elapsed) {
        p.println();
        p.printf("bpmon chaos run, %s, seed %d, %.0f events/s for %.1f min of traffic%s; %d cores, load %s%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now()),
                settings.seed(), settings.rate(), settings.minutes(), settings.quick() ? " (--quick)" : "",
                Runtime.getRuntime().availableProcessors(), load());
        p.println();
        p.printf("  %-44s %12s %8s %11s %12s%n", "phase (fault)", "events sent", "lost", "duplicated", "recovery");
        long totalSent = 0;
        long totalLost = 0;
        long totalDup = 0;
        for (String phase : phases) {
            Reconciler.PhaseCount o = orders.byPhase().getOrDefault(phase, new Reconciler.PhaseCount());
            Reconciler.PhaseCount d = dlq.byPhase().getOrDefault(phase, new Reconciler.PhaseCount());
            long sentHere = o.sent + d.sent;
            long lost = o.lost + d.lost;
            long dup = o.duplicated + d.duplicated;
            totalSent += sentHere;
            totalLost += lost;
            totalDup += dup;
            String recovery = faults.stream().filter(f -> f.label().equals(phase)).findFirst()
                    .map(f -> f.recovered() == null ? "NONE"
                            : ChaosMain.seconds(f.recovery())
                                    + (f.recovery().compareTo(ChaosMain.RECOVERY_AIM) > 0 ? " (>30)" : ""))
                    .orElse("-");
            p.printf("  %-44s %,12d %,8d %,11d %12s%n", phase, sentHere, lost, dup, recovery);
        }
        p.printf("  %-44s %,12d %,8d %,11d%n", "total", totalSent, totalLost, totalDup);
        p.println();
        p.printf("  %-44s %s%n", "orders sent / in the store / wrong", ordersSent + " / " + orders.ordersFound()
                + " / " + orders.ordersWrong() + (orders.unexpectedOrders() > 0 ? " (+" + orders.unexpectedOrders()
                + " never sent)" : ""));
        p.printf("  %-44s %d%n", "extra copies from retried ambiguous posts", orders.ambiguousCopies());
        p.printf("  %-44s %d%s%n", "flagged late though in Kafka on time", orders.lateOnTime(),
                orders.lateOnTime() == 0 ? "" : " (" + orders.byPhase().entrySet().stream()
                        .filter(e -> e.getValue().lateOnTime > 0)
                        .map(e -> e.getKey() + ": " + e.getValue().lateOnTime).collect(
                                java.util.stream.Collectors.joining(", ")) + "; e.g. " + orders.lateExamples().get(0)
                        + ")");
        p.printf("  %-44s %d / %d (missing %d, duplicated %d, unexpected %d, late-flagged %d)%n",
                "alerts expected / found", alerts.expected(), alerts.found(), alerts.missing(), alerts.duplicated(),
                alerts.unexpected(), alerts.flaggedLate());
        p.printf("  %-44s %d%n", "alerts left open by late arrivals (excused)", alerts.excused());
        p.printf("  %-44s %d / %d (lost %d, doubled %d)%n", "notifications expected / delivered", notes.expected(),
                notes.delivered(), notes.lost(), notes.doubled());
        p.printf("  %-44s %d delivered, %d refused answers, %d never delivered, %d delivered twice%n",
                "  webhook messages", notes.messagesDelivered(), notes.refusedAnswers(), notes.refusedNeverDelivered(),
                notes.identicalRedeliveries());
        p.printf("  %-44s %d / %d (missing %d, unexpected %d, copies %d)%n", "DLQ expected / found", dlq.expected(),
                dlq.found(), dlq.missing(), dlq.unexpected(), dlq.copies());
        p.printf("  %-44s %s%n", "longest wait of an event for acceptance", sent.maxDelay());
        p.printf("  %-44s %d s%n", "whole run (stack start excluded)", elapsed.toSeconds());
        p.println();
        for (ChaosMain.FaultResult f : faults) {
            p.printf("  %s: %s%n", f.label(), String.join("; ", f.notes()));
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(orders.problems());
        problems.addAll(alerts.problems());
        problems.addAll(notes.problems());
        problems.addAll(dlq.problems());
        if (!problems.isEmpty()) {
            p.println();
            p.println("  findings (first " + Reconciler.EXAMPLES + " of each kind at most):");
            problems.stream().limit(Reconciler.EXAMPLES * 4L).forEach(s -> p.println("  - " + s));
        }
        boolean clean = totalLost == 0 && totalDup == 0 && orders.ordersWrong() == 0 && orders.unexpectedOrders() == 0
                && alerts.missing() == 0 && alerts.duplicated() == 0 && alerts.unexpected() == 0
                && alerts.flaggedLate() == 0 && notes.lost() == 0 && notes.doubled() == 0
                && notes.refusedNeverDelivered() == 0 && dlq.unexpected() == 0
                && alerts.problems().stream().noneMatch(s -> s.startsWith("undecided"));
        p.println();
        p.println(clean ? "  RESULT: nothing lost, nothing duplicated, nothing unexpected"
                : "  RESULT: FINDINGS (see above)");
        return clean ? 0 : 1;
    }

    private static String load() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private void say(String line) {
        out.printf("chaos: %s%n", line);
        out.flush();
    }
}
