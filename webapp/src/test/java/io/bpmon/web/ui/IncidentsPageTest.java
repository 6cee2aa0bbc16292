package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.alerts.AlertKind;
import io.bpmon.core.alerts.AlertStatus;
import io.bpmon.core.alerts.Incident;
import io.bpmon.core.config.ApiUser;
import io.bpmon.core.rules.Severity;
import io.bpmon.core.store.Cursor;
import io.bpmon.core.store.IncidentProfile;
import io.bpmon.core.store.IncidentQuery;
import io.bpmon.core.store.IncidentStore;
import io.bpmon.core.store.Page;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /incidents} and {@code /incidents/{id}} over a fake {@link IncidentStore} (docs/incidents.md): the filters
 * become the store's question, the pages show what it answered (values escaped), and the acknowledgement takes the
 * API's path and comes back to the incident.
 */
class IncidentsPageTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private final FakeIncidents store = new FakeIncidents();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<DeliveryRecord> messages = new CopyOnWriteArrayList<>();
    private volatile AlertsPage.Refusal refusal;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Javalin app;

    @BeforeEach
    void start() {
        IncidentsPage page = new IncidentsPage(new Templates(), store, (id, by) -> {
            acknowledged.add(id + " " + by);
            return refusal;
        }, (id, limit) -> messages.stream().filter(r -> id.equals(r.incidentId())).limit(limit).toList(),
                Clock.fixed(NOW, ZoneOffset.UTC), true);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(ctx -> ctx.attribute(UiSecurity.SESSION_ATTRIBUTE,
                    new Sessions.Session("cookie", "session", "csrf", "erika", ApiUser.Role.OPERATOR, NOW)));
            cfg.routes.get(UiPaths.INCIDENTS, page::list);
            cfg.routes.get(UiPaths.INCIDENT, page::detail);
            cfg.routes.post(UiPaths.INCIDENT_ACK, page::acknowledge);
            cfg.routes.exception(UiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    static Incident incident(String id, AlertStatus status, Map<String, String> segment) {
        return new Incident(id, "payments", "Payments per method", Severity.CRITICAL, segment, status,
                NOW.minus(Duration.ofMinutes(6)), null, 313, 312, List.of("o-1"), 4);
    }

    static Alert inhibited(String orderId) {
        return new Alert("a-" + orderId, "payment-1m", 1, "Payment within 1 min", AlertKind.SLA_BREACH,
                Severity.WARNING, orderId, Map.of("paymentMethod", "paypal"), AlertStatus.OPEN, "PLACED", "PAID",
                NOW.minusSeconds(90), NOW.minusSeconds(30), NOW.minusSeconds(28), null, null, false, null, null, 1)
                .inIncident("i-1", "v-1");
    }

    @Test
    void shouldListTheIncidentsTheStoreFoundForTheFilters() throws Exception {
        store.stored.add(incident("i-1", AlertStatus.OPEN, Map.of("paymentMethod", "<script>alert(1)</script>")));
        store.total = 7;

        HttpResponse<String> page = get("/incidents?status=OPEN&ruleId=payments");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(store.asked).containsExactly(new IncidentQuery(Optional.of(AlertStatus.OPEN),
                Optional.of("payments"), IncidentsPage.LIMIT));
        assertThat(page.body()).contains("id=\"incident-i-1\"", "href=\"/incidents/i-1\"", "Payments per method",
                "312 / 313", "7 incidents, 1–1 shown, newest first", "aria-current=\"page\"",
                "id=\"ack-i-1\"", "id=\"spark-i-1\"", "points=\"0.0,16.0 30.0,8.0 60.0,0.0\"");
        assertThat(page.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");
    }

    @Test
    void shouldRefuseAnUnknownStatusNamingTheFieldWithoutAskingTheStore() throws Exception {
        HttpResponse<String> page = get("/incidents?status=CLOSED");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).startsWith("status: one of");
        assertThat(store.asked).isEmpty();
    }

    @Test
    void shouldShowAnIncidentWithItsAlertsAndOfferTheAcknowledgement() throws Exception {
        store.stored.add(incident("i-1", AlertStatus.OPEN, Map.of("paymentMethod", "paypal")));
        store.alerts.add(inhibited("o-1"));

        HttpResponse<String> page = get("/incidents/i-1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"alert-a-o-1\"", "href=\"/orders/o-1\"", "inhibited",
                "paymentMethod=paypal", "id=\"incident-ack\"", "action=\"/incidents/i-1/ack\"");
        assertThat(get("/incidents/i-9").statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("id=\"incident-no-notifications\"",
                "href=\"/alerts?incidentId=i-1\"", "The newest 1 of 313 alerts.");
        // the breach curve (three buckets, the highest full height) and the most affected values, escaped
        assertThat(page.body()).contains("id=\"incident-curve\"", "x=\"50.0\" y=\"0.0\" width=\"49.0\" height=\"120.0\"",
                "id=\"incident-segments\"", "DE&quot;&gt;&lt;b&gt; 5").doesNotContain("DE\"><b>");
    }

    @Test
    void shouldListTheMessagesSentAboutTheIncidentEscaped() throws Exception {
        store.stored.add(incident("i-1", AlertStatus.OPEN, Map.of("paymentMethod", "paypal")));
        messages.add(new DeliveryRecord("n#1:slack", "n#1", "g", "slack", Notification.Kind.FIRING, "payments",
                Severity.CRITICAL, "[CRITICAL] 1 segment out of bounds: '<b>Payments</b>'", 1,
                DeliveryRecord.Outcome.DELIVERED, 1, null, false, NOW, NOW, "i-1"));
        messages.add(new DeliveryRecord("m#1:slack", "m#1", "g2", "slack", Notification.Kind.FIRING, "other",
                Severity.CRITICAL, "another incident's message", 1, DeliveryRecord.Outcome.DELIVERED, 1, null, false,
                NOW, NOW, "i-2"));

        String page = get("/incidents/i-1").body();

        assertThat(page).contains("id=\"incident-notifications\"", "DELIVERED", "FIRING",
                "&#39;&lt;b&gt;Payments&lt;/b&gt;&#39;").doesNotContain("another incident", "<b>Payments");
    }

    @Test
    void shouldNotOfferTheAcknowledgementOfAnIncidentAlreadyAcknowledged() throws Exception {
        store.stored.add(incident("i-1", AlertStatus.ACKNOWLEDGED, Map.of()));

        assertThat(get("/incidents/i-1").body()).doesNotContain("id=\"incident-ack\"");
    }

    @Test
    void shouldAcknowledgeThroughTheApisPathAndComeBackToTheIncident() throws Exception {
        HttpResponse<String> done = post("/incidents/i-1/ack");

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("/incidents/i-1?done="));
        assertThat(acknowledged).containsExactly("i-1 erika");

        refusal = new AlertsPage.Refusal(409, "incident i-1 is already resolved");
        HttpResponse<String> refused = post("/incidents/i-1/ack");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).isEqualTo("incident i-1 is already resolved");
    }

    @Test
    void shouldFilterBySeverityAndLinkToTheNextPageWithTheStoresCursor() throws Exception {
        store.stored.add(incident("i-1", AlertStatus.OPEN, Map.of()));
        store.total = 120;
        IncidentQuery first = IncidentsPage.query("OPEN", "", "CRITICAL");
        store.next = first.walk().next(List.of(NOW.toEpochMilli(), "i-1"), null, IncidentsPage.LIMIT);

        String page = get("/incidents?status=OPEN&severity=CRITICAL").body();

        assertThat(store.asked).containsExactly(first);
        assertThat(first.severity()).contains(Severity.CRITICAL);
        assertThat(page).contains("id=\"next-page\"", "href=\"/incidents?status=OPEN&amp;severity=CRITICAL&amp;after=",
                "1–1 shown").doesNotContain("id=\"first-page\"");
        String next = page.replaceAll("(?s).*href=\"(/incidents\\?[^\"]*after=[^\"]*)\".*", "$1").replace("&amp;", "&");
        store.next = null;
        String second = get(next).body();
        assertThat(store.asked.get(1).after()).isPresent();
        assertThat(second).contains("id=\"first-page\"", "101–101 shown").doesNotContain("id=\"next-page\"");
        assertThat(get("/incidents?after=" + store.asked.get(1).after().get().encode()).statusCode())
                .as("a cursor of other filters").isEqualTo(400);
    }

    @Test
    void shouldRefuseAnUnknownSeverityNamingTheField() throws Exception {
        HttpResponse<String> page = get("/incidents?severity=URGENT");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).startsWith("severity:");
        assertThat(store.asked).isEmpty();
    }

    @Test
    void shouldComeBackToTheListItWasAcknowledgedFromButNeverLeaveTheIncidents() throws Exception {
        HttpResponse<String> fromList = post("/incidents/i-1/ack", "back=%2Fincidents%3Fstatus%3DOPEN");
        HttpResponse<String> elsewhere = post("/incidents/i-1/ack", "back=https%3A%2F%2Fevil.example%2F");
        HttpResponse<String> broken = post("/incidents/i-1/ack", "back=%2Fincidents%3Fa%3D%0D%0ASet-Cookie%3Ax");

        assertThat(fromList.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("/incidents?status=OPEN&done="));
        assertThat(elsewhere.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("/incidents/i-1?done="));
        assertThat(broken.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("/incidents/i-1?done="));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return post(path, "");
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=csrf" + (form.isEmpty() ? "" : "&" + form)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Incidents a test puts in, and the questions the pages asked. */
    static final class FakeIncidents implements IncidentStore {
        final List<Incident> stored = new CopyOnWriteArrayList<>();
        final List<Alert> alerts = new CopyOnWriteArrayList<>();
        final List<IncidentQuery> asked = new CopyOnWriteArrayList<>();
        volatile long total = -1;
        volatile Cursor next;

        @Override
        public Optional<Incident> find(String incidentId) {
            return stored.stream().filter(i -> i.id().equals(incidentId)).findFirst();
        }

        @Override
        public Page<Incident> search(IncidentQuery query) {
            query.walk(); // refuses a cursor of other filters, as the store does
            asked.add(query);
            return new Page<>(new ArrayList<>(stored), total < 0 ? stored.size() : total, next);
        }

        @Override
        public List<Alert> alerts(String incidentId, int limit) {
            return alerts.stream().filter(a -> incidentId.equals(a.incidentId())).limit(limit).toList();
        }

        @Override
        public IncidentProfile profile(Incident incident, Instant now, List<String> segmentAttributes, int top) {
            return new IncidentProfile(incident.openedAt(), Duration.ofMinutes(1), List.of(1L, 4L, 2L),
                    Map.of("country", List.of(new IncidentProfile.ValueCount("DE\"><b>", 5))));
        }

        @Override
        public Map<String, List<Long>> perMinute(List<String> incidentIds, Instant now, int minutes) {
            Map<String, List<Long>> out = new java.util.HashMap<>();
            incidentIds.forEach(id -> out.put(id, List.of(0L, 3L, 6L)));
            return out;
        }

        @Override
        public void acknowledge(Incident incident, List<Alert> openAlerts, Instant at, String by) {
            throw new UnsupportedOperationException("the page acknowledges through the API's path");
        }
    }
}
