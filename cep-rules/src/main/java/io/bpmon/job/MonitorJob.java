package io.bpmon.job;

import io.bpmon.core.config.EngineConfig;
import io.bpmon.core.event.OrderEvent;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.store.OrderArchive;
import io.bpmon.core.store.OrderPartitions;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The job graph, built from its inputs and sinks so tests can run it on finite inputs and collecting sinks.
 *
 * <pre>
 * events ─┬─ valid ──► keyBy(orderId) ─► order state + SLA/stall rules (CEP) ─┬─► order documents (Elasticsearch)
 *         │                                                                    ├─► order states (Kafka, for analysts)
 *         │                                                                    ├─► roll-up deltas ─► keyBy(day, segment)
 *         │                                                                    │   ─► daily roll-up (Kafka, analysts)
 *         └─ invalid ─► dead letters (Kafka DLQ)                               ├─► alerts
 *                                                     └─► velocity hits ─► keyBy(rule, segment) ─► velocity (windows)
 * rules ──► broadcast ──► order state, velocity
 * alerts of both ─► keyBy(alert id) ─► incident router ─► keyBy(incident key) ─► incidents ─┬─► alerts: Elasticsearch, Kafka
 * rules + velocity alerts ─► broadcast ──┘ (inhibition, docs/incidents.md)                └─► incidents: Elasticsearch
 * </pre>
 */
public final class MonitorJob {

    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Where the job's results go. */
    public record Sinks(
            Sink<DeadLetter> deadLetters,
            Sink<OrderUpdate> orders,
            Sink<AlertUpdate> alertStore,
            Sink<AlertUpdate> alertTopic,
            Sink<RuleApplied> ruleStatus,
            Sink<DeadLetter> rejections,
            Sink<OrderStateChange> orderStates,
            Sink<IncidentUpdate> incidents,
            Sink<RollupChange> rollups) {

        /** Sinks that drop the daily roll-up (tests and benchmarks that do not look at it). */
        public Sinks(Sink<DeadLetter> deadLetters, Sink<OrderUpdate> orders, Sink<AlertUpdate> alertStore,
                Sink<AlertUpdate> alertTopic, Sink<RuleApplied> ruleStatus, Sink<DeadLetter> rejections,
                Sink<OrderStateChange> orderStates, Sink<IncidentUpdate> incidents) {
            this(deadLetters, orders, alertStore, alertTopic, ruleStatus, rejections, orderStates, incidents,
                    new DiscardingSink<>());
        }

        /** Sinks that drop the incidents and the daily roll-up (tests and benchmarks that do not look at them). */
        public Sinks(Sink<DeadLetter> deadLetters, Sink<OrderUpdate> orders, Sink<AlertUpdate> alertStore,
                Sink<AlertUpdate> alertTopic, Sink<RuleApplied> ruleStatus, Sink<DeadLetter> rejections,
                Sink<OrderStateChange> orderStates) {
            this(deadLetters, orders, alertStore, alertTopic, ruleStatus, rejections, orderStates,
                    new DiscardingSink<>());
        }
    }

    private final EngineConfig config;
    private final Lifecycle lifecycle;
    private final OrderPartitions partitions;
    private final OrderArchive.Factory archive;
    private final Sinks sinks;
    private final WallClock clock;

    /**
     * @param partitions which index each order's document goes to
     * @param archive    where orders whose state retention dropped are read back from
     */
    public MonitorJob(EngineConfig config, Lifecycle lifecycle, OrderPartitions partitions, OrderArchive.Factory archive,
            Sinks sinks, WallClock clock) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.partitions = partitions;
        this.archive = archive;
        this.sinks = sinks;
        this.clock = clock;
    }

    /**
     * Adds the job to the inputs' environment; {@code input} must carry event timestamps and watermarks, and
     * {@code ruleChanges} must not hold event time back (its watermark should be {@code Long.MAX_VALUE}).
     */
    public void build(DataStream<Ingested> input, DataStream<RuleChange> ruleChanges) {
        SingleOutputStreamOperator<OrderEvent> events = input
                .process(new SplitInvalid())
                .uid("validate")
                .name("Validate events");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(DEAD_LETTERS);
        deadLetters.sinkTo(sinks.deadLetters())
                .uid("dead-letter-sink")
                .name("Dead letters (Kafka)");
        deadLetters.sinkTo(sinks.rejections())
                .uid("rejection-report")
                .name("Rejected events count (Elasticsearch status)");
        BroadcastStream<RuleChange> rules = ruleChanges.broadcast(OrderStateFunction.RULES);
        // OrderStateOperator instead of connect(rules).process(...): the function needs the operator's timer service on
        // the broadcast side (a rule change re-judges in-flight orders and moves their deadlines)
        SingleOutputStreamOperator<OrderUpdate> orders = events.keyBy(OrderEvent::orderId)
                .connect(ruleChanges.broadcast())
                .transform("Order state and SLA rules (CEP)", TypeInformation.of(OrderUpdate.class),
                        new OrderStateOperator(new OrderStateFunction(lifecycle, partitions, archive, config, clock),
                                List.of(OrderStateFunction.RULES)))
                .uid("order-state")
                .name("Order state and SLA rules (CEP)");
        orders.sinkTo(sinks.orders())
                .uid("order-store")
                .name("Order documents (Elasticsearch)");
        orders.getSideOutput(OrderStateFunction.ORDER_STATES)
                .sinkTo(sinks.orderStates())
                .uid("order-state-topic")
                .name("Order states (Kafka)");
        orders.getSideOutput(RollupDeltas.DELTAS)
                .keyBy(RollupDelta::key)
                .process(new RollupFunction(config.rollup()))
                .uid("daily-rollup")
                .name("Daily roll-up per segment")
                .sinkTo(sinks.rollups())
                .uid("daily-rollup-topic")
                .name("Daily roll-up (Kafka)");
        orders.getSideOutput(OrderStateFunction.RULES_APPLIED)
                .sinkTo(sinks.ruleStatus())
                .uid("rule-status")
                .name("Rule versions applied (Elasticsearch)");
        DataStream<AlertUpdate> alerts = orders.getSideOutput(OrderStateFunction.ALERTS);
        SingleOutputStreamOperator<AlertUpdate> velocityAlerts = orders
                .getSideOutput(OrderStateFunction.VELOCITY_HITS)
                .keyBy(VelocityHit::key)
                .connect(rules)
                .process(new VelocityFunction(lifecycle, clock))
                .uid("velocity-evaluator")
                .name("Velocity rules");
        // incidents (docs/incidents.md): route each alert to its incident key, then group by that key
        BroadcastStream<IncidentSignal> signals = ruleChanges.map(IncidentSignal::of)
                .returns(IncidentSignal.class)
                .uid("incident-rule-signals")
                .name("Rules for incidents")
                .union(velocityAlerts.map(IncidentSignal::of)
                        .returns(IncidentSignal.class)
                        .uid("incident-velocity-signals")
                        .name("Velocity episodes for incidents"))
                .broadcast(IncidentRouter.RULES, IncidentRouter.EPISODES);
        SingleOutputStreamOperator<AlertUpdate> allAlerts = alerts.union(velocityAlerts)
                .keyBy(AlertUpdate::id)
                .connect(signals)
                .process(new IncidentRouter(lifecycle))
                .uid("incident-router")
                .name("Incident of each alert (inhibition)")
                .keyBy(RoutedAlert::key)
                .process(new IncidentFunction())
                .uid("incidents")
                .name("Incidents");
        allAlerts.getSideOutput(IncidentFunction.INCIDENTS)
                .sinkTo(sinks.incidents())
                .uid("incident-store")
                .name("Incidents (Elasticsearch)");
        allAlerts.sinkTo(sinks.alertStore())
                .uid("alert-store")
                .name("Alerts (Elasticsearch)");
        allAlerts.sinkTo(sinks.alertTopic())
                .uid("alert-topic")
                .name("Alerts (Kafka)");
    }

    /** Routes dead letters to the side output and counts them; valid events continue. */
    static final class SplitInvalid extends ProcessFunction<Ingested, OrderEvent> {
        private static final long serialVersionUID = 1L;
        private transient Counter invalid;

        @Override
        public void open(OpenContext openContext) {
            invalid = getRuntimeContext().getMetricGroup().counter("invalidEvents");
        }

        @Override
        public void processElement(Ingested record, Context ctx, Collector<OrderEvent> out) {
            if (record.isValid()) {
                out.collect(record.event());
            } else {
                invalid.inc();
                ctx.output(DEAD_LETTERS, record.deadLetter());
            }
        }
    }
}
