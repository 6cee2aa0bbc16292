package io.bpmon.alerting.delivery;

import static io.bpmon.alerting.delivery.TestDeliveries.message;
import static io.bpmon.alerting.delivery.TestDeliveries.silence;
import static io.bpmon.alerting.fixtures.TestAlerts.RULE;
import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static io.bpmon.alerting.fixtures.TestAlerts.at;
import static io.bpmon.alerting.fixtures.TestAlerts.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.silences.Silence;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceStageTest {

    private final SilenceStage stage = new SilenceStage();
    private final Silence deOutage = silence(RULE, Map.of("country", "DE"), T0, Duration.ofHours(1));

    @Test
    void shouldMuteFiringUpdateAndRepeatMessagesOfAGroupASilenceCovers() {
        for (Notification.Kind kind : List.of(Notification.Kind.FIRING, Notification.Kind.UPDATE,
                Notification.Kind.REPEAT)) {
            assertThat(stage.mutedBy(message(kind, 1, T0), List.of(deOutage), at(min(1)))).as("%s", kind)
                    .contains(deOutage);
        }
        Silence everyRuleInDe = silence(null, Map.of("country", "DE"), T0, Duration.ofHours(1));
        assertThat(stage.mutedBy(message(Notification.Kind.FIRING, 1, T0), List.of(everyRuleInDe), at(min(1))))
                .isPresent();
    }

    @Test
    void shouldNeverMuteAResolvedNotice() {
        assertThat(stage.mutedBy(message(Notification.Kind.RESOLVED, 2, T0), List.of(deOutage), at(min(1))))
                .isEmpty();
    }

    @Test
    void shouldSendWhenASilenceCoversOnlyPartOfTheGroupOrAnotherGroupOrHasEnded() {
        Notification firing = message(Notification.Kind.FIRING, 1, T0);
        Silence oneCarrier = silence(RULE, Map.of("country", "DE", "carrier", "dhl"), T0, Duration.ofHours(1));
        Silence france = silence(RULE, Map.of("country", "FR"), T0, Duration.ofHours(1));
        Silence otherRule = silence("other", Map.of("country", "DE"), T0, Duration.ofHours(1));

        assertThat(stage.mutedBy(firing, List.of(oneCarrier, france, otherRule), at(min(1)))).isEmpty();
        assertThat(stage.mutedBy(firing, List.of(deOutage), at(min(60)))).as("ended").isEmpty();
    }
}
