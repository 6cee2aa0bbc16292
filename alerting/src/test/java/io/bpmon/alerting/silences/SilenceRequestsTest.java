package io.bpmon.alerting.silences;

import static io.bpmon.alerting.fixtures.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceRequestsTest {

    private static SilenceRequests.Result parse(String json) throws Exception {
        return SilenceRequests.parse(Json.readTree(json.getBytes()), T0);
    }

    @Test
    void shouldReadAValidSilenceStartingNow() throws Exception {
        SilenceRequests.Result r = parse("""
                {"matchers":{"ruleId":"payment-30m","attributes":{"country":"DE","express":true}},
                 "endsAt":"2026-11-28T13:00:00+02:00","comment":"PSP outage","createdBy":"ops"}""");

        assertThat(r.errors()).isEmpty();
        Silence s = r.silence();
        assertThat(s.ruleId()).isEqualTo("payment-30m");
        assertThat(s.attributes()).isEqualTo(Map.of("country", "DE", "express", "true"));
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(s.endsAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(s.id()).isNotBlank();
    }

    @Test
    void shouldNameEveryInvalidField() throws Exception {
        SilenceRequests.Result r = parse("""
                {"matchers":{"ruleId":7,"attributes":{"country":["DE"]}},"startsAt":"soon",
                 "endsAt":"2026-11-28T09:00:00Z","comment":" "}""");

        assertThat(r.silence()).isNull();
        assertThat(r.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("matchers.ruleId",
                "matchers.attributes.country", "startsAt", "endsAt", "comment", "createdBy");
    }

    @Test
    void shouldRefuseASilenceOfEverythingOneInThePastAndOneTooLong() throws Exception {
        assertThat(parse("{\"matchers\":{},\"endsAt\":\"2026-11-28T11:00:00Z\",\"comment\":\"c\","
                + "\"createdBy\":\"me\"}").errors()).extracting(FieldError::field).containsExactly("matchers");
        assertThat(parse("{\"matchers\":{\"ruleId\":\"r\"},\"endsAt\":\"2026-11-28T09:59:59Z\","
                + "\"comment\":\"c\",\"createdBy\":\"me\"}").errors()).extracting(FieldError::field)
                .containsExactly("endsAt");
        assertThat(parse("{\"matchers\":{\"ruleId\":\"r\"},\"endsAt\":\"2027-06-01T00:00:00Z\","
                + "\"comment\":\"c\",\"createdBy\":\"me\"}").errors()).extracting(FieldError::message)
                .containsExactly("must be at most 90 days after startsAt");
        assertThat(SilenceRequests.parse(Json.mapper().createArrayNode(), T0).errors()).hasSize(1);
    }
}
