#!/usr/bin/env bash
# Start / stop a standalone Flink session cluster — one JobManager and N TaskManager processes — for local
# runs and the cluster test (ClusterIT). There is no flink-dist on Maven Central: the processes run the Flink
# main classes directly on a classpath resolved from Maven Central through infra/pom.xml (profile "flink"),
# the way Flink's own bin/ scripts would (memory flags from BashJavaUtils, the same --add-opens list).
#
#   scripts/flink-cluster.sh start  DATA_DIR [REST_PORT] [TASKMANAGERS]   # REST_PORT 8081, 1 TaskManager
#   scripts/flink-cluster.sh stop   DATA_DIR
#   scripts/flink-cluster.sh status DATA_DIR                               # exit 0 when the JobManager runs
#   scripts/flink-cluster.sh submit DATA_DIR JAR [ARGS...]                 # flink run -d -p 2 JAR ARGS
#   scripts/flink-cluster.sh classpath                                     # print the Flink classpath
#
# start returns once the REST API reports all TaskManagers and their slots (TASKMANAGERS x slots). Run on a
# running cluster it starts only what is missing (e.g. a TaskManager that died), so it also restarts a lost
# TaskManager. The JobManager's RPC port is REST_PORT+100; every other port is chosen by the OS.
# submit runs the Flink CLI (CliFrontend) with FLINK_CONF_DIR pointing at the cluster's config; the job's main
# runs in that client process and sees the caller's environment (BPMON_* configuration). It prints the CLI's
# output ("Job has been submitted with JobID ...") and exits with its status.
#
# Everything lives under DATA_DIR/flink: conf/ (config.yaml, log4j), logs/, checkpoints/, savepoints/, tmp/,
# jobmanager.pid, taskmanager-N.pid.
# Env: FLINK_TM_SLOTS (slots per TaskManager, default 2), FLINK_JM_MEMORY (default 768m), FLINK_TM_MEMORY
# (default 1024m), FLINK_TM_MANAGED_MEMORY (default 128m: the job uses the heap state backend, so managed
# memory only matters for RocksDB), FLINK_PARALLELISM (submit, default 2), FLINK_CLIENT_HEAP (default 384m),
# plus JAVA_HOME / MVN / BPMON_CACHE_DIR (see infra-common.sh).
set -euo pipefail

INFRA_NAME=flink
# shellcheck source=scripts/infra-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-common.sh"

FLINK_VERSION="$(pom_property flink.version)" # the cluster's classpath comes from infra/pom.xml
START_TIMEOUT=120 # seconds until the REST API must report every TaskManager slot (2 busy cores: be patient)
STOP_TIMEOUT=30   # seconds of graceful shutdown before SIGKILL

usage() {
  echo "usage: $0 start|stop|status DATA_DIR [REST_PORT] [TASKMANAGERS]" >&2
  echo "       $0 submit DATA_DIR JAR [ARGS...]" >&2
  echo "       $0 classpath" >&2
  exit 2
}

# classpath: print the Flink classpath (resolved once, see infra-common.sh); a release's bin/bpmon runs the local job
# and the Flink CLI on it. Progress goes to stderr, the classpath alone to stdout.
if [[ "${1:-}" == classpath ]]; then
  cached_classpath FLINK_CP flink "$FLINK_VERSION" "Flink $FLINK_VERSION" -Dinfra.classpath=flink >&2
  printf '%s\n' "$FLINK_CP"
  exit 0
fi

[[ $# -ge 2 ]] || usage
CMD="$1"
DATA_DIR="$(abs_path "$2")"
shift 2

FDIR="$DATA_DIR/flink"
CONF="$FDIR/conf"
LOG_DIR="$FDIR/logs"
JM_PIDFILE="$FDIR/jobmanager.pid"
REST_PORT_FILE="$FDIR/rest.port" # so that status / submit / stop need only DATA_DIR

JM_MAIN=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_MAIN=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
CLI_MAIN=org.apache.flink.client.cli.CliFrontend

# Flink's own JVM options for Java 17 (env.java.opts.all of flink-dist's config.yaml): Flink and Kryo reflect
# into these JDK packages.
JVM_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

# ---------------------------------------------------------------------------------------------------
# Sets FLINK_CP: JobManager, TaskManager and CLI classpath (infra/pom.xml, profile "flink").
flink_classpath() {
  cached_classpath FLINK_CP flink "$FLINK_VERSION" "Flink $FLINK_VERSION" -Dinfra.classpath=flink
}

# ---------------------------------------------------------------------------------------------------
write_config() {
  local rest_port="$1" rpc_port="$2" slots="$3"
  mkdir -p "$CONF" "$LOG_DIR" "$FDIR/checkpoints" "$FDIR/savepoints" "$FDIR/tmp" "$FDIR/blobs" "$FDIR/web" \
    "$FDIR/plugins"
  # Rewritten on every start so a different REST_PORT on the same DATA_DIR just works. Flink 2.x reads
  # conf/config.yaml (flink-conf.yaml is ignored).
  cat >"$CONF/config.yaml" <<EOF
# Written by scripts/flink-cluster.sh: standalone session cluster, 127.0.0.1 only.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
# No jar upload / run through the web UI (/jars/*), no cancel button: the CLI (flink run, flink cancel) and
# ClusterIT use the REST API's /jobs endpoints, which Flink always serves, so REST stays on loopback above.
web.submit.enable: false
web.cancel.enable: false

# Small sizes proven on a 2-core machine (docs/operations.md, cluster). The job keeps its state on the heap: managed memory
# (RocksDB only) is cut down so that the task heap is not ~26 MiB.
jobmanager.memory.process.size: ${FLINK_JM_MEMORY:-768m}
taskmanager.memory.process.size: ${FLINK_TM_MEMORY:-1024m}
taskmanager.memory.managed.size: ${FLINK_TM_MANAGED_MEMORY:-128m}
taskmanager.numberOfTaskSlots: $slots
# spread a job's slots evenly over the TaskManagers
taskmanager.load-balance.mode: SLOTS
parallelism.default: 1

# A lost TaskManager is noticed within seconds; the job then restarts from its last checkpoint.
heartbeat.interval: 2000
heartbeat.timeout: 8000
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 30
restart-strategy.fixed-delay.delay: 2 s

execution.checkpointing.dir: file://$FDIR/checkpoints
execution.checkpointing.savepoint-dir: file://$FDIR/savepoints
io.tmp.dirs: $FDIR/tmp
blob.storage.directory: $FDIR/blobs
web.tmpdir: $FDIR/web
web.upload.dir: $FDIR/web
EOF

  # Flink's own log4j.properties (one rolling file per process, named by -Dlog.file) and its CLI variant.
  local name
  for name in log4j log4j-cli; do
    cat >"$CONF/$name.properties" <<'EOF'
# Written by scripts/flink-cluster.sh
monitorInterval = 0
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = WARN
logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3
logger.shaded_zookeeper.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
appender.main.name = MainAppender
appender.main.type = RollingFile
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.filePattern = ${sys:log.file}.%i
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.main.policies.type = Policies
appender.main.policies.size.type = SizeBasedTriggeringPolicy
appender.main.policies.size.size = 100MB
appender.main.strategy.type = DefaultRolloverStrategy
appender.main.strategy.max = 3
EOF
  done
}

# Sets RESOURCE_JVM and RESOURCE_DYN (arrays): the JVM memory flags and the -D dynamic properties that
# Flink's bin/jobmanager.sh / taskmanager.sh compute with BashJavaUtils (GET_JM_/GET_TM_RESOURCE_PARAMS).
resource_params() {
  local what="$1" out lines
  out="$("$JAVA" -Xmx128m -cp "$FLINK_CP" org.apache.flink.runtime.util.bash.BashJavaUtils "$what" --configDir "$CONF" 2>&1)" \
    || { printf '%s\n' "$out" | tail -n 20 >&2; die "BashJavaUtils $what failed (memory settings in $CONF/config.yaml?)"; }
  lines="$(printf '%s\n' "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')"
  [[ "$(printf '%s\n' "$lines" | wc -l)" -ge 2 ]] || { printf '%s\n' "$out" | tail -n 20 >&2; die "unexpected BashJavaUtils output"; }
  # (space-separated flags with no spaces inside them)
  read -r -a RESOURCE_JVM <<<"$(printf '%s\n' "$lines" | head -n 1)"
  read -r -a RESOURCE_DYN <<<"$(printf '%s\n' "$lines" | tail -n 1)"
}

# ---------------------------------------------------------------------------------------------------
tm_pidfile() { printf '%s/taskmanager-%s.pid\n' "$FDIR" "$1"; }
tm_idfile() { printf '%s/taskmanager-%s.id\n' "$FDIR" "$1"; }

# The pid of a live process whose pid file is given and whose command line names this cluster's conf dir.
running_jm() { live_pid "$JM_PIDFILE" "$JM_MAIN --configDir $CONF"; }
running_tm() { live_pid "$(tm_pidfile "$1")" "$TM_MAIN --configDir $CONF"; }

# The numbers N of all taskmanager-N.pid files.
tm_numbers() {
  local f
  for f in "$FDIR"/taskmanager-*.pid; do
    [[ -e "$f" ]] || continue
    f="${f##*/taskmanager-}"
    printf '%s\n' "${f%.pid}"
  done | sort -n
}

# Starts MAIN as a background JVM in its own session; the pid file holds the JVM's pid (see kafka.sh).
launch() {
  local pidfile="$1" logname="$2" main="$3"
  shift 3
  rm -f "$pidfile"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" \
    "$JAVA" "${RESOURCE_JVM[@]}" "${JVM_OPENS[@]}" \
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog.file="$LOG_DIR/$logname.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -cp "$FLINK_CP" "$main" --configDir "$CONF" "${RESOURCE_DYN[@]}" "$@" \
    >>"$LOG_DIR/$logname.out" 2>&1 </dev/null &
}

rest_get() { curl -sf --max-time 3 "http://127.0.0.1:$1$2" 2>/dev/null; }

# A number field of a flat JSON object (REST /overview), without jq.
json_number() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" <<<"$1"; }

do_start() {
  local rest_port="${1:-8081}" tms="${2:-1}" slots="${FLINK_TM_SLOTS:-2}" rpc_port pid i start_s overview
  [[ "$rest_port" =~ ^[0-9]+$ && "$rest_port" -gt 0 && "$rest_port" -lt 65436 ]] || die "bad REST port: $rest_port"
  [[ "$tms" =~ ^[0-9]+$ && "$tms" -ge 1 && "$tms" -le 16 ]] || die "bad number of TaskManagers: $tms"
  [[ "$slots" =~ ^[0-9]+$ && "$slots" -ge 1 ]] || die "bad FLINK_TM_SLOTS: $slots"
  rpc_port=$((rest_port + 100))
  start_s=$SECONDS

  if pid="$(running_jm)"; then
    local running_port
    running_port="$(cat "$REST_PORT_FILE" 2>/dev/null || true)"
    [[ "$running_port" == "$rest_port" ]] \
      || die "a JobManager already runs on this DATA_DIR with REST port ${running_port:-?} (pid $pid): stop it first"
    log "JobManager already running (pid $pid)"
  else
    for i in "$rest_port" "$rpc_port"; do
      ! port_open "$i" || die "port 127.0.0.1:$i is already in use by another process"
    done
  fi

  find_java_home
  JAVA="$JAVA_HOME_FOUND/bin/java"
  flink_classpath
  if ! running_jm >/dev/null; then
    write_config "$rest_port" "$rpc_port" "$slots"
    printf '%s\n' "$rest_port" >"$REST_PORT_FILE"
  fi

  # The processes run in FDIR (relative paths Flink might use land there) with an empty plugins dir.
  cd "$FDIR"
  export FLINK_PLUGINS_DIR="$FDIR/plugins"
  # JobManager and TaskManagers start together: TaskManagers retry registering until the JobManager is up.
  if ! running_jm >/dev/null; then
    resource_params GET_JM_RESOURCE_PARAMS
    log "starting JobManager (REST 127.0.0.1:$rest_port, RPC $rpc_port), logs in $LOG_DIR"
    launch "$JM_PIDFILE" jobmanager "$JM_MAIN"
  fi
  local missing=()
  for ((i = 1; i <= tms; i++)); do
    running_tm "$i" >/dev/null || missing+=("$i")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    resource_params GET_TM_RESOURCE_PARAMS
    for i in "${missing[@]}"; do
      # A fresh resource id per start: readiness below waits for exactly these TaskManagers, not for one
      # that was just killed and is still listed until its heartbeat times out.
      printf 'taskmanager-%s-%s\n' "$i" "$(date +%s%N | cut -c8-16)" >"$(tm_idfile "$i")"
      log "starting TaskManager $i ($slots slots)"
      launch "$(tm_pidfile "$i")" "taskmanager-$i" "$TM_MAIN" -D "taskmanager.resource-id=$(cat "$(tm_idfile "$i")")"
    done
  fi

  # Ready = the REST API lists each of our TaskManagers (by resource id) and the expected slots.
  local want_slots=$((tms * slots)) have_slots registered n
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    sleep 0.5
    check_alive "$tms"
    registered="$(rest_get "$rest_port" /taskmanagers || true)"
    for ((n = 1; n <= tms; n++)); do
      [[ "$registered" == *"\"id\":\"$(cat "$(tm_idfile "$n")" 2>/dev/null)\""* ]] || continue 2
    done
    overview="$(rest_get "$rest_port" /overview || true)"
    have_slots="$(json_number "$overview" slots-total)"
    if [[ "${have_slots:-0}" -ge "$want_slots" ]]; then
      log "ready in $((SECONDS - start_s)) s: http://127.0.0.1:$rest_port ($tms TaskManagers, $have_slots slots)"
      return 0
    fi
  done
  tail_logs "$LOG_DIR/jobmanager.log" "$LOG_DIR/jobmanager.out"
  do_stop
  die "cluster not ready after ${START_TIMEOUT}s (wanted $tms TaskManagers / $want_slots slots; stopped it; see $LOG_DIR)"
}

# Fails the start when a process it just launched has exited (bad config, port taken, ...).
check_alive() {
  local tms="$1" i pid name
  for name in jobmanager $(seq -f 'taskmanager-%g' 1 "$tms"); do
    pid="$(tr -dc '0-9' <"$FDIR/$name.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      tail_logs "$LOG_DIR/$name.out" "$LOG_DIR/$name.log"
      do_stop
      die "$name exited during startup (see $LOG_DIR)"
    fi
  done
}

do_stop() {
  local pids=() names=() pid n i
  for n in $(tm_numbers); do
    if pid="$(running_tm "$n")"; then pids+=("$pid"); names+=("TaskManager $n"); fi
  done
  if pid="$(running_jm)"; then pids+=("$pid"); names+=("JobManager"); fi
  if [[ ${#pids[@]} -eq 0 ]]; then
    log "not running"
  else
    log "stopping ${names[*]} (pids ${pids[*]})"
    # All at once (each shuts down on SIGTERM), then wait for each, escalating to SIGKILL.
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do stop_pid "$pid" "$STOP_TIMEOUT"; done
    log "stopped"
  fi
  rm -f "$JM_PIDFILE" "$FDIR"/taskmanager-*.pid "$FDIR"/taskmanager-*.id
  # A process of this cluster whose pid file is gone (e.g. a start interrupted at the wrong moment) is found
  # by its command line: a Flink main class followed by this DATA_DIR's conf dir.
  local cmdline
  for i in /proc/[0-9]*; do
    pid="${i#/proc/}"
    cmdline="$(tr '\0' ' ' <"$i/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$JM_MAIN --configDir $CONF "* || "$cmdline" == *"$TM_MAIN --configDir $CONF "* ]] || continue
    pid_alive "$pid" || continue
    log "stopping leftover process $pid of this cluster"
    stop_pid "$pid" 10
  done
}

do_status() {
  local pid n rest_port overview rc=0
  rest_port="$(cat "$REST_PORT_FILE" 2>/dev/null || true)"
  if pid="$(running_jm)"; then
    log "JobManager running (pid $pid): http://127.0.0.1:$rest_port"
  else
    log "JobManager not running"
    rc=1
  fi
  for n in $(tm_numbers); do
    if pid="$(running_tm "$n")"; then log "TaskManager $n running (pid $pid)"; else log "TaskManager $n not running"; fi
  done
  if [[ $rc -eq 0 ]] && overview="$(rest_get "$rest_port" /overview)"; then
    log "overview: $overview"
  fi
  return $rc
}

do_submit() {
  [[ $# -ge 1 ]] || usage
  local jar="$1" pid
  shift
  [[ -f "$jar" ]] || die "no job jar at $jar (build it with: mvn -B package -DskipTests)"
  pid="$(running_jm)" || die "no cluster running on $DATA_DIR (scripts/flink-cluster.sh start $DATA_DIR ...)"
  find_java_home
  JAVA="$JAVA_HOME_FOUND/bin/java"
  flink_classpath
  log "submitting $jar at parallelism ${FLINK_PARALLELISM:-2} to http://127.0.0.1:$(cat "$REST_PORT_FILE")"
  # The client's own log goes to logs/client.log; the CLI's messages (job id, errors) to stdout/stderr.
  FLINK_CONF_DIR="$CONF" FLINK_PLUGINS_DIR="$FDIR/plugins" "$JAVA" -Xmx"${FLINK_CLIENT_HEAP:-384m}" "${JVM_OPENS[@]}" \
    -Dlog.file="$LOG_DIR/client.log" -Dlog4j.configurationFile="file:$CONF/log4j-cli.properties" \
    -cp "$FLINK_CP" "$CLI_MAIN" run -d -p "${FLINK_PARALLELISM:-2}" "$jar" "$@" </dev/null
}

case "$CMD" in
  start) [[ $# -le 2 ]] || usage; do_start "$@" ;;
  stop) do_stop ;;
  status) do_status ;;
  submit) do_submit "$@" ;;
  *) usage ;;
esac
