package io.bpmon.chaos;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts the queued sends to {@code /api/events} in arrival order, up to 1,000 per request, and keeps the driver
 * honest: a request that was not answered 202 is sent again with the same bytes until it is, and nothing queued
 * after it goes first. Every attempt's outcome goes to the {@link SentLog}.
 */
final class EventSender implements AutoCloseable {

    static final int MAX_BATCH = 1000;

    private final MonitorApi api;
    private final SentLog log;
    private final LinkedBlockingQueue<Traffic.Outgoing> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;
    private volatile long attempts;
    private volatile long failedAttempts;

    EventSender(MonitorApi api, SentLog log) {
        this.api = api;
        this.log = log;
        this.thread = new Thread(this::run, "chaos-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void send(List<Traffic.Outgoing> sends, String phase) {
        for (Traffic.Outgoing o : sends) {
            log.planned(o, phase);
            queue.add(o);
        }
    }

    /** Sends queued or being posted. */
    int pending() {
        return queue.size() + inFlight.get();
    }

    long attempts() {
        return attempts;
    }

    long failedAttempts() {
        return failedAttempts;
    }

    /** Throws what stopped the sender, if anything did. */
    void check() {
        if (failure != null) {
            throw failure;
        }
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                Traffic.Outgoing first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Traffic.Outgoing> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                inFlight.set(batch.size());
                postUntilAccepted(api, log, batch);
                inFlight.set(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void postUntilAccepted(MonitorApi api, SentLog log, List<Traffic.Outgoing> batch)
            throws InterruptedException {
        byte[] body = array(batch);
        long backoff = 250;
        while (true) {
            attempts++;
            MonitorApi.Outcome outcome = api.postEvents(body, batch.size());
            log.attempted(batch, outcome, Instant.now());
            if (outcome == MonitorApi.Outcome.ACCEPTED) {
                return;
            }
            failedAttempts++;
            Thread.sleep(backoff);
            backoff = Math.min(2000, backoff * 2);
        }
    }

    /** Posts one send (a probe) on the caller's thread, until it is accepted. */
    static void sendNow(MonitorApi api, SentLog log, Traffic.Outgoing probe, String phase) throws InterruptedException {
        log.planned(probe, phase);
        long backoff = 250;
        while (true) {
            MonitorApi.Outcome outcome = api.postEvents(array(List.of(probe)), 1);
            log.attempted(List.of(probe), outcome, Instant.now());
            if (outcome == MonitorApi.Outcome.ACCEPTED) {
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(1000, backoff * 2);
        }
    }

    static byte[] array(List<Traffic.Outgoing> sends) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sends.size() * 300);
        out.write('[');
        for (int i = 0; i < sends.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(sends.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }

    /** Sends what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
        check();
    }
}
