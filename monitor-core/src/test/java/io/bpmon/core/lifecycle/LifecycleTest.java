package io.bpmon.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {

    private static final Lifecycle ORDER = Lifecycle.defaultLifecycle();

    private static Lifecycle parse(String json) {
        return Lifecycle.fromJson(tree(json));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class DefaultOrderLifecycle {

        @Test
        void shouldLoadTheDefaultResource() {
            assertThat(ORDER.name()).isEqualTo("order");
            assertThat(ORDER.steps()).extracting(Step::name)
                    .containsExactly("PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");
            assertThat(Lifecycle.fromResource(Lifecycle.DEFAULT_RESOURCE).steps()).isEqualTo(ORDER.steps());
        }

        @ParameterizedTest
        @CsvSource({
                "ORDER_PLACED,     PLACED",
                "PAYMENT_RECEIVED, PAID",
                "ORDER_SHIPPED,    SHIPPED",
                "ORDER_DELIVERED,  DELIVERED",
                "ORDER_CANCELLED,  CANCELLED",
                "ORDER_RETURNED,   RETURNED"})
        void shouldMapEachEventTypeOfTheContractToItsStep(String eventType, String step) {
            assertThat(ORDER.isEventType(eventType)).isTrue();
            assertThat(ORDER.stepForEventType(eventType)).get().extracting(Step::name).isEqualTo(step);
            assertThat(ORDER.step(step)).get().extracting(Step::eventType).isEqualTo(eventType);
        }

        @Test
        void shouldKnowExactlyTheSixEventTypesOfTheContract() {
            assertThat(ORDER.eventTypes()).containsExactly("ORDER_PLACED", "PAYMENT_RECEIVED", "ORDER_SHIPPED",
                    "ORDER_DELIVERED", "ORDER_CANCELLED", "ORDER_RETURNED");
            assertThat(ORDER.isEventType("ORDER_LOST")).isFalse();
            assertThat(ORDER.isEventType("PLACED")).isFalse();
            assertThat(ORDER.stepForEventType("ORDER_LOST")).isEmpty();
            assertThat(ORDER.step("LOST")).isEmpty();
        }

        @Test
        void shouldHaveTheHappyPathAsMainPath() {
            assertThat(ORDER.mainPath()).containsExactly("PLACED", "PAID", "SHIPPED", "DELIVERED");
        }

        @ParameterizedTest
        @CsvSource({
                "PLACED,    false",
                "PAID,      false",
                "SHIPPED,   false",
                "DELIVERED, true",
                "CANCELLED, true",
                "RETURNED,  true",
                "UNKNOWN,   false"})
        void shouldMarkDeliveredCancelledAndReturnedTerminal(String step, boolean terminal) {
            assertThat(ORDER.isTerminal(step)).isEqualTo(terminal);
        }

        @ParameterizedTest
        @CsvSource({
                "PLACED,    PAID",
                "PLACED,    CANCELLED",
                "PAID,      SHIPPED",
                "PAID,      CANCELLED",
                "SHIPPED,   DELIVERED",
                "DELIVERED, RETURNED"})
        void shouldAllowTheDirectTransitionsOfTheContract(String from, String to) {
            assertThat(ORDER.isDirectSuccessor(from, to)).isTrue();
            assertThat(ORDER.canReach(from, to)).isTrue();
        }

        @ParameterizedTest
        @CsvSource({
                "PLACED,  SHIPPED",
                "PLACED,  DELIVERED",
                "PLACED,  RETURNED",
                "PAID,    DELIVERED",
                "PAID,    RETURNED",
                "SHIPPED, RETURNED"})
        void shouldReachLaterStepsOnlyThroughOthers(String from, String to) {
            assertThat(ORDER.canReach(from, to)).isTrue();
            assertThat(ORDER.isDirectSuccessor(from, to)).isFalse();
        }

        @ParameterizedTest
        @CsvSource({
                "SHIPPED,   CANCELLED",
                "DELIVERED, CANCELLED",
                "CANCELLED, SHIPPED",
                "CANCELLED, PAID",
                "CANCELLED, RETURNED",
                "RETURNED,  DELIVERED",
                "PAID,      PLACED",
                "DELIVERED, SHIPPED",
                "PLACED,    PLACED",
                "DELIVERED, DELIVERED",
                "UNKNOWN,   PAID",
                "PAID,      UNKNOWN"})
        void shouldNotReachBackwardsSidewaysOrUnknownSteps(String from, String to) {
            assertThat(ORDER.canReach(from, to)).isFalse();
            assertThat(ORDER.isDirectSuccessor(from, to)).isFalse();
        }

        @Test
        void shouldListDirectPredecessors() {
            assertThat(ORDER.predecessorsOf("PLACED")).isEmpty();
            assertThat(ORDER.predecessorsOf("PAID")).containsExactly("PLACED");
            assertThat(ORDER.predecessorsOf("SHIPPED")).containsExactly("PAID");
            assertThat(ORDER.predecessorsOf("CANCELLED")).containsExactly("PLACED", "PAID");
            assertThat(ORDER.predecessorsOf("RETURNED")).containsExactly("DELIVERED");
            assertThat(ORDER.predecessorsOf("UNKNOWN")).isEmpty();
        }

        @Test
        void shouldRankStepsInDeclarationOrder() {
            assertThat(ORDER.rank("PLACED")).isLessThan(ORDER.rank("PAID"));
            assertThat(ORDER.rank("PAID")).isLessThan(ORDER.rank("SHIPPED"));
            assertThat(ORDER.rank("SHIPPED")).isLessThan(ORDER.rank("DELIVERED"));
            assertThat(ORDER.rank("DELIVERED")).isLessThan(ORDER.rank("CANCELLED"));
            assertThat(ORDER.rank("CANCELLED")).isLessThan(ORDER.rank("RETURNED"));
            assertThat(ORDER.rank("UNKNOWN")).isEqualTo(Integer.MAX_VALUE);
        }

        @Test
        void shouldNotLetCallersModifyTheDefinition() {
            assertThatThrownBy(() -> ORDER.eventTypes().add("ORDER_LOST"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ORDER.mainPath().add("LOST")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ORDER.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ORDER.step("PLACED").orElseThrow().next().add("RETURNED"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class OtherProcesses {

        @Test
        void shouldLoadAnotherProcessFromJson() {
            Lifecycle ticket = parse("""
                    {"name": "ticket", "mainPath": ["OPENED", "SOLVED"],
                     "steps": [
                       {"name": "OPENED", "eventType": "TICKET_OPENED", "next": ["SOLVED"]},
                       {"name": "SOLVED", "eventType": "TICKET_SOLVED", "next": ["OPENED"], "terminal": true}]}
                    """);

            assertThat(ticket.name()).isEqualTo("ticket");
            assertThat(ticket.eventTypes()).containsExactly("TICKET_OPENED", "TICKET_SOLVED");
            assertThat(ticket.isTerminal("SOLVED")).isTrue();
            assertThat(ticket.isTerminal("OPENED")).isFalse();
            // a reopened ticket: cycles are allowed and do not loop forever
            assertThat(ticket.canReach("SOLVED", "OPENED")).isTrue();
            assertThat(ticket.canReach("OPENED", "OPENED")).isTrue();
        }

        @Test
        void shouldDefaultNameAndMainPathWhenAbsent() {
            Lifecycle minimal = parse("{\"steps\": [{\"name\": \"DONE\", \"eventType\": \"DONE_EVENT\"}]}");

            assertThat(minimal.name()).isEqualTo("process");
            assertThat(minimal.mainPath()).isEmpty();
            assertThat(minimal.step("DONE").orElseThrow().next()).isEmpty();
        }
    }

    @Nested
    class MalformedDefinitions {

        @Test
        void shouldRejectUnknownNextStep() {
            assertThatThrownBy(() -> parse("""
                    {"name": "broken", "steps": [
                       {"name": "A", "eventType": "A_DONE", "next": ["B"]},
                       {"name": "C", "eventType": "C_DONE"}]}
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("broken")
                    .hasMessageContaining("unknown next step B");
        }

        @Test
        void shouldRejectDuplicateStep() {
            assertThatThrownBy(() -> parse("""
                    {"name": "broken", "steps": [
                       {"name": "A", "eventType": "A_DONE"},
                       {"name": "A", "eventType": "A_AGAIN"}]}
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("step A declared twice");
        }

        @Test
        void shouldRejectEventTypeCompletingTwoSteps() {
            assertThatThrownBy(() -> parse("""
                    {"steps": [
                       {"name": "A", "eventType": "DONE"},
                       {"name": "B", "eventType": "DONE"}]}
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("event type DONE completes two steps");
        }

        @Test
        void shouldRejectMainPathNamingUnknownStep() {
            assertThatThrownBy(() -> parse("""
                    {"mainPath": ["A", "Z"], "steps": [{"name": "A", "eventType": "A_DONE"}]}
                    """))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mainPath names unknown step Z");
        }

        @Test
        void shouldRejectDefinitionWithoutSteps() {
            assertThatThrownBy(() -> parse("{\"name\": \"empty\", \"steps\": []}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no steps");
            assertThatThrownBy(() -> parse("{\"name\": \"empty\"}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no steps");
        }

        @Test
        void shouldRejectStepWithoutName() {
            assertThatThrownBy(() -> parse("{\"steps\": [{\"eventType\": \"A_DONE\"}]}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name");
        }

        @Test
        void shouldRejectStepWithoutEventType() {
            // otherwise an event with "type": "" would count as valid
            assertThatThrownBy(() -> parse("{\"steps\": [{\"name\": \"A\"}]}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("step A")
                    .hasMessageContaining("eventType");
        }

        @Test
        void shouldRejectMissingResource() {
            assertThatThrownBy(() -> Lifecycle.fromResource("/bpmon/no-such-lifecycle.json"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/bpmon/no-such-lifecycle.json");
        }
    }
}
