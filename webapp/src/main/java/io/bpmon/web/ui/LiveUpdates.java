package io.bpmon.web.ui;

import io.bpmon.core.store.DashboardReader;
import io.bpmon.core.store.Elasticsearch;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-sent event stream behind the live pages. One thread renders the dashboard once per tick and sends the
 * same HTML to every open stream (the cost does not grow with the number of viewers), and tells the alert pages
 * when the alerts changed. A stream whose browser went away fails on the next write and is dropped; at most
 * {@link #MAX_CLIENTS} are open at once. After a server restart the browser's htmx SSE extension reconnects by
 * itself.
 */
public final class LiveUpdates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    static final int MAX_CLIENTS = 200;
    /** The SSE event names the pages listen to ({@code sse-swap} / {@code hx-trigger="sse:..."}). */
    public static final String DASHBOARD_EVENT = "dashboard";
    public static final String ALERTS_EVENT = "alerts";

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Map<SseClient, AtomicBoolean> sending = new ConcurrentHashMap<>();
    /** Per stream, the alerts' state it was last told of: a stream that missed an update hears of it next tick. */
    private final Map<SseClient, String> alertsSent = new ConcurrentHashMap<>();
    /** At most one thread per open stream (bounded by {@link #MAX_CLIENTS}); idle threads go after a minute. */
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bpmon-live-sender");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<String> dashboardHtml;
    private final PipelineSampler pipeline;
    private final DashboardReader reader;
    private final Duration interval;
    private final ScheduledExecutorService ticker;
    private volatile String lastAlertsFingerprint = "";
    private volatile long lastRenderMillis = -1;

    public LiveUpdates(Supplier<String> dashboardHtml, PipelineSampler pipeline, DashboardReader reader,
            Duration interval) {
        this.dashboardHtml = dashboardHtml;
        this.pipeline = pipeline;
        this.reader = reader;
        this.interval = interval;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bpmon-live-updates");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        ticker.execute(this::warmUp);
        ticker.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One render at start, so the first visitor does not pay for cold templates, JIT and search caches. */
    private void warmUp() {
        try {
            dashboardHtml.get();
        } catch (RuntimeException e) {
            LOG.debug("dashboard warm-up failed: {}", e.toString());
        }
    }

    /** Javalin SSE handler: keeps the stream open until the browser leaves or the server stops. */
    public void accept(SseClient client) {
        if (clients.size() >= MAX_CLIENTS) {
            client.ctx().status(503);
            client.sendComment("too many live connections");
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(() -> forget(client));
        alertsSent.put(client, lastAlertsFingerprint);
        clients.add(client);
        client.sendComment("connected");
    }

    public int connections() {
        clients.stream().filter(SseClient::terminated).toList().forEach(this::forget);
        return clients.size();
    }

    public long lastRenderMillis() {
        return lastRenderMillis;
    }

    void tick() {
        try {
            pipeline.sample();
            clients.stream().filter(SseClient::terminated).toList().forEach(this::forget);
            if (clients.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            String html = dashboardHtml.get();
            lastRenderMillis = (System.nanoTime() - started) / 1_000_000;
            String fingerprint;
            try {
                fingerprint = alertsFingerprint();
                lastAlertsFingerprint = fingerprint;
            } catch (Elasticsearch.UnavailableException e) {
                fingerprint = null; // the dashboard says Elasticsearch is away; the alert pages wait
            }
            broadcast(html, fingerprint);
        } catch (Elasticsearch.UnavailableException e) {
            broadcast(c -> c.sendEvent("ping", "elasticsearch unavailable"));
        } catch (RuntimeException e) {
            LOG.warn("live update failed: {}", e.toString());
        }
    }

    /**
     * One tick's update of every stream: the dashboard, then — when the alerts changed since that stream was last
     * told — the alerts event, in one write turn, so the second is never skipped for the first.
     *
     * @param alertsFingerprint the alerts' state now; null when it could not be read
     */
    private void broadcast(String dashboard, String alertsFingerprint) {
        broadcast(c -> {
            c.sendEvent(DASHBOARD_EVENT, dashboard);
            if (alertsFingerprint != null && !alertsFingerprint.equals(alertsSent.get(c))) {
                c.sendEvent(ALERTS_EVENT, alertsFingerprint);
                alertsSent.replace(c, alertsFingerprint);
            }
        });
    }

    /**
     * Sends on the sender threads, one write turn at a time per stream: a browser that stops reading (a sleeping
     * laptop) blocks only its own write until Jetty's idle timeout drops it, never the tick or the other viewers. A
     * stream still busy with the previous update skips this one; each dashboard update is a whole snapshot anyway,
     * and a change of the alerts it missed is sent with its next update.
     */
    private void broadcast(Consumer<SseClient> send) {
        for (SseClient c : clients) {
            AtomicBoolean busy = sending.computeIfAbsent(c, k -> new AtomicBoolean());
            if (!busy.compareAndSet(false, true)) {
                continue;
            }
            try {
                senders.execute(() -> {
                    try {
                        send.accept(c);
                    } catch (RuntimeException e) {
                        forget(c);
                    } finally {
                        busy.set(false);
                    }
                    if (c.terminated()) {
                        forget(c);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                busy.set(false); // shutting down
            }
        }
    }

    private void forget(SseClient c) {
        clients.remove(c);
        sending.remove(c);
        alertsSent.remove(c);
    }

    /** Changes whenever an alert is added, changes status or is resolved: count and the newest change times. */
    private String alertsFingerprint() {
        DashboardReader.AlertActivity a = reader.alertActivity();
        return a.alerts() + "/" + a.lastDetected().map(Object::toString).orElse("") + "/"
                + a.lastResolved().map(Object::toString).orElse("") + "/" + a.open();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        clients.clear();
        sending.clear();
        alertsSent.clear();
    }
}
