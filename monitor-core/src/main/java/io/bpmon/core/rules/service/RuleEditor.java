package io.bpmon.core.rules.service;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.event.ValidationResult;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.preview.DurationHistogram;
import io.bpmon.core.rules.Rule;
import io.bpmon.core.rules.RuleKind;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.VelocityAggregate;
import io.bpmon.core.store.RulePreviewReader.AlertCounts;
import io.bpmon.core.store.RulePreviewReader.AttributeValues;
import io.bpmon.core.store.RulePreviewReader.FlaggedOrder;
import io.bpmon.core.store.RulePreviewReader.Observed;
import io.bpmon.core.store.RulePreviewReader.VelocityResult;
import io.bpmon.core.store.RulePreviewReader;
import io.bpmon.core.store.RuleStatus;
import io.bpmon.core.store.RuleStatusReader;
import io.bpmon.core.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule editor's questions (docs/rule-preview.md), answered once for the API ({@code /api/rules/preview},
 * {@code /api/rules/thresholds}, {@code /api/rule-status} ...) and the {@code /rules} pages alike: what a candidate
 * rule would have flagged over a time range beside what the stored rule of its id raised, thresholds suggested from
 * observed durations or counts, the attribute values seen, alert counts per rule, and the job's acknowledgement of
 * each rule. Checks of what is asked (time ranges, steps, windows) are here too, so both callers refuse the same
 * questions; each caller only reads its own input format (JSON, form fields) into these types.
 */
public final class RuleEditor {

    public static final Duration DEFAULT_PREVIEW_RANGE = Duration.ofHours(24);
    public static final Duration DEFAULT_THRESHOLD_RANGE = Duration.ofDays(7);
    /** The longest range a question may span: the order and alert indices kept by default, and a bounded search. */
    public static final Duration MAX_RANGE = Duration.ofDays(90);
    public static final int DEFAULT_SAMPLE = 20;
    public static final int MAX_SAMPLE = RulePreviewReader.MAX_SAMPLE;
    public static final int MAX_TOP_VALUES = 1000;
    /** Thresholds are suggested for these kinds; a STALL rule's quiet spells have no observed distribution. */
    public static final List<RuleKind> THRESHOLD_KINDS = List.of(RuleKind.STEP_SLA, RuleKind.VELOCITY);

    private final RuleService rules;
    private final RulePreviewReader reader;
    private final RuleStatusReader statuses;
    private final Lifecycle lifecycle;
    private final Clock clock;

    public RuleEditor(RuleService rules, RulePreviewReader reader, RuleStatusReader statuses, Lifecycle lifecycle,
            Clock clock) {
        this.rules = rules;
        this.reader = reader;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** The half-open time range [since, until) a question is about. */
    public record Range(Instant since, Instant until) {}

    /**
     * The range asked for: {@code until} defaults to now and {@code since} to {@code defaultLength} before it. Errors
     * name {@code since}: it must lie before {@code until}, at most {@link #MAX_RANGE} earlier.
     */
    public ValidationResult<Range> range(Instant since, Instant until, Duration defaultLength) {
        Instant end = until != null ? until : clock.instant();
        Instant start = since != null ? since : end.minus(defaultLength);
        if (!start.isBefore(end)) {
            return ValidationResult.invalid(List.of(new FieldError("since", "must be before until")));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            return ValidationResult.invalid(List.of(new FieldError("since", "the range may span at most "
                    + MAX_RANGE.toDays() + " days")));
        }
        return ValidationResult.valid(new Range(start, end));
    }

    /** What the stored rule of a candidate's id raised in the range. */
    public record Current(String ruleId, long version, long flagged, Map<Long, Long> byVersion) {}

    /**
     * What a candidate rule would have flagged.
     *
     * @param flagged  orders (STEP_SLA, STALL) or episodes (VELOCITY)
     * @param sample   the newest flagged orders; empty for VELOCITY
     * @param current  what the stored rule of the candidate's id raised; null if no rule has that id
     * @param velocity VELOCITY only (else null): the episodes and each segment's counts
     */
    public record Preview(Rule rule, Instant since, Instant until, long flagged, List<FlaggedOrder> sample,
            Current current, VelocityResult velocity) {}

    /**
     * What the (valid) candidate would have flagged in the range, beside what the stored rule of its id raised.
     *
     * @param sample how many flagged orders to list, 0 to {@link #MAX_SAMPLE}
     */
    public Preview preview(Rule candidate, Range range, int sample) {
        if (sample < 0 || sample > MAX_SAMPLE) {
            throw new IllegalArgumentException("sample must be from 0 to " + MAX_SAMPLE + ", was " + sample);
        }
        long flagged;
        List<FlaggedOrder> orders;
        VelocityResult velocity = null;
        if (candidate.kind() == RuleKind.VELOCITY) {
            velocity = reader.velocity(candidate, range.since(), range.until());
            flagged = velocity.episodes().size();
            orders = List.of();
        } else {
            RulePreviewReader.Flagged f = reader.flagged(candidate, range.since(), range.until(), sample);
            flagged = f.count();
            orders = f.sample();
        }
        Current current = rules.get(candidate.id()).map(stored -> {
            RulePreviewReader.Raised raised = reader.raised(stored.id(), stored.kind(), range.since(), range.until());
            return new Current(stored.id(), stored.version(), raised.count(), raised.byVersion());
        }).orElse(null);
        return new Preview(candidate, range.since(), range.until(), flagged, orders, current, velocity);
    }

    /**
     * What the editor's chart shows for a (valid) candidate over a range (docs/rule-preview.md, the editor's chart).
     *
     * @param flagged    STEP_SLA, STALL: orders the candidate would have flagged in the range; VELOCITY: episodes
     * @param judged     STEP_SLA, STALL: orders whose deadline fell in the range, of which {@code flagged} breached
     * @param histogram  STEP_SLA, STALL: the observed durations (else null)
     * @param velocity   VELOCITY: the counts per segment and the episodes (else null)
     */
    public record Chart(Rule rule, Instant since, Instant until, long flagged, long judged,
            DurationHistogram histogram, VelocityResult velocity) {

        /** {@code flagged} of {@code judged} as "12.5 %". */
        public String percent() {
            return DurationHistogram.percent(flagged, judged);
        }
    }

    /** The chart of a valid candidate over the range: three to four searches, none fetching documents. */
    public Chart chart(Rule candidate, Range range) {
        if (candidate.kind() == RuleKind.VELOCITY) {
            VelocityResult v = reader.velocity(candidate, range.since(), range.until());
            return new Chart(candidate, range.since(), range.until(), v.episodes().size(), 0, null, v);
        }
        DurationHistogram h = reader.durations(candidate, range.since(), range.until());
        long flagged = reader.flagged(candidate, range.since(), range.until(), 0).count();
        long judged = reader.judged(candidate, range.since(), range.until());
        return new Chart(candidate, range.since(), range.until(), flagged, Math.max(flagged, judged), h, null);
    }

    /**
     * What to observe for suggested thresholds: for STEP_SLA the durations from step {@code from} to {@code to}, for
     * VELOCITY the counts of {@code eventType} events per {@code window} (as people write it, "15m", or ISO-8601); of
     * orders in {@code scope}. Fields of the other kind are ignored.
     */
    public record ThresholdQuery(RuleKind kind, String from, String to, String eventType, String window,
            Map<String, List<String>> scope, VelocityAggregate aggregate) {

        public ThresholdQuery {
            scope = scope == null ? Map.of() : scope;
        }

        /** A query for counts (no aggregate). */
        public ThresholdQuery(RuleKind kind, String from, String to, String eventType, String window,
                Map<String, List<String>> scope) {
            this(kind, from, to, eventType, window, scope, null);
        }
    }

    /**
     * Suggested thresholds: how many observations, their percentiles (milliseconds, or events per window), and the
     * same percentiles as a person would type them into the rule ({@code "2h 5m"}, {@code "12 per 15m"}; null where
     * nothing was observed).
     */
    public record Thresholds(RuleKind kind, Instant since, Instant until, long observations,
            Map<String, Long> percentiles, Map<String, String> formatted, String unit) {}

    /** Every reason the query cannot be answered, by field ({@code kind}, {@code from}, {@code to}, ...). */
    public List<FieldError> check(ThresholdQuery query) {
        List<FieldError> errors = new ArrayList<>();
        if (query.kind() == null || !THRESHOLD_KINDS.contains(query.kind())) {
            errors.add(new FieldError("kind", "suggested thresholds are for STEP_SLA and VELOCITY rules"));
        } else if (query.kind() == RuleKind.STEP_SLA) {
            boolean fromKnown = step(query.from(), "from", errors);
            boolean toKnown = step(query.to(), "to", errors);
            if (fromKnown && toKnown && !lifecycle.canReach(query.from(), query.to())) {
                errors.add(new FieldError("to", query.to() + " cannot be reached after " + query.from()));
            }
        } else {
            if (query.eventType() == null || !lifecycle.isEventType(query.eventType())) {
                errors.add(new FieldError("eventType", "must be one of " + lifecycle.eventTypes()));
            }
            if (query.aggregate() != null && query.aggregate().perCurrency()
                    && query.scope().getOrDefault(io.bpmon.core.event.AttributeKinds.CURRENCY, List.of()).size() != 1) {
                errors.add(new FieldError("scope.currency", "sums and averages of amount are per currency: scope "
                        + "the thresholds to one currency, e.g. currency=EUR"));
            }
            try {
                RuleValidator.checkWindow("window", Durations.parse(query.window())).ifPresent(errors::add);
            } catch (Durations.InvalidDurationException e) {
                errors.add(new FieldError("window", e.getMessage()));
            }
        }
        return errors;
    }

    /** Thresholds for a query that {@link #check} passes. */
    public Thresholds thresholds(ThresholdQuery query, Range range) {
        List<FieldError> errors = check(query);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("unanswerable threshold query: " + errors);
        }
        Map<String, String> formatted = new LinkedHashMap<>();
        if (query.kind() == RuleKind.VELOCITY) {
            Duration window = Durations.parse(query.window());
            if (query.aggregate() != null && query.aggregate().readsAttribute()) {
                VelocityAggregate a = query.aggregate();
                Observed o = reader.windowValues(query.eventType(), window, a, query.scope(), range.since(),
                        range.until());
                String what = a.function() == VelocityAggregate.Function.ratio ? "% " : " " + a.function() + " of "
                        + a.attribute() + " ";
                o.percentiles().forEach((p, v) -> formatted.put(p, v == null ? null : v + what + "per "
                        + Durations.format(window)));
                return new Thresholds(query.kind(), range.since(), range.until(), o.orders(), o.percentiles(),
                        formatted, a.function() == VelocityAggregate.Function.ratio ? "percent per window"
                                : a.function() + " of " + a.attribute() + " per window");
            }
            Observed o = reader.windowCounts(query.eventType(), window, query.scope(), range.since(), range.until());
            o.percentiles().forEach((p, v) -> formatted.put(p, v == null ? null : v + " per "
                    + Durations.format(window)));
            return new Thresholds(query.kind(), range.since(), range.until(), o.orders(), o.percentiles(), formatted,
                    "events per window");
        }
        Observed o = reader.stepDurations(query.from(), query.to(), query.scope(), range.since(), range.until());
        o.percentiles().forEach((p, v) -> formatted.put(p, v == null ? null : asTyped(v)));
        return new Thresholds(query.kind(), range.since(), range.until(), o.orders(), o.percentiles(), formatted,
                "milliseconds");
    }

    /** A duration in milliseconds to the second, as it would be typed into a rule: at least 1s. */
    static String asTyped(long millis) {
        return Durations.format(Duration.ofSeconds(Math.max(1, (millis + 500) / 1000)));
    }

    /** Attribute names seen on stored orders and their {@code top} most frequent values (1 to 1000). */
    public List<AttributeValues> attributes(int top) {
        if (top < 1 || top > MAX_TOP_VALUES) {
            throw new IllegalArgumentException("top must be from 1 to " + MAX_TOP_VALUES + ", was " + top);
        }
        return reader.attributes(top);
    }

    /** Per current rule, in the order of {@link RuleService#list()}: alerts detected in the range and open now. */
    public List<AlertCounts> alertCounts(Range range) {
        Map<String, AlertCounts> counts = reader.alertCounts(range.since(), range.until());
        return rules.list().stream().map(r -> counts.getOrDefault(r.id(), new AlertCounts(r.id(), 0, 0))).toList();
    }

    /**
     * The job's acknowledgement of a rule, with the version stored now.
     *
     * @param storedVersion the rule's current version; null if it is deleted
     * @param current       whether the job applies the version stored now (a change is in force)
     */
    public record Acknowledgement(String ruleId, long version, boolean enabled, Instant appliedAt, Integer subtasks,
            Long storedVersion, boolean current) {

        static Acknowledgement of(RuleStatus s, Optional<Rule> stored) {
            Long v = stored.map(Rule::version).orElse(null);
            return new Acknowledgement(s.ruleId(), s.version(), s.enabled(), s.appliedAt(), s.subtasks(), v,
                    v != null && v == s.version());
        }
    }

    /** The acknowledgement of one rule; empty until the job applied a version of it. */
    public Optional<Acknowledgement> acknowledgement(String ruleId) {
        return statuses.find(ruleId).map(s -> Acknowledgement.of(s, rules.get(ruleId)));
    }

    /** Every acknowledgement, also of rules deleted since. */
    public List<Acknowledgement> acknowledgements() {
        Map<String, Rule> stored = new LinkedHashMap<>();
        rules.list().forEach(r -> stored.put(r.id(), r));
        return statuses.all().values().stream()
                .map(s -> Acknowledgement.of(s, Optional.ofNullable(stored.get(s.ruleId())))).toList();
    }

    private boolean step(String name, String field, List<FieldError> errors) {
        if (name == null || lifecycle.step(name).isEmpty()) {
            errors.add(new FieldError(field, "must be a step of lifecycle '" + lifecycle.name() + "'"));
            return false;
        }
        return true;
    }
}
