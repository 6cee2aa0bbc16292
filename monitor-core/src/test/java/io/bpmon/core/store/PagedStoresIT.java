package io.bpmon.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.alerts.Resolution;
import io.bpmon.core.config.ElasticsearchConfig;
import io.bpmon.core.fixtures.RawElasticsearch;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Severity;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The order and alert stores' cursor paging against the real test Elasticsearch (docs/api.md, "Paging"): documents
 * written straight into the indices, and changed between two pages the way the job changes them — an order's
 * {@code updatedAt} and {@code status} move on, an alert is resolved in place, new ones arrive. Every walk hands out
 * each document of its start exactly once, in every sort the explorer offers.
 */
class PagedStoresIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.parse("2026-11-30T23:00:00Z");
    private static final int ORDERS = 57;

    private static RawElasticsearch raw;
    private static Elasticsearch es;
    private static Indices indices;
    private static ElasticsearchOrderReader orders;
    private static ElasticsearchAlertStore alerts;
    private static ElasticsearchIncidentStore incidents;

    @BeforeAll
    static void schema() {
        String url = System.getenv("BPMON_TEST_ES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("BPMON_TEST_ES_URL is not set: run the integration tests with "
                    + "./bpmon test, which starts Elasticsearch for them");
        }
        ElasticsearchConfig config = ElasticsearchConfig.defaults().withUrl(URI.create(url))
                .withIndexPrefix("paging-it-" + RUN);
        raw = RawElasticsearch.of(config);
        es = Elasticsearch.of(config);
        SchemaSetup.ensureSchema(es, config, Duration.ofSeconds(30), s -> {});
        indices = new Indices(config.indexPrefix());
        orders = new ElasticsearchOrderReader(es, indices);
        alerts = new ElasticsearchAlertStore(es, indices);
        incidents = new ElasticsearchIncidentStore(es, indices);
    }

    @AfterAll
    static void deleteIndices() {
        raw.get("/_cat/indices/paging-it-" + RUN + "-*?h=index&format=json").body()
                .forEach(i -> raw.delete("/" + i.path("index").asText()));
        raw.delete("/_index_template/paging-it-" + RUN + "-*");
        es.close();
    }

    /** An order as the job stores it (the fields lists sort and filter on), in the index of its first event. */
    private static void putOrder(String orderId, Instant firstEventAt, Instant updatedAt, String status) {
        ObjectNode doc = Json.mapper().createObjectNode().put("orderId", orderId).put("status", status)
                .put("firstEventAt", firstEventAt.toString()).put("updatedAt", updatedAt.toString());
        doc.putObject("attributes").put("country", "DE");
        assertThat(raw.put("/" + indices.ordersFor(firstEventAt) + "/_doc/" + orderId, doc).ok()).isTrue();
    }

    private static void refresh() {
        for (String index : List.of(indices.orders(), indices.alerts())) {
            RawElasticsearch.Response r = raw.post("/" + index + "/_refresh", "");
            assertThat(r.ok() || r.status() == 404).as(index + ": " + r.body()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(OrderSort.Field.class)
    void shouldWalkTheOrdersOnceEachInEverySortWhileTheyMoveOn(OrderSort.Field field) {
        for (boolean ascending : List.of(true, false)) {
            String prefix = "o-" + field.name().toLowerCase() + (ascending ? "-asc-" : "-desc-");
            Map<String, Instant> firstEventAt = new java.util.TreeMap<>();
            for (int i = 0; i < ORDERS; i++) {
                // across two monthly indices; updatedAt ties in threes, so the order id must break them
                String id = prefix + String.format("%03d", i);
                firstEventAt.put(id, T0.plus(Duration.ofMinutes(5L * i)));
                putOrder(id, firstEventAt.get(id), T0.plus(Duration.ofHours(3)).plusSeconds(i / 3),
                        i % 2 == 0 ? "PLACED" : "PACKED");
            }
            refresh();
            OrderFilter filter = new OrderFilter(prefix, Optional.empty(), Map.of(), Optional.empty());
            OrderSort sort = new OrderSort(field, ascending);
            List<String> walked = new ArrayList<>();
            Optional<Cursor> after = Optional.empty();
            int step = 0;
            do {
                Page<JsonNode> page = orders.search(filter, sort, 10, filter.walk(sort, T0, after));
                page.items().forEach(o -> walked.add(o.path("orderId").asText()));
                assertThat(page.total()).as("the snapshot's total").isEqualTo(ORDERS);
                after = Optional.ofNullable(page.next());
                if (after.isPresent()) {
                    // the job moves an order not seen yet and one seen on (later activity, a new status), and a
                    // new order arrives: all of it searchable before the next page is asked for
                    step++;
                    String unseen = firstEventAt.keySet().stream().filter(id -> !walked.contains(id)).findFirst()
                            .orElseThrow();
                    String seen = walked.get(0);
                    Instant later = T0.plus(Duration.ofDays(2 + step));
                    putOrder(unseen, firstEventAt.get(unseen), later, "SHIPPED");
                    putOrder(seen, firstEventAt.get(seen), later, "DELIVERED");
                    putOrder(prefix + "new-" + step, T0, later, "PLACED");
                    refresh();
                }
            } while (after.isPresent());

            assertThat(step).isEqualTo((ORDERS + 9) / 10 - 1);
            assertThat(walked).as(sort + ": no order twice").doesNotHaveDuplicates();
            assertThat(new HashSet<>(walked)).as(sort + ": each order of the walk's start")
                    .isEqualTo(firstEventAt.keySet());
        }
    }

    @Test
    void shouldOpenNoSnapshotForACountOrAListThatFitsOnOnePage() {
        for (int i = 0; i < 3; i++) {
            putOrder("o-count-" + i, T0, T0.plusSeconds(i), "PLACED");
        }
        refresh();
        long before = openContexts();

        Page<JsonNode> count = orders.search(new OrderQuery(Optional.of("PLACED"), 0));
        OrderFilter filter = new OrderFilter("o-count-", Optional.empty(), Map.of(), Optional.empty());
        OrderSort sort = new OrderSort(OrderSort.Field.UPDATED_AT, false);
        Page<JsonNode> one = orders.search(filter, sort, 3, filter.walk(sort, T0, Optional.empty()));

        assertThat(count.items()).isEmpty();
        assertThat(count.next()).isNull();
        assertThat(one.items()).hasSize(3);
        assertThat(one.next()).isNull();
        assertThat(openContexts()).as("no new snapshot (an old one may expire meanwhile)").isLessThanOrEqualTo(before);
        Page<JsonNode> two = orders.search(filter, sort, 2, filter.walk(sort, T0, Optional.empty()));
        assertThat(two.next().pointInTime()).isNotNull();
        assertThat(openContexts()).as("a walk of two pages reads a snapshot").isGreaterThan(before);
    }

    @Test
    void shouldRefuseACursorWhoseSnapshotIsOfAnotherIndex() {
        putAlert(alert("other", "a-foreign", T0, AlertStatus.OPEN, 1));
        refresh();
        String pit = raw.post("/" + indices.alerts() + "/_pit?keep_alive=1m", Map.of()).body().path("id").asText();
        OrderFilter filter = new OrderFilter("", Optional.empty(), Map.of(), Optional.empty());
        OrderSort sort = new OrderSort(OrderSort.Field.UPDATED_AT, false);
        Cursor crafted = filter.walk(sort, null, Optional.empty()).next(List.of(Long.MAX_VALUE, "", -1L), pit, 10);

        assertThatThrownBy(() -> orders.search(filter, sort, 10, filter.walk(sort, null, Optional.of(crafted))))
                .isInstanceOf(Cursor.InvalidCursorException.class).hasMessageContaining("another");
    }

    private static Alert alert(String id, Instant detectedAt, AlertStatus status, long revision) {
        return alert("pay", id, detectedAt, status, revision);
    }

    private static Alert alert(String ruleId, String id, Instant detectedAt, AlertStatus status, long revision) {
        return new Alert(id, ruleId, 1, "Payment", AlertKind.SLA_BREACH, Severity.WARNING, "o-" + id, Map.of(),
                status, "PLACED", "PAID", detectedAt.minusSeconds(60), detectedAt.minusSeconds(5), detectedAt,
                status == AlertStatus.RESOLVED ? detectedAt.plusSeconds(30) : null,
                status == AlertStatus.RESOLVED ? Resolution.COMPLETED_LATE : null, false, null, null, revision);
    }

    private static void putAlert(Alert a) {
        assertThat(raw.put("/" + indices.alerts() + "/_doc/" + a.id(), Json.mapper().valueToTree(a)).ok()).isTrue();
    }

    @Test
    void shouldWalkTheAlertsLiveOnceEachWhileTheyAreResolvedAndNewOnesArrive() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            // detected in fours at the same millisecond: the id breaks the ties
            Alert a = alert(String.format("a-%03d", i), T0.plusSeconds(i / 4), AlertStatus.OPEN, 1);
            putAlert(a);
            all.add(a.id());
        }
        refresh();
        AlertQuery query = new AlertQuery(Optional.empty(), Optional.of("pay"), Optional.empty(), 10);
        List<Alert> walked = new ArrayList<>();
        Set<String> resolved = new HashSet<>();
        Optional<Cursor> after = Optional.empty();
        int step = 0;
        do {
            Page<Alert> page = alerts.search(query.after(after));
            walked.addAll(page.items());
            after = Optional.ofNullable(page.next());
            if (after.isPresent()) {
                step++;
                Set<String> seen = walked.stream().map(Alert::id).collect(Collectors.toSet());
                String unseen = all.stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
                Alert original = alert(unseen, T0.plusSeconds(all.indexOf(unseen) / 4), AlertStatus.RESOLVED, 2);
                putAlert(original);
                resolved.add(unseen);
                putAlert(alert("a-new-" + step, T0.plus(Duration.ofDays(1)), AlertStatus.OPEN, 1));
                refresh();
            }
        } while (after.isPresent());

        assertThat(walked).extracting(Alert::id).as("each alert of the walk's start once, newest first, none else")
                .containsExactlyElementsOf(all.stream().sorted((x, y) -> {
                    int byTime = Integer.compare(all.indexOf(y) / 4, all.indexOf(x) / 4);
                    return byTime != 0 ? byTime : x.compareTo(y);
                }).toList());
        assertThat(walked).filteredOn(a -> resolved.contains(a.id())).as("read live: resolved before their page")
                .isNotEmpty().allMatch(a -> a.status() == AlertStatus.RESOLVED);
    }

    @Test
    void shouldWalkTheIncidentsOfOneSeverityLiveOnceEachWhileTheyChange() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // opened in threes at the same millisecond: the id breaks the ties; every other one is critical
            Incident incident = incident(String.format("i-%03d", i), i % 2 == 0 ? Severity.CRITICAL : Severity.WARNING,
                    T0.plusSeconds(i / 3), AlertStatus.OPEN, 1);
            putIncident(incident);
            if (incident.severity() == Severity.CRITICAL) {
                all.add(incident.id());
            }
        }
        refresh(indices.incidents());
        IncidentQuery query = new IncidentQuery(Optional.empty(), Optional.empty(), Optional.of(Severity.CRITICAL), 5,
                Optional.empty());
        List<Incident> walked = new ArrayList<>();
        Optional<Cursor> after = Optional.empty();
        int step = 0;
        do {
            Page<Incident> page = incidents.search(query.after(after));
            assertThat(page.total()).isGreaterThanOrEqualTo(all.size());
            walked.addAll(page.items());
            after = Optional.ofNullable(page.next());
            if (after.isPresent()) {
                // while the list is read: an unseen incident grows, a new one opens
                Set<String> seen = walked.stream().map(Incident::id).collect(Collectors.toSet());
                String unseen = all.stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
                putIncident(incident(unseen, Severity.CRITICAL, T0.plusSeconds(Integer.parseInt(unseen.substring(2))
                        / 3), AlertStatus.RESOLVED, 2));
                putIncident(incident("i-new-" + ++step, Severity.CRITICAL, T0.plus(Duration.ofDays(1)),
                        AlertStatus.OPEN, 1));
                refresh(indices.incidents());
            }
        } while (after.isPresent());

        assertThat(walked).extracting(Incident::id).as("each critical incident of the walk's start once, newest first")
                .containsExactlyElementsOf(all.stream().sorted((x, y) -> {
                    int byTime = Integer.compare(Integer.parseInt(y.substring(2)) / 3,
                            Integer.parseInt(x.substring(2)) / 3);
                    return byTime != 0 ? byTime : x.compareTo(y);
                }).toList());
        assertThat(walked).allMatch(i -> i.severity() == Severity.CRITICAL);
        assertThat(walked).filteredOn(i -> i.status() == AlertStatus.RESOLVED).as("read live").isNotEmpty();
        Cursor second = incidents.search(query).next();
        assertThatThrownBy(() -> incidents.search(new IncidentQuery(Optional.empty(), Optional.empty(), 5)
                .after(Optional.of(second)))).as("a cursor of another severity")
                .isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void shouldDrawAnIncidentsBreachCurveMostAffectedValuesAndRowSparklinesFromItsAlerts() {
        Instant opened = T0.plus(Duration.ofDays(3)).plusSeconds(30); // 00:00:30
        Incident incident = incident("i-curve", Severity.CRITICAL, opened, AlertStatus.OPEN, 1);
        String[] countries = {"DE", "DE", "AT", "DE", "FR", "DE"};
        for (int i = 0; i < countries.length; i++) {
            // minutes 0, 0, 1, 1, 2, 4 after the opening; one alert of another incident
            long minute = new long[] {0, 0, 1, 1, 2, 4}[i];
            Alert a = new Alert("curve-" + i, "pay", 1, "Payment", AlertKind.SLA_BREACH, Severity.CRITICAL, "o-c" + i,
                    Map.of("country", countries[i], "carrier", "dhl"), AlertStatus.OPEN, "PLACED", "PAID",
                    opened.minusSeconds(60), opened, opened.plus(Duration.ofMinutes(minute)), null, null, false, null,
                    null, 1).inIncident(i == 5 ? "i-other" : "i-curve", null);
            putAlert(a);
        }
        refresh(indices.alerts());

        IncidentProfile profile = incidents.profile(incident, opened.plus(Duration.ofMinutes(5)),
                List.of("country", "carrier", "warehouse"), 2);
        Map<String, List<Long>> rows = incidents.perMinute(List.of("i-curve", "i-other", "i-none"),
                opened.plus(Duration.ofMinutes(5)), 6);

        assertThat(profile.bucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(profile.from()).isEqualTo(opened.minusSeconds(30));
        assertThat(profile.counts()).containsExactly(2L, 2L, 1L, 0L, 0L, 0L);
        assertThat(profile.segments()).containsOnlyKeys("country", "carrier");
        assertThat(profile.segments().get("country")).containsExactly(new IncidentProfile.ValueCount("DE", 3),
                new IncidentProfile.ValueCount("AT", 1));
        assertThat(rows.get("i-curve")).containsExactly(2L, 2L, 1L, 0L, 0L, 0L);
        assertThat(rows.get("i-other")).containsExactly(0L, 0L, 0L, 0L, 1L, 0L);
        assertThat(rows.get("i-none")).containsOnly(0L);
        AlertQuery affected = new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(), 2)
                .inIncident(Optional.of("i-curve"));
        Page<Alert> first = alerts.search(affected);
        Page<Alert> second = alerts.search(affected.after(Optional.of(first.next())));
        assertThat(first.total()).as("the incident's alerts only").isEqualTo(5);
        assertThat(second.items()).hasSize(2).noneMatch(a -> first.items().contains(a));
        assertThatThrownBy(() -> alerts.search(new AlertQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                2).after(Optional.of(first.next())))).as("a cursor of another incident's list")
                .isInstanceOf(Cursor.InvalidCursorException.class);
    }

    private static Incident incident(String id, Severity severity, Instant openedAt, AlertStatus status,
            long revision) {
        return new Incident(id, "pay", "Payment", severity, Map.of("paymentMethod", "paypal"), status, openedAt,
                status == AlertStatus.RESOLVED ? openedAt.plusSeconds(60) : null, 3,
                status == AlertStatus.RESOLVED ? 0 : 3, List.of("o-1"), revision);
    }

    private static void putIncident(Incident i) {
        assertThat(raw.put("/" + indices.incidents() + "/_doc/" + i.id(), Json.mapper().valueToTree(i)).ok())
                .isTrue();
    }

    private static void refresh(String index) {
        RawElasticsearch.Response r = raw.post("/" + index + "/_refresh", "");
        assertThat(r.ok()).as(index + ": " + r.body()).isTrue();
    }

    /** Search contexts open on the node, points in time included. */
    private static long openContexts() {
        long n = 0;
        for (JsonNode node : raw.get("/_nodes/stats/indices/search").body().path("nodes")) {
            n += node.path("indices").path("search").path("open_contexts").asLong();
        }
        return n;
    }
}
