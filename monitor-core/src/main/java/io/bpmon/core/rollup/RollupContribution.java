package io.bpmon.core.rollup;

import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.event.AttributeKinds;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.order.OrderState;
import io.bpmon.core.order.OrderStateRecord;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one order adds to the daily roll-up of its (day, segment) (docs/daily-rollup.md): one order, its amount in its
 * currency, the duration of each pair of consecutive steps it reached, and its verdict under each STEP_SLA and STALL
 * rule in whose scope it is. It is derived from the order's state and alerts alone, so the job computes it before and
 * after every change of the order and sends the difference; nothing of it is kept per order.
 *
 * @param day           the UTC day the order was placed (its first lifecycle step; else its first event)
 * @param segment       segment attribute → the order's value, {@link #NONE} when it has none; in configured order
 * @param currency      the order's {@code currency}, {@link #NONE} when it has an amount but no currency; null
 *                      when it has no numeric {@code amount} or was cancelled
 * @param amount        its {@code amount}, null when it has none that is a number or was cancelled (it abandoned
 *                      the process: no revenue)
 * @param stepDurations {@code "FROM->TO"} → milliseconds, as in the order-state record (docs/order-states.md)
 * @param rules         rule id → verdict
 */
public record RollupContribution(LocalDate day, Map<String, String> segment, String currency, BigDecimal amount,
        Map<String, Long> stepDurations, Map<String, Verdict> rules) {

    /** The value of a segment attribute (or currency) an order does not have. */
    public static final String NONE = "(none)";

    /** Where an order stands under one rule. */
    public enum Verdict {
        /** The rule's awaited step was reached (STALL: the order finished) without a breach. */
        MET,
        /** The rule raised an alert on the order (open or resolved), so it missed the rule. */
        BREACHED,
        /** Neither yet: the order may still meet or breach it. */
        PENDING,
        /** STEP_SLA only: the order ended (e.g. cancelled) without reaching the awaited step and without a breach. */
        ABANDONED
    }

    public RollupContribution {
        segment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(segment));
        stepDurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stepDurations));
        rules = java.util.Collections.unmodifiableMap(new TreeMap<>(rules));
    }

    /**
     * The contribution of an order; null before its first event.
     *
     * @param rulesInScope the enabled STEP_SLA and STALL rules whose scope the order is in (others are skipped)
     * @param breached     ids of the rules that breached on the order ({@link #breachedRules})
     */
    public static RollupContribution of(OrderState state, List<String> segmentBy, Collection<Rule> rulesInScope,
            Set<String> breached, Lifecycle lifecycle) {
        Instant first = state.firstEventAt();
        if (first == null) {
            return null;
        }
        Map<String, Instant> steps = state.steps();
        Instant placed = steps.get(lifecycle.steps().get(0).name());
        LocalDate day = LocalDate.ofInstant(placed != null ? placed : first, ZoneOffset.UTC);
        Map<String, String> attributes = state.attributes();
        Map<String, String> segment = new LinkedHashMap<>();
        for (String name : segmentBy) {
            segment.put(name, attributes.getOrDefault(name, NONE));
        }
        String currency = null;
        BigDecimal amount = null;
        Double number = AttributeKinds.number(attributes.get(AttributeKinds.AMOUNT));
        boolean abandoned = steps.keySet().stream().anyMatch(lifecycle::abandons);
        if (number != null && !abandoned) { // a cancelled order is no revenue
            amount = new BigDecimal(Double.toString(number));
            currency = attributes.getOrDefault(AttributeKinds.CURRENCY, NONE);
        }
        Map<String, Long> durations = new LinkedHashMap<>();
        for (OrderStateRecord.StepDuration d : OrderStateRecord.stepDurations(steps)) {
            durations.put(d.from() + "->" + d.to(), d.millis());
        }
        Map<String, Verdict> verdicts = new TreeMap<>();
        boolean terminal = state.isTerminal(lifecycle);
        for (Rule rule : rulesInScope) {
            if (!rule.enabled() || rule.kind() == RuleKind.VELOCITY || !rule.appliesTo(attributes)) {
                continue;
            }
            Verdict v;
            if (breached.contains(rule.id())) {
                v = Verdict.BREACHED;
            } else if (rule.kind() == RuleKind.STALL) {
                v = terminal ? Verdict.MET : Verdict.PENDING;
            } else if (steps.keySet().stream().anyMatch(s -> lifecycle.satisfies(s, rule.to()))) {
                v = Verdict.MET;
            } else {
                v = terminal ? Verdict.ABANDONED : Verdict.PENDING;
            }
            verdicts.put(rule.id(), v);
        }
        return new RollupContribution(day, segment, currency, amount, durations, verdicts);
    }

    /**
     * The rules an order breached: those with an alert on it, open or resolved, except alerts resolved because the
     * rule was disabled or its new version no longer finds the breach (the rule as it is now was not breached).
     */
    public static Set<String> breachedRules(Iterable<Alert> alerts) {
        Set<String> ids = new HashSet<>();
        for (Alert a : alerts) {
            if (a.resolution() != Resolution.RULE_CHANGED && a.resolution() != Resolution.RULE_DISABLED) {
                ids.add(a.ruleId());
            }
        }
        return ids;
    }

    /** The record key of the (day, segment): a JSON array, {@code ["2026-11-28","DE"]}. */
    public String key() {
        return key(day, segment.values());
    }

    public static String key(LocalDate day, Collection<String> segmentValues) {
        List<String> parts = new ArrayList<>(segmentValues.size() + 1);
        parts.add(day.toString());
        parts.addAll(segmentValues);
        return Json.write(parts);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 24 * (stepDurations.size() + rules.size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt((int) day.toEpochDay());
            out.writeByte(segment.size());
            for (Map.Entry<String, String> s : segment.entrySet()) {
                out.writeUTF(s.getKey());
                out.writeUTF(s.getValue());
            }
            out.writeBoolean(amount != null);
            if (amount != null) {
                out.writeUTF(currency);
                out.writeUTF(amount.toString());
            }
            out.writeByte(stepDurations.size());
            for (Map.Entry<String, Long> d : stepDurations.entrySet()) {
                out.writeUTF(d.getKey());
                out.writeLong(d.getValue());
            }
            out.writeShort(rules.size());
            for (Map.Entry<String, Verdict> r : rules.entrySet()) {
                out.writeUTF(r.getKey());
                out.writeByte(r.getValue().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static RollupContribution decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            LocalDate day = LocalDate.ofEpochDay(in.readInt());
            Map<String, String> segment = new LinkedHashMap<>();
            for (int n = in.readUnsignedByte(); n > 0; n--) {
                segment.put(in.readUTF(), in.readUTF());
            }
            String currency = null;
            BigDecimal amount = null;
            if (in.readBoolean()) {
                currency = in.readUTF();
                amount = new BigDecimal(in.readUTF());
            }
            Map<String, Long> durations = new LinkedHashMap<>();
            for (int n = in.readUnsignedByte(); n > 0; n--) {
                durations.put(in.readUTF(), in.readLong());
            }
            Map<String, Verdict> rules = new TreeMap<>();
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                rules.put(in.readUTF(), Verdict.values()[in.readUnsignedByte()]);
            }
            return new RollupContribution(day, segment, currency, amount, durations, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
