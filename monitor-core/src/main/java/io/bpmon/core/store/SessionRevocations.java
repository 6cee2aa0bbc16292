package io.bpmon.core.store;

import java.time.Instant;

/**
 * Web UI sessions that were logged out before they expired. Sessions themselves are signed cookies that no server
 * keeps; only their revocations are stored, so that a logout holds on every web server and after restarts
 * (docs/web-security.md).
 */
public interface SessionRevocations {

    /**
     * Records that a session ended. It is kept until {@code expiresAt}, when the session would have ended anyway.
     *
     * @throws Elasticsearch.UnavailableException when it could not be recorded
     */
    void revoke(String sessionId, Instant revokedAt, Instant expiresAt);

    /**
     * Whether the session was revoked; answers a revocation made a moment ago on another server.
     *
     * @throws Elasticsearch.UnavailableException when the store cannot answer
     */
    boolean isRevoked(String sessionId);
}
