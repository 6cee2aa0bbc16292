package io.bpmon.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "30m, PT30M",
            "2d 4h, PT52H",
            "2d4h, PT52H",
            "1h30m, PT1H30M",
            "1h 30m, PT1H30M",
            "90s, PT1M30S",
            "250ms, PT0.25S",
            "' 2 d 4 h ', PT52H",
            "1D 2H, PT26H",
            "PT30M, PT30M",
            "pt30m, PT30M",
            "P2DT4H, PT52H",
            "0s, PT0S"})
    void shouldParseWhatPeopleWrite(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({
            "PT52H, 2d 4h",
            "PT30M, 30m",
            "PT1H30M, 1h 30m",
            "PT90S, 1m 30s",
            "PT0.25S, 250ms",
            "P90D, 90d",
            "PT0S, 0s",
            "PT26H0M5S, 1d 2h 5s",
            "-PT30M, -30m"})
    void shouldFormatCanonically(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2d 4h", "30m", "1d 2h 3m 4s 5ms", "7d"})
    void shouldReadBackWhatItFormats(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }

    @Test
    void shouldRefuseABareNumberBecauseTheUnitIsAmbiguous() {
        assertThatThrownBy(() -> Durations.parse("30")).isInstanceOf(Durations.InvalidDurationException.class)
                .hasMessageContaining("expected a number and a unit at '30'").hasMessageContaining("m (minutes)");
    }

    @Test
    void shouldNameTheUnreadablePart() {
        assertThatThrownBy(() -> Durations.parse("2d 4x")).hasMessageContaining("at '4x'");
        assertThatThrownBy(() -> Durations.parse("2 weeks")).hasMessageContaining("at '2 weeks'");
    }

    @Test
    void shouldRefuseRepeatedOrUnorderedUnits() {
        assertThatThrownBy(() -> Durations.parse("30m 2h")).hasMessageContaining("larger to smaller");
        assertThatThrownBy(() -> Durations.parse("1h 1h")).hasMessageContaining("larger to smaller");
    }

    @Test
    void shouldRefuseEmptyTextAndBrokenIso() {
        assertThatThrownBy(() -> Durations.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Durations.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Durations.parse("PT30X")).hasMessageContaining("not an ISO-8601 duration");
    }

    @Test
    void shouldRefuseNumbersTooLongToMean() {
        assertThat(Durations.parse("999999999999d")).isEqualTo(Duration.ofDays(999_999_999_999L));
        assertThatThrownBy(() -> Durations.parse("9999999999999d")).hasMessageContaining("expected a number");
    }
}
