package io.bpmon.core.alerts;

import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which incident an alert belongs to (docs/incidents.md): the incident key of an alert, the velocity episode that
 * inhibits it, and deterministic incident ids. Pure.
 */
public final class IncidentKeys {

    private IncidentKeys() {}

    /** An open (or once open) velocity episode as the incident step knows it: from its alerts' record times. */
    public record Episode(String alertId, String ruleId, Map<String, String> segment, long openedAt, long resolvedAt) {

        public Episode {
            segment = segment == null ? Map.of() : Map.copyOf(segment);
        }

        public boolean isOpenAt(long at) {
            return openedAt <= at && at < resolvedAt;
        }
    }

    /** Where an alert goes: the incident key, the key's segment, and the inhibiting velocity alert (or null). */
    public record Route(String key, String ruleId, Map<String, String> segment, String inhibitedBy) {

        public Route {
            segment = segment == null ? Map.of() : Map.copyOf(segment);
        }
    }

    /**
     * The values of the rule's {@code groupBy} attributes in the alert (a VELOCITY alert's attributes are its
     * segment already); an attribute the order lacks is left out, so such orders form a group of their own.
     */
    public static Map<String, String> segment(Rule rule, Alert alert) {
        if (alert.kind() == AlertKind.VELOCITY || rule == null) {
            return alert.kind() == AlertKind.VELOCITY ? alert.attributes() : Map.of();
        }
        Map<String, String> segment = new LinkedHashMap<>();
        for (String attribute : rule.groupBy()) {
            String value = alert.attributes().get(attribute);
            if (value != null) {
                segment.put(attribute, value);
            }
        }
        return segment;
    }

    /** The incident key of a rule's alerts in a segment: the rule id and the segment, in a stable order. */
    public static String key(String ruleId, Map<String, String> segment) {
        StringBuilder key = new StringBuilder(ruleId);
        new TreeMap<>(segment).forEach((k, v) -> key.append('\u0000').append(k).append('=').append(v));
        return key.toString();
    }

    /**
     * The route of an alert seen for the first time at event time {@code at}: into the incident of the velocity
     * episode that inhibits it (the earliest opened of those open at {@code at} whose rule inhibits the alert's rule
     * and whose segment the order is in; ties by alert id), else by its own rule and segment.
     *
     * @param rule     the alert's rule, null if it is gone (then it groups by rule id alone)
     * @param rules    every current rule, by id, for the rules the episodes belong to
     */
    public static Route route(Alert alert, Rule rule, long at, Collection<Episode> episodes, Map<String, Rule> rules) {
        if (alert.kind() != AlertKind.VELOCITY) {
            Optional<Episode> inhibitor = episodes.stream()
                    .filter(e -> e.isOpenAt(at))
                    .filter(e -> inhibits(rules.get(e.ruleId()), alert) && inSegment(alert.attributes(), e.segment()))
                    .min(Comparator.comparingLong(Episode::openedAt).thenComparing(Episode::alertId));
            if (inhibitor.isPresent()) {
                Episode e = inhibitor.get();
                return new Route(key(e.ruleId(), e.segment()), e.ruleId(), e.segment(), e.alertId());
            }
        }
        Map<String, String> segment = segment(rule, alert);
        return new Route(key(alert.ruleId(), segment), alert.ruleId(), segment, null);
    }

    private static boolean inhibits(Rule velocity, Alert alert) {
        return velocity != null && velocity.kind() == RuleKind.VELOCITY && velocity.enabled()
                && velocity.inhibits().contains(alert.ruleId());
    }

    /** Whether the order's attributes lie in the episode's segment. */
    static boolean inSegment(Map<String, String> attributes, Map<String, String> segment) {
        for (Map.Entry<String, String> e : segment.entrySet()) {
            if (!e.getValue().equals(attributes.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The id of the incident of {@code key} that {@code openingAlertId} opened: the same inputs, the same id. */
    public static String incidentId(String key, String openingAlertId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("INCIDENT".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(openingAlertId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
