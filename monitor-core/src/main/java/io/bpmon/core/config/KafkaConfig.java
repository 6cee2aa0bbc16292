package io.bpmon.core.config;

import java.time.Duration;

/**
 * @param bootstrap  Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param partitions partitions of the topics bpmon creates
 * @param retention  how long the broker keeps records (by append time, so back-dated events are kept too)
 * @param groupId    consumer group of the job
 * @param replicationFactor replication factor of the topics bpmon creates
 */
public record KafkaConfig(String bootstrap, int partitions, Duration retention, String groupId,
        int replicationFactor) {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final int DEFAULT_PARTITIONS = 4;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final String DEFAULT_GROUP_ID = "bpmon-job";
    public static final int DEFAULT_REPLICATION_FACTOR = 1;

    public KafkaConfig {
        Checks.notBlank(ConfigLoader.KAFKA_BOOTSTRAP, bootstrap);
        Checks.range(ConfigLoader.KAFKA_PARTITIONS, partitions, 1, 1000);
        Checks.positive(ConfigLoader.KAFKA_RETENTION, retention);
        Checks.notBlank(ConfigLoader.KAFKA_GROUP_ID, groupId);
        Checks.range(ConfigLoader.KAFKA_REPLICATION, replicationFactor, 1, 32);
    }

    public static KafkaConfig defaults() {
        return new KafkaConfig(DEFAULT_BOOTSTRAP, DEFAULT_PARTITIONS, DEFAULT_RETENTION, DEFAULT_GROUP_ID,
                DEFAULT_REPLICATION_FACTOR);
    }

    public KafkaConfig withBootstrap(String servers) {
        return new KafkaConfig(servers, partitions, retention, groupId, replicationFactor);
    }
}
