#!/usr/bin/env bash
# Start / stop a real single-node Apache Kafka broker (KRaft, combined broker + controller) for local
# runs and CI. The broker comes from Maven Central (see infra/pom.xml), so no Kafka download is needed.
#
#   scripts/kafka.sh start  DATA_DIR [PORT]   # PORT defaults to 9092; the controller listens on PORT+1000
#   scripts/kafka.sh stop   DATA_DIR
#   scripts/kafka.sh status DATA_DIR          # exit 0 when running
#
# Everything lives under DATA_DIR/kafka: server.properties, cluster.id, data/ (log.dirs), logs/, kafka.pid.
# Restarting on the same DATA_DIR keeps topics and records. Env: KAFKA_HEAP_OPTS (default -Xmx512m),
# plus JAVA_HOME / MVN / BPMON_CACHE_DIR (see infra-common.sh).
set -euo pipefail

INFRA_NAME=kafka
# shellcheck source=scripts/infra-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-common.sh"

KAFKA_VERSION="$(pom_property kafka.version)" # the broker and its classpath come from infra/pom.xml
START_TIMEOUT=60 # seconds until the broker must accept connections
STOP_TIMEOUT=30  # seconds of graceful shutdown before SIGKILL

usage() {
  echo "usage: $0 start|stop|status DATA_DIR [PORT]" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
CMD="$1"
DATA_DIR="$(abs_path "$2")"
PORT="${3:-9092}"
[[ "$PORT" =~ ^[0-9]+$ && "$PORT" -gt 0 && "$PORT" -lt 64536 ]] || die "bad port: $PORT"
CONTROLLER_PORT=$((PORT + 1000))

KDIR="$DATA_DIR/kafka"
CONFIG="$KDIR/server.properties"
LOG4J_CONFIG="$KDIR/log4j2.xml"
LOG_DIR="$KDIR/logs"
PIDFILE="$KDIR/kafka.pid"
CLUSTER_ID_FILE="$KDIR/cluster.id"

# ---------------------------------------------------------------------------------------------------
# Sets KAFKA_CP: the broker's classpath (infra/pom.xml, default profile).
kafka_classpath() {
  cached_classpath KAFKA_CP kafka "$KAFKA_VERSION" "Kafka $KAFKA_VERSION broker"
}

# ---------------------------------------------------------------------------------------------------
# A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (22 chars). It is kept in
# a file because the storage is formatted with it once and every later start must reuse it.
cluster_id() {
  local id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cat "$CLUSTER_ID_FILE"
    return
  fi
  # Storage formatted earlier but cluster.id lost: take the id from the storage itself.
  if [[ -f "$KDIR/data/meta.properties" ]]; then
    id="$(sed -n 's/^cluster\.id=//p' "$KDIR/data/meta.properties")"
  fi
  # Kafka's own generator avoids ids starting with '-' (they look like options on a command line).
  while [[ -z "${id:-}" || "$id" == -* ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)"
  done
  printf '%s\n' "$id" >"$CLUSTER_ID_FILE"
  printf '%s\n' "$id"
}

write_config() {
  # Rewritten on every start so a different PORT on the same DATA_DIR just works.
  cat >"$CONFIG" <<EOF
# Written by scripts/kafka.sh: single-node KRaft broker + controller, 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$KDIR/data

# One node: every internal topic must be satisfiable with a single replica.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests: consumers join at once; topics must be created explicitly (with the partitions/retention the
# application asks for), never by a typo in a producer.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.partitions=1
EOF

  # Kafka 4 logs through log4j2. XML needs no extra parser jar; paths come from -Dkafka.logs.dir.
  cat >"$LOG4J_CONFIG" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/kafka.sh -->
<Configuration status="warn">
  <Appenders>
    <RollingFile name="server" fileName="${sys:kafka.logs.dir}/server.log"
                 filePattern="${sys:kafka.logs.dir}/server.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="100 MB"/>
      <DefaultRolloverStrategy max="3"/>
    </RollingFile>
    <RollingFile name="stateChange" fileName="${sys:kafka.logs.dir}/state-change.log"
                 filePattern="${sys:kafka.logs.dir}/state-change.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="100 MB"/>
      <DefaultRolloverStrategy max="3"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/></Root>
    <!-- per-partition state changes are chatty: keep them out of server.log -->
    <Logger name="state.change.logger" level="INFO" additivity="false"><AppenderRef ref="stateChange"/></Logger>
    <Logger name="kafka.request.logger" level="WARN"/>
  </Loggers>
</Configuration>
EOF
}

# ---------------------------------------------------------------------------------------------------
running_pid() { live_pid "$PIDFILE" "$CONFIG"; }

# The part of FILE written after byte OFFSET (all of it if the file was rotated meanwhile).
log_since() {
  local file="$1" offset="$2"
  [[ -f "$file" ]] || return 0
  if [[ "$(stat -c %s "$file")" -lt "$offset" ]]; then
    cat "$file"
  else
    tail -c +"$((offset + 1))" "$file"
  fi
}

do_start() {
  local pid java_home cp id start_s offset i server_log="$LOG_DIR/server.log"
  if pid="$(running_pid)"; then
    log "already running (pid $pid): $(sed -n 's/^listeners=//p' "$CONFIG")"
    return 0
  fi
  rm -f "$PIDFILE"
  # A port taken by someone else would make the broker die with a bind error after a while; say so now.
  for i in "$PORT" "$CONTROLLER_PORT"; do
    ! port_open "$i" || die "port 127.0.0.1:$i is already in use by another process"
  done

  start_s=$SECONDS
  find_java_home
  java_home="$JAVA_HOME_FOUND"
  kafka_classpath
  cp="$KAFKA_CP"
  mkdir -p "$KDIR/data" "$LOG_DIR"
  id="$(cluster_id)"
  write_config

  # Format exactly once: meta.properties marks formatted storage (-g ignores it anyway, belt and braces).
  if [[ ! -f "$KDIR/data/meta.properties" ]]; then
    log "formatting storage in $KDIR/data (cluster id $id)"
    # (log4j's default config: errors only, to format.out; the broker's config would fill server.log)
    "$java_home/bin/java" -Xmx256m -cp "$cp" \
      kafka.tools.StorageTool format -g -t "$id" -c "$CONFIG" \
      >"$LOG_DIR/format.out" 2>&1 || { tail_logs "$LOG_DIR/format.out"; die "storage format failed"; }
  fi

  # Only log lines written by this start count (server.log survives restarts).
  offset=0
  [[ -f "$server_log" ]] && offset="$(stat -c %s "$server_log")"

  log "starting broker on 127.0.0.1:$PORT (controller 127.0.0.1:$CONTROLLER_PORT), logs in $LOG_DIR"
  # setsid: own session, so the broker survives the calling shell / CI step and ignores its Ctrl-C.
  # The inner bash writes its own pid and then exec's java, so the pid file holds the JVM's pid.
  # shellcheck disable=SC2086,SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    "$java_home/bin/java" ${KAFKA_HEAP_OPTS:--Xmx512m} \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$cp" kafka.Kafka "$CONFIG" \
    >>"$LOG_DIR/kafka.out" 2>&1 </dev/null &

  # Ready = port accepts connections AND the broker logged "Kafka Server started": the socket is bound
  # a little before the broker has caught up with its metadata and really serves requests.
  for ((i = 0; i < START_TIMEOUT * 5; i++)); do
    sleep 0.2
    pid="$(tr -dc '0-9' <"$PIDFILE" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      tail_logs "$LOG_DIR/kafka.out" "$server_log"
      die "broker exited during startup (see $LOG_DIR)"
    fi
    # (no `| grep -q` here: with pipefail, grep quitting early can fail the pipeline with SIGPIPE)
    if port_open "$PORT" && [[ "$(log_since "$server_log" "$offset")" == *"Kafka Server started"* ]]; then
      log "ready on 127.0.0.1:$PORT in $((SECONDS - start_s)) s (pid $pid)"
      return 0
    fi
  done
  tail_logs "$LOG_DIR/kafka.out" "$server_log"
  [[ -n "$pid" ]] && pid_alive "$pid" && stop_pid "$pid" 5
  rm -f "$PIDFILE"
  die "broker not ready on 127.0.0.1:$PORT after ${START_TIMEOUT}s (stopped it; see $LOG_DIR)"
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  log "stopping broker (pid $pid)"
  stop_pid "$pid" "$STOP_TIMEOUT"
  rm -f "$PIDFILE"
  log "stopped"
}

do_status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid): $(sed -n 's/^listeners=//p' "$CONFIG")"
  else
    log "not running"
    return 1
  fi
}

case "$CMD" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) usage ;;
esac
