package io.bpmon.web;

import io.bpmon.alerting.channels.Channels;
import io.bpmon.alerting.channels.MessageRenderer;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/channels}: the configured notification channels, how their latest deliveries went, a test message on
 * request; {@code /api/notifications}: the delivery log (all, or one incident's messages:
 * {@code ?incidentId=}).
 */
final class ChannelsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final Channels channels;
    private final DeliveryLog log;
    private final MessageRenderer renderer;

    ChannelsController(Channels channels, DeliveryLog log, MessageRenderer renderer) {
        this.channels = channels;
        this.log = log;
        this.renderer = renderer;
    }

    record ChannelList(List<Channels.Status> items, String note) {}

    record Items<T>(List<T> items) {}

    void list(Context ctx) {
        List<Channels.Status> status = channels.status();
        ctx.json(new ChannelList(status, status.isEmpty()
                ? "no channel configured: set BPMON_SLACK_WEBHOOK_URL, or BPMON_SMTP_HOST, BPMON_ALERT_EMAIL_FROM and"
                        + " BPMON_ALERT_EMAIL_TO"
                : null));
    }

    /** 200 when the channel took the test message, 502 with the reason when it did not. */
    void test(Context ctx) {
        String name = ctx.pathParam("name");
        DeliveryRecord record = channels.test(name, renderer)
                .orElseThrow(() -> ApiException.notFound("channel " + name));
        ctx.status(record.outcome() == DeliveryRecord.Outcome.DELIVERED ? 200 : 502).json(record);
    }

    void notifications(Context ctx) {
        int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        String incidentId = ctx.queryParam("incidentId");
        ctx.json(new Items<>(incidentId == null || incidentId.isBlank() ? log.recent(limit)
                : log.forIncident(incidentId, limit)));
    }
}
