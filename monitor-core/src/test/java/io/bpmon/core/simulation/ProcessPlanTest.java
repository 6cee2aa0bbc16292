package io.bpmon.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProcessPlanTest {

    /** A process that is not an order: a support ticket, rejected at the start or reopened after resolution. */
    static final Lifecycle TICKET = lifecycle("""
            {"name": "ticket", "mainPath": ["OPENED", "ASSIGNED", "RESOLVED", "CLOSED"], "steps": [
              {"name": "OPENED",   "eventType": "TICKET_OPENED",   "next": ["ASSIGNED", "REJECTED"]},
              {"name": "ASSIGNED", "eventType": "TICKET_ASSIGNED", "next": ["RESOLVED"]},
              {"name": "RESOLVED", "eventType": "TICKET_RESOLVED", "next": ["CLOSED", "REOPENED"]},
              {"name": "REOPENED", "eventType": "TICKET_REOPENED", "next": ["RESOLVED"]},
              {"name": "CLOSED",   "eventType": "TICKET_CLOSED",   "next": [], "terminal": true},
              {"name": "REJECTED", "eventType": "TICKET_REJECTED", "next": [], "terminal": true, "abandons": true}
            ]}""");

    static Lifecycle lifecycle(String json) {
        try {
            return Lifecycle.fromJson(Json.mapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SimulatedOrder order(PlannedStep cancelFrom, PlannedStep stuckAfter) {
        return new SimulatedOrder("o-1", SegmentMix.defaults().draw(new Random(1)), cancelFrom, stuckAfter);
    }

    @Test
    void shouldTakeStepsEventTypesAndSuccessorsFromTheDefaultLifecycle() {
        ProcessPlan plan = ProcessPlan.of(Simulation.LIFECYCLE);
        PlannedStep placed = plan.first();
        PlannedStep paid = placed.onPath;

        assertThat(plan.mainPath()).containsExactly("PLACED", "PAID", "SHIPPED", "DELIVERED");
        assertThat(plan.mainPathSteps()).allSatisfy(s -> assertThat(s.eventType())
                .isEqualTo(Simulation.LIFECYCLE.step(s.name()).orElseThrow().eventType()));
        assertThat(placed.abandon.name()).isEqualTo("CANCELLED");
        assertThat(paid.abandon.name()).isEqualTo("CANCELLED");
        assertThat(paid.onPath.onPath.name()).isEqualTo("DELIVERED");
        assertThat(paid.onPath.onPath.onPath).isNull();
        assertThat(paid.onPath.onPath.detour.name()).isEqualTo("RETURNED");
        assertThat(plan.cancellable()).containsExactly("PLACED", "PAID");
        assertThat(plan.paymentStep()).contains("PAID");
        assertThat(Simulation.LIFECYCLE.steps()).allSatisfy(s -> assertThat(plan.source(s.name()))
                .isNotEqualTo(ProcessPlan.DEFAULT_SOURCE));
        assertThat(plan.source("PAID")).isEqualTo("payments");
    }

    @Test
    void shouldFollowTheMainPathCancelWhereAskedAndStopWhereStuck() {
        ProcessPlan plan = ProcessPlan.of(Simulation.LIFECYCLE);
        PlannedStep placed = plan.first();
        PlannedStep paid = placed.onPath;
        Random random = new Random(3);

        assertThat(plan.next(order(null, null), placed, 0, random)).isSameAs(paid);
        assertThat(plan.next(order(paid, null), placed, 0, random)).isSameAs(paid);
        assertThat(plan.next(order(paid, null), paid, 0, random).name()).isEqualTo("CANCELLED");
        assertThat(plan.next(order(null, paid), paid, 0, random)).isNull();
        PlannedStep delivered = paid.onPath.onPath;
        assertThat(plan.next(order(null, null), delivered, 0, random)).isNull();
        assertThat(plan.next(order(null, null), delivered, 1, random).name()).isEqualTo("RETURNED");
    }

    @Test
    void shouldGiveEveryStepOfAnotherLifecycleASourceAndASuccessorFromThatLifecycle() {
        ProcessPlan plan = ProcessPlan.of(TICKET);
        PlannedStep resolved = plan.first().onPath.onPath;

        assertThat(plan.mainPath()).containsExactly("OPENED", "ASSIGNED", "RESOLVED", "CLOSED");
        assertThat(plan.cancellable()).containsExactly("OPENED");
        assertThat(plan.paymentStep()).isEmpty();
        assertThat(plan.source("OPENED")).isEqualTo(ProcessPlan.DEFAULT_SOURCE);
        assertThat(resolved.detour.name()).isEqualTo("REOPENED");
        assertThat(resolved.detour.onPath).as("the way back from a detour").isSameAs(resolved);
        assertThat(plan.first().carries).as("the first step carries the segments").isEqualTo(SegmentMix.ATTRIBUTES);
        assertThat(resolved.carries).isEmpty();
    }

    @Test
    void shouldRefuseALifecycleWithoutAMainPathToWalk() {
        Lifecycle none = lifecycle("""
                {"name": "loose", "steps": [{"name": "A", "eventType": "A_HAPPENED", "next": []}]}""");
        Lifecycle gap = lifecycle("""
                {"name": "gappy", "mainPath": ["A", "C"], "steps": [
                  {"name": "A", "eventType": "A_HAPPENED", "next": ["B"]},
                  {"name": "B", "eventType": "B_HAPPENED", "next": ["C"]},
                  {"name": "C", "eventType": "C_HAPPENED", "next": []}]}""");

        assertThatThrownBy(() -> ProcessPlan.of(none)).hasMessageContaining("'loose' has no mainPath");
        assertThatThrownBy(() -> ProcessPlan.of(gap)).hasMessageContaining("'gappy'")
                .hasMessageContaining("from A to C");
    }
}
