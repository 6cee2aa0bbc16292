package io.bpmon.core.simulation;

import static io.bpmon.core.simulation.Simulation.BEGINNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpmon.core.config.ConfigException;
import io.bpmon.core.event.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's money incidents: a price error and a sales drop in one country (docs/velocity-rules.md). */
class SalesIncidentsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Price error in minute 1, sales drop in FR in minute 3; five minutes of demo traffic at 20 orders/s. */
    private static final Simulation RUN = Simulation.of(SimulatorConfig.defaults().withTrouble(
            TroubleConfig.none()).withSales(SalesIncidents.disabled().withPriceError(MINUTE, null, MINUTE)
            .withSalesDrop("FR", Duration.ofMinutes(3), null, MINUTE))).runFor(Duration.ofMinutes(5));

    private static List<OrderEvent> placements(int minute) {
        Instant from = BEGINNING.plus(Duration.ofMinutes(minute));
        return RUN.valid().stream().map(Simulation.Sent::event)
                .filter(e -> e.type().equals("ORDER_PLACED"))
                .filter(e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(from.plus(MINUTE)))
                .toList();
    }

    private static double average(List<OrderEvent> orders, String currency) {
        return orders.stream().filter(e -> currency.equals(e.attributes().get("currency")))
                .mapToDouble(e -> Double.parseDouble(e.attributes().get("amount"))).average().orElseThrow();
    }

    private static double share(List<OrderEvent> orders, java.util.function.Predicate<OrderEvent> p) {
        return orders.stream().filter(p).count() / (double) orders.size();
    }

    @Test
    void shouldPutTheMispricedArticleIntoAShareOfTheBasketsOnlyWhileThePriceErrorLasts() {
        List<OrderEvent> before = placements(0);
        List<OrderEvent> during = placements(1);

        assertThat(share(before, e -> e.attributes().containsKey(TrafficModel.DISCOUNT))).isZero();
        double discounted = share(during, e -> "90".equals(e.attributes().get(TrafficModel.DISCOUNT)));
        assertThat(discounted).isBetween(0.35, 0.45);
        assertThat(during).filteredOn(e -> e.attributes().containsKey(TrafficModel.DISCOUNT))
                .allSatisfy(e -> assertThat(e.attributeKinds()).containsEntry(TrafficModel.DISCOUNT, "number"));
        assertThat(average(during, "EUR")).as("the average basket falls").isLessThan(average(before, "EUR") * 0.75);
        assertThat(share(placements(2), e -> e.attributes().containsKey(TrafficModel.DISCOUNT))).isZero();
    }

    @Test
    void shouldStopMostOfOneCountrysOrdersWhileTheSalesDropLasts() {
        double frBefore = share(placements(2), e -> "FR".equals(e.attributes().get("country")));
        double frDuring = share(placements(3), e -> "FR".equals(e.attributes().get("country")));
        double frAfter = share(placements(4), e -> "FR".equals(e.attributes().get("country")));

        assertThat(frBefore).isBetween(0.09, 0.15);
        assertThat(frDuring).isLessThan(frBefore * 0.2);
        assertThat(frAfter).isBetween(0.09, 0.15);
        long deBefore = placements(2).stream().filter(e -> "DE".equals(e.attributes().get("country"))).count();
        long deDuring = placements(3).stream().filter(e -> "DE".equals(e.attributes().get("country"))).count();
        assertThat(deDuring).as("other countries carry on").isBetween((long) (deBefore * 0.85), (long) (deBefore * 1.15));
    }

    @Test
    void shouldRejectAWindowLongerThanItsPeriod() {
        assertThatThrownBy(() -> SalesIncidents.disabled().withPriceError(MINUTE, MINUTE, MINUTE))
                .isInstanceOf(ConfigException.class).hasMessageContaining(SimulatorCommandLine.PRICE_ERROR_DURATION);
    }

    @Test
    void shouldReadTheMoneyIncidentsFromTheCommandLine() {
        SimulatorConfig config = SimulatorCommandLine.parse(new String[] {"--price-error-every", "PT10M",
                "--sales-drop-country", "NL"});

        assertThat(config.sales().priceError()).isTrue();
        assertThat(config.sales().priceErrorEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.sales().salesDrop()).isTrue();
        assertThat(config.sales().dropCountry()).isEqualTo("NL");
        assertThat(SimulatorCommandLine.parse(new String[0]).sales()).isEqualTo(SalesIncidents.disabled());
    }
}
