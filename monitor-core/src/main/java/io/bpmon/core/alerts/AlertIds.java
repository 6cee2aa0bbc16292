package io.bpmon.core.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same rule, order (or segment) and kind always give the same id, so reprocessing
 * never duplicates an alert (docs/contract.md).
 */
public final class AlertIds {

    private AlertIds() {}

    public static String slaBreach(String ruleId, String orderId) {
        return of("SLA_BREACH", ruleId, orderId);
    }

    /** The status is part of a stall's identity: a stall in another status later is another alert. */
    public static String stalled(String ruleId, String orderId, String status) {
        return of("STALLED", ruleId, orderId, status);
    }

    /** A velocity episode: rule, segment and the episode's start. */
    public static String velocity(String ruleId, String segment, long episodeStartMillis) {
        return of("VELOCITY", ruleId, segment, Long.toString(episodeStartMillis));
    }

    private static String of(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            // 128 bits: collisions are out of reach, and the id stays readable in URLs
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
