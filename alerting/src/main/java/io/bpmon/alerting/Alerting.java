package io.bpmon.alerting;

import io.bpmon.alerting.channels.Channels;
import io.bpmon.alerting.channels.MessageRenderer;
import io.bpmon.alerting.delivery.DeliveryPipeline;
import io.bpmon.alerting.delivery.Notifier;
import io.bpmon.alerting.delivery.RetryPolicy;
import io.bpmon.alerting.grouping.GroupingPolicy;
import io.bpmon.alerting.grouping.Router;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.config.AlertingConfig;
import io.bpmon.core.config.MonitorConfig;
import io.bpmon.core.store.Elasticsearch;
import io.bpmon.core.store.ElasticsearchRuleStore;
import io.bpmon.core.store.Indices;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The alerting parts a process needs, wired from the configuration: what the API serves (channels, silences,
 * delivery log) and, on request, the service that sends.
 */
public final class Alerting {

    private final MonitorConfig config;
    private final MessageRenderer renderer;
    private final Map<String, Notifier> notifiers;
    private final SilenceStore silences;
    private final DeliveryLog deliveryLog;
    private final Channels channels;
    private final Elasticsearch es;
    private final Indices indices;

    public Alerting(MonitorConfig config, Elasticsearch es, String publicUrl) {
        this.config = config;
        this.es = es;
        this.indices = new Indices(config.elasticsearch().indexPrefix());
        this.renderer = new MessageRenderer(publicUrl);
        this.notifiers = Channels.fromConfig(config.alerting(), renderer);
        this.silences = new ElasticsearchSilenceStore(es, indices);
        this.deliveryLog = new ElasticsearchDeliveryLog(es, indices);
        this.channels = new Channels(notifiers, deliveryLog, () -> ElasticsearchStateStore.outbox(es, indices),
                Clock.systemUTC());
    }

    public MessageRenderer renderer() {
        return renderer;
    }

    public SilenceStore silences() {
        return silences;
    }

    public DeliveryLog deliveryLog() {
        return deliveryLog;
    }

    public Channels channels() {
        return channels;
    }

    /** A started service that reads {@code bpmon.alerts} and sends; close it to stop. */
    public AlertingService startService() {
        AlertingConfig a = config.alerting();
        Clock clock = Clock.systemUTC();
        DeliveryPipeline delivery = new DeliveryPipeline(notifiers, deliveryLog, silences, RetryPolicy.standard(),
                renderer::title, clock);
        AlertingService service = new AlertingService(GroupingPolicy.of(a), new Router(a.routes(), a.channels()),
                new RuleSegments(new ElasticsearchRuleStore(es, indices), clock), new AlertingService.Dependencies(AlertingService.consumer(config.kafka().bootstrap()),
                        new ElasticsearchStateStore(es, indices), silences, delivery, clock, Duration.ofMillis(500)));
        service.start();
        return service;
    }
}
