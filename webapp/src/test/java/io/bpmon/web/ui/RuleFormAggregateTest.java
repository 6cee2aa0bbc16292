package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.lifecycle.Lifecycle;
import io.bpmon.core.rules.RuleValidator;
import io.bpmon.core.rules.VelocityAggregate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule form's aggregate field (docs/velocity-rules.md): read, named when unreadable, shown back unchanged. */
class RuleFormAggregateTest {

    private static final RuleValidator VALIDATOR = new RuleValidator(Lifecycle.defaultLifecycle());

    private static RuleForm velocity(String aggregate) {
        return new RuleForm("revenue", "Revenue", "VELOCITY", "WARNING", true, "", "", "", List.of(), "ORDER_PLACED",
                "15m", "20000", "", "country", "", "", aggregate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sum of amount", "avg of amount", "ratio of discount above 50",
            "ratio of discount above 10 below 20.5"})
    void shouldReadTheAggregateAndShowItBackAsWritten(String aggregate) {
        RuleForm.Checked c = velocity(aggregate).check(VALIDATOR);

        assertThat(c.errors()).isEmpty();
        assertThat(c.rule().aggregate()).isNotNull();
        assertThat(RuleForm.of(c.rule()).aggregate()).isEqualTo(aggregate);
    }

    @Test
    void shouldKeepAStoredAggregateWhenTheRuleIsEditedInTheForm() {
        RuleForm.Checked c = velocity("Sum of amount").check(VALIDATOR);

        assertThat(c.rule().aggregate().function()).isEqualTo(VelocityAggregate.Function.sum);
        RuleForm again = RuleForm.of(c.rule());
        assertThat(again.check(VALIDATOR).rule()).isEqualTo(c.rule());
    }

    @Test
    void shouldCountWhenTheFieldIsEmpty() {
        RuleForm.Checked c = velocity("").check(VALIDATOR);

        assertThat(c.rule().aggregate()).isNull();
        assertThat(RuleForm.of(c.rule()).aggregate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"median of amount", "sum", "ratio of discount above lots"})
    void shouldNameTheAggregateFieldWhenItCannotBeUsed(String aggregate) {
        RuleForm.Checked c = velocity(aggregate).check(VALIDATOR);

        assertThat(c.rule()).isNull();
        assertThat(c.errors()).extracting(e -> RuleForm.formField(e.field())).contains("aggregate");
        assertThat(RuleForm.byField(c.errors())).containsKey("aggregate");
    }
}
