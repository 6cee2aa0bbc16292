package io.bpmon.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpmon.core.fixtures.MutableClock;
import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.Elasticsearch;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live event stream over a local port, its alert question answered by a fake {@link DashboardReader}: every
 * tick sends the dashboard, and the alert pages hear of a change of the alerts exactly once.
 */
class LiveUpdatesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final PipelineHealth.Part UP = new PipelineHealth.Part(true, "up");

    /** The alerts' activity a test sets, or Elasticsearch away. */
    private static final class FakeReader implements DashboardReader {
        volatile AlertActivity activity = new AlertActivity(0, Optional.empty(), Optional.empty(), 0);
        volatile boolean away;
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public OrderFigures orders(OrderQuestions questions) {
            throw new UnsupportedOperationException("the stream asks only about alert activity");
        }

        @Override
        public AlertFigures alerts(Instant since, List<String> segmentAttributes, int maxRules) {
            throw new UnsupportedOperationException("the stream asks only about alert activity");
        }

        @Override
        public AlertActivity alertActivity() {
            asked.incrementAndGet();
            if (away) {
                throw new Elasticsearch.UnavailableException("away", null);
            }
            return activity;
        }
    }

    private final FakeReader reader = new FakeReader();
    private final AtomicInteger renders = new AtomicInteger();
    private volatile boolean dashboardAway;
    private LiveUpdates live;
    private Javalin app;
    private final BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
    private final CountDownLatch connected = new CountDownLatch(1);
    /** Generous: what is tested is that an update comes, not how fast on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void start() throws Exception {
        PipelineSampler sampler = new PipelineSampler(new PipelineSamplerTest.FakeReports(), () -> UP, () -> UP,
                () -> UP, new MutableClock(T0));
        // ticks are the test's: start() is not called
        live = new LiveUpdates(() -> {
            if (dashboardAway) {
                throw new Elasticsearch.UnavailableException("away", null);
            }
            return "<p>render " + renders.incrementAndGet() + "</p>";
        }, sampler, reader, Duration.ofHours(1));
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.sse(UiPaths.LIVE, live::accept);
        }).start(0);
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + UiPaths.LIVE)).header("Accept", "text/event-stream")
                .GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = stream.body().iterator();
        Thread reading = new Thread(() -> {
            // "event: x" then "data: y": one entry "x y" per event
            String event = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith(": connected")) {
                    connected.countDown();
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && event != null) {
                    events.add(event + " " + line.substring(6));
                    event = null;
                }
            }
        }, "live-updates-test-reader");
        reading.setDaemon(true);
        reading.start();
        // the stream is open once its first line arrived: a tick before that may be written before the response is
        assertThat(connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the stream's first line").isTrue();
        assertThat(live.connections()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        live.close();
        app.stop();
    }

    /** The events of one tick: waits for the dashboard's, then takes what else arrives within a moment. */
    private List<String> tick() throws InterruptedException {
        live.tick();
        List<String> got = new ArrayList<>();
        String first = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).as("an update within %s (a busy machine delays the sender threads)", WAIT).isNotNull();
        got.add(first);
        String more;
        while ((more = events.poll(300, TimeUnit.MILLISECONDS)) != null) {
            got.add(more);
        }
        return got;
    }

    @Test
    void shouldSendTheDashboardEveryTickAndTheAlertsOnlyWhenTheyChanged() throws Exception {
        Instant detected = T0.minusSeconds(30);
        reader.activity = new DashboardReader.AlertActivity(3, Optional.of(detected), Optional.empty(), 2);

        assertThat(tick()).containsExactly("dashboard <p>render 1</p>",
                "alerts 3/" + detected + "//2");
        assertThat(tick()).as("nothing changed").containsExactly("dashboard <p>render 2</p>");

        reader.activity = new DashboardReader.AlertActivity(3, Optional.of(detected), Optional.of(T0), 1);
        assertThat(tick()).as("an alert resolved").containsExactly("dashboard <p>render 3</p>",
                "alerts 3/" + detected + "/" + T0 + "/1");
        assertThat(reader.asked.get()).isEqualTo(3);
    }

    @Test
    void shouldKeepSendingTheDashboardWhileTheAlertsCannotBeReadAndTellTheChangeAfterwards() throws Exception {
        reader.away = true;
        assertThat(tick()).containsExactly("dashboard <p>render 1</p>");

        reader.away = false;
        reader.activity = new DashboardReader.AlertActivity(1, Optional.of(T0), Optional.empty(), 1);
        assertThat(tick()).containsExactly("dashboard <p>render 2</p>", "alerts 1/" + T0 + "//1");
    }

    @Test
    void shouldSayElasticsearchIsAwayWhenTheDashboardCannotBeRendered() throws Exception {
        dashboardAway = true;
        assertThat(tick()).containsExactly("ping elasticsearch unavailable");
    }
}
