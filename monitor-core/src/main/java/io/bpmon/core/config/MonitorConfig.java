package io.bpmon.core.config;

/** All of bpmon's configuration; each module takes only its slice. Built by {@link ConfigLoader}. */
public record MonitorConfig(
        KafkaConfig kafka,
        ElasticsearchConfig elasticsearch,
        EngineConfig engine,
        WebConfig web,
        AlertingConfig alerting) {
}
