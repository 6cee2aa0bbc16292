package io.bpmon.web.common;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down token guessing (docs/web-security.md): after {@value #MAX_FAILURES} failed authentications (a wrong
 * bearer token, a wrong login) from one client address within {@link #WINDOW}, that address is refused until the
 * oldest of those failures is a minute old. Refused attempts are not checked, so they neither count nor succeed;
 * successful ones are not counted. Memory is bounded: an address is forgotten once its failures are older than the
 * window, and at most {@value #MAX_ADDRESSES} addresses are tracked (beyond that, the least recently failing one
 * is forgotten first).
 */
public final class AuthThrottle {

    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    /** Failure times per address, oldest first, at most {@link #MAX_FAILURES}; least recently failing first. */
    private final LinkedHashMap<String, ArrayDeque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);
    private Instant lastPurge = Instant.MIN;

    public AuthThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this address must wait before it may try again; empty if it may try now. */
    public synchronized Optional<Duration> blockedFor(String address) {
        ArrayDeque<Instant> times = failures.get(address);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        dropOld(times, now);
        if (times.isEmpty()) {
            failures.remove(address);
            return Optional.empty();
        }
        if (times.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
    }

    /** Records a failed authentication from this address. */
    public synchronized void failed(String address) {
        Instant now = clock.instant();
        ArrayDeque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        times.addLast(now);
        while (times.size() > MAX_FAILURES) {
            times.removeFirst();
        }
        if (failures.size() > MAX_ADDRESSES || lastPurge.plus(WINDOW).isBefore(now)) {
            purge(now);
        }
        Iterator<String> eldest = failures.keySet().iterator();
        while (failures.size() > MAX_ADDRESSES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /** How many addresses are tracked now (for tests of the memory bound). */
    synchronized int trackedAddresses() {
        return failures.size();
    }

    /**
     * The client's address: the socket's peer. Behind a reverse proxy that is the proxy, so every client shares one
     * budget there (docs/web-security.md says how to throttle at the proxy instead); headers such as
     * {@code X-Forwarded-For} are not trusted, since any client can send them.
     */
    public static String clientAddress(Context ctx) {
        return ctx.req().getRemoteAddr();
    }

    /** The value of a {@code Retry-After} header: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private void purge(Instant now) {
        lastPurge = now;
        for (Iterator<Map.Entry<String, ArrayDeque<Instant>>> i = failures.entrySet().iterator(); i.hasNext(); ) {
            ArrayDeque<Instant> times = i.next().getValue();
            dropOld(times, now);
            if (times.isEmpty()) {
                i.remove();
            }
        }
    }

    private static void dropOld(ArrayDeque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }
}
