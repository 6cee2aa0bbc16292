package io.bpmon.web.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.json.Json;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.service.RuleChangeException;
import io.bpmon.core.rules.service.RuleService;
import io.bpmon.web.MemoryRuleStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The one answer to a refused rule change, for the API and the rules pages (docs/api.md, rules). */
class RuleChangeRefusalTest {

    static final String PAYMENT_SLA = """
            {"id": "pay", "name": "Payment within 30 min", "kind": "STEP_SLA", "from": "PLACED", "to": "PAID",
             "maxDuration": "PT30M"}""";

    private final MemoryRuleStore store = new MemoryRuleStore();
    private final RuleService rules = new RuleService(new RuleValidator(Lifecycle.defaultLifecycle()), store,
            MemoryRuleStore.noJob(), Clock.systemUTC(), w -> {});

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RuleChangeRefusal refusal(Runnable change) {
        try {
            change.run();
        } catch (RuleChangeException e) {
            return RuleChangeRefusal.of(e);
        }
        throw new AssertionError("the change was accepted");
    }

    @Test
    void shouldAnswerAnInvalidRuleWith400NamingEachBadField() {
        RuleChangeRefusal r = refusal(() -> rules.create(json(PAYMENT_SLA.replace("PT30M", "PT0S")
                .replace("PAID", "NOWHERE")), "alice"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid rule");
        assertThat(r.details()).extracting(FieldError::field).containsExactlyInAnyOrder("to", "maxDuration");
    }

    @Test
    void shouldAnswerAnUnknownRuleOrVersionWith404() {
        RuleChangeRefusal r = refusal(() -> rules.update("pay", json(PAYMENT_SLA), "alice"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("rule pay not found");
        rules.create(json(PAYMENT_SLA), "alice");
        assertThat(refusal(() -> rules.restore("pay", 7, "alice")).status()).isEqualTo(404);
    }

    /** docs/contract.md: {@code POST /api/rules} answers 409 if the id exists; the page says so beside the id. */
    @Test
    void shouldAnswerAnIdInUseWith409NamingTheId() {
        rules.create(json(PAYMENT_SLA), "alice");
        RuleChangeRefusal r = refusal(() -> rules.create(json(PAYMENT_SLA), "bob"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).contains("pay", "already exists");
        assertThat(r.details()).extracting(FieldError::field).containsExactly("id");
    }

    @Test
    void shouldAnswerAConcurrentChangeWith409() {
        rules.create(json(PAYMENT_SLA), "alice");
        store.loseNextSave();
        RuleChangeRefusal r = refusal(() -> rules.update("pay", json(PAYMENT_SLA), "bob"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).contains("changed concurrently");
        assertThat(r.details()).isEmpty();
    }
}
