package io.bpmon.core.alerts;

import java.time.Instant;

/**
 * A segment's open VELOCITY episode between two evaluations, as the job keeps it in state.
 *
 * @param alert              the episode's alert as it stands now; its {@code revision} is that of the last version
 *                           published, or of the next one when {@code pending}
 * @param pending            the alert changed since it was last published (or was never published): evaluations
 *                           while the job catches up on history change it without publishing every step
 * @param backInBoundsSince  the first evaluation of the current run of in-bounds counts; null while in breach
 */
public record VelocityEpisode(Alert alert, boolean pending, Instant backInBoundsSince) {

    /** Whether the alert has never been published: the episode was found and is still being replayed. */
    public boolean unpublished() {
        return pending && alert.revision() == 1;
    }
}
