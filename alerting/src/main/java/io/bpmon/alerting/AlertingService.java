package io.bpmon.alerting;

import io.bpmon.alerting.delivery.DeliveryPipeline;
import io.bpmon.alerting.grouping.AlertGrouper;
import io.bpmon.alerting.grouping.GroupingPolicy;
import io.bpmon.alerting.grouping.IncidentSegments;
import io.bpmon.alerting.grouping.Notification;
import io.bpmon.alerting.grouping.Router;
import io.bpmon.alerting.storage.AlertingState;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.alerting.storage.StateStore;
import io.bpmon.core.alerts.Alert;
import io.bpmon.core.json.Json;
import io.bpmon.core.kafka.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: reads {@code bpmon.alerts} into the groups and keeps the offsets with the state, so that a
 * restart at any moment neither loses nor repeats a message (docs/alerting.md). One {@link #step} is:
 *
 * <ol>
 *   <li>poll alert changes and hand them to the {@link AlertGrouper}; note the offsets they reach;</li>
 *   <li>evaluate the groups that are due; their messages go into the outbox, one per channel;</li>
 *   <li>save groups, outbox and offsets as one document; only then commit the offsets to Kafka;</li>
 *   <li>let the {@link DeliveryPipeline} deliver what is due from the outbox; save again.</li>
 * </ol>
 *
 * <p>On start the saved state is loaded and the consumer is positioned at its offsets, not Kafka's committed
 * ones: the saved offsets are exactly those whose effects the saved groups hold.
 */
public final class AlertingService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    public static final String CONSUMER_GROUP = "bpmon-alerting";

    private final Consumer<String, byte[]> consumer;
    private final AlertGrouper grouper;
    private final AlertingState state;
    private final StateStore stateStore;
    private final SilenceStore silences;
    private final DeliveryPipeline delivery;
    private final Clock clock;
    private final Duration pollTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private List<TopicPartition> partitions = List.of();
    private boolean dirty;
    private Thread thread;

    /** What the service talks to. */
    public record Dependencies(Consumer<String, byte[]> consumer, StateStore stateStore, SilenceStore silences,
            DeliveryPipeline delivery, Clock clock, Duration pollTimeout) {}

    /** As {@link #AlertingService(GroupingPolicy, Router, IncidentSegments, Dependencies)} naming no segments. */
    public AlertingService(GroupingPolicy policy, Router router, Dependencies deps) {
        this(policy, router, IncidentSegments.NONE, deps);
    }

    /** Loads the saved state (or starts empty) and positions the consumer; does not start a thread. */
    public AlertingService(GroupingPolicy policy, Router router, IncidentSegments segments, Dependencies deps) {
        this.consumer = deps.consumer();
        this.stateStore = deps.stateStore();
        this.silences = deps.silences();
        this.delivery = deps.delivery();
        this.clock = deps.clock();
        this.pollTimeout = deps.pollTimeout();
        this.state = stateStore.load().orElseGet(AlertingState::new);
        this.grouper = new AlertGrouper(policy, router, segments, state.grouping());
        assign();
        if (delivery.channels().isEmpty()) {
            LOG.warn("alerting: no channel configured (set BPMON_SLACK_WEBHOOK_URL, or BPMON_SMTP_HOST,"
                    + " BPMON_ALERT_EMAIL_FROM and BPMON_ALERT_EMAIL_TO): alerts are grouped, nothing is sent");
        } else {
            LOG.info("alerting: channels {}; {} open groups, {} undelivered messages from the last run",
                    delivery.channels(), state.grouping().groups().size(), state.outbox().size());
        }
    }

    /** A consumer of {@code bpmon.alerts} that commits only when told. */
    public static Consumer<String, byte[]> consumer(String bootstrap) {
        return consumer(bootstrap, 500);
    }

    /** As {@link #consumer(String)}, reading at most {@code maxPollRecords} per poll. */
    public static Consumer<String, byte[]> consumer(String bootstrap, int maxPollRecords) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, CONSUMER_GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private void assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(30));
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : infos) {
            tps.add(new TopicPartition(p.topic(), p.partition()));
        }
        partitions = List.copyOf(tps);
        // manual assignment: one alerting service at a time (the state store refuses a second writer)
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long offset = state.offsets().get(tp.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
    }

    /** Runs {@link #step} on its own thread until {@link #close}. */
    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        thread = new Thread(this::loop, "bpmon-alerting");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long pause = 0;
        while (running.get()) {
            try {
                if (pause > 0) {
                    Thread.sleep(pause);
                }
                step();
                pause = 0;
            } catch (WakeupException e) {
                break;
            } catch (StateStore.ConcurrentWriterException e) {
                LOG.error("alerting: stopping: {}", e.getMessage());
                running.set(false);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Error e) {
                // not to be handled here, but a silently dead thread would leave the web server without alerts
                LOG.error("alerting: stopped by {}", e.toString(), e);
                running.set(false);
                throw e;
            } catch (RuntimeException e) {
                // Elasticsearch or Kafka away: nothing is committed, the step is repeated from the saved state
                pause = Math.min(Math.max(pause * 2, 1000), 30_000);
                LOG.warn("alerting: {}; retrying in {} ms", e.toString(), pause);
            }
        }
    }

    /** One round: poll, group, save, commit, deliver (see the class comment). */
    public void step() {
        if (partitions.isEmpty()) {
            // bpmon.alerts had no partitions yet when the service started (just created, or Kafka still starting):
            // a consumer assigned nothing refuses every poll, so look again until the topic is there
            assign();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.ALERTS + " has no partitions yet");
            }
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
        Instant now = clock.instant();
        observe(records, now);
        decide(now);
        saveAndCommit(now);
        dirty |= delivery.deliverDue(state);
        saveAndCommit(clock.instant());
    }

    private void observe(ConsumerRecords<String, byte[]> records, Instant now) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() != null) {
                try {
                    grouper.observe(Json.mapper().readValue(r.value(), Alert.class), now);
                } catch (IOException e) {
                    LOG.warn("alerting: skipping unreadable alert at {}-{}@{}: {}", r.topic(), r.partition(),
                            r.offset(), e.getMessage());
                }
            }
        }
        if (!records.isEmpty()) {
            // the position, not the last offset + 1: compaction and transaction markers leave gaps
            for (TopicPartition tp : partitions) {
                dirty |= state.reached(tp.partition(), consumer.position(tp));
            }
        }
    }

    private void decide(Instant now) {
        Instant due = grouper.nextEvaluation();
        if (due == null || due.isAfter(now)) {
            return;
        }
        for (Notification n : grouper.evaluate(now, silences.active(now))) {
            for (String channel : n.channels()) {
                state.enqueue(AlertingState.PendingDelivery.of(n, channel, now));
            }
            LOG.info("alerting: {} {} ({} firing) to {}", n.kind(), n.id(), n.firing(), n.channels());
        }
        dirty = true;
    }

    private void saveAndCommit(Instant now) {
        if (!dirty) {
            return;
        }
        state.savedAt(now);
        stateStore.save(state);
        dirty = false;
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        state.offsets().forEach((p, o) -> commit.put(new TopicPartition(Topics.ALERTS, p), new OffsetAndMetadata(o)));
        if (!commit.isEmpty()) {
            // informational (lag monitoring): the saved state's offsets are what a restart uses
            consumer.commitSync(commit);
        }
    }

    /** Whether every alert change published so far has been read (tests and health). */
    public boolean caughtUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (state.offsets().getOrDefault(e.getKey().partition(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the state this service works on, for tests. */
    public AlertingState state() {
        return state.copy();
    }

    /** Stops the thread (if started) and closes the consumer without committing anything more. */
    @Override
    public void close() {
        running.set(false);
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            consumer.wakeup();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
