#!/usr/bin/env bash
# ./bpmon chaos: the fault-injection run (docs/chaos.md). Starts `./bpmon demo --no-simulator` on its own ports in a
# temp dir (the demo starts and supervises its own Kafka and Elasticsearch), a local Slack webhook, then drives seeded
# order traffic while it kills and stops components one after another, and checks everything sent against the
# stores. Prints a result table; exits 0 when nothing was lost, duplicated or unexpected and every fault recovered,
# 1 on findings, 2 when the run itself failed. The Java side is cep-rules/src/test/java/io/bpmon/chaos.
#
#   scripts/chaos.sh [--minutes M] [--rate EVENTS_PER_S] [--seed N] [--faults LIST] [--quick] [--keep]
#
# Ports (env): CHAOS_WEB_PORT (34800), CHAOS_HOOK_PORT (34801), CHAOS_KAFKA_PORT (34092; its controller +1000),
# CHAOS_ES_PORT (34600; transport +100), CHAOS_FLINK_REST_PORTS (34900-34949).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

say() { printf 'chaos: %s\n' "$*"; }
die() { printf 'chaos: ERROR: %s\n' "$*" >&2; exit 2; }

usage() {
  cat <<'USAGE'
usage: ./bpmon chaos [options]

  --minutes M      minutes of traffic the faults are spread over (default 5; the run takes longer when a
                   recovery is slow: each fault waits for the previous recovery)
  --rate N         events per second (default 50)
  --seed N         seed of the traffic (default 1)
  --faults LIST    which faults, in this order: job,es,kafka,web,notifier (default all)
  --quick          smoke run: 2.5 min at 30 events/s, only the job kill and the notifier restart
  --keep           keep the temp dir (logs, report) also when the run is clean
USAGE
}

args=() keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes|--rate|--seed|--faults) [[ $# -ge 2 ]] || die "$1 needs a value"; args+=("$1" "$2"); shift 2 ;;
    --quick) args+=(--quick); shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

WEB_PORT="${CHAOS_WEB_PORT:-34800}"
HOOK_PORT="${CHAOS_HOOK_PORT:-34801}"
KAFKA_PORT="${CHAOS_KAFKA_PORT:-34092}"
ES_PORT="${CHAOS_ES_PORT:-34600}"
FLINK_REST_PORTS="${CHAOS_FLINK_REST_PORTS:-34900-34949}"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$WEB_PORT" "$HOOK_PORT" "$KAFKA_PORT" $((KAFKA_PORT + 1000)) "$ES_PORT" $((ES_PORT + 100)); do
  ! port_open "$p" || die "port $p is in use (set CHAOS_*_PORT, see scripts/chaos.sh)"
done

# ---------------------------------------------------------------- classpath (test scope), copied like bench.sh
CP_FILE="$ROOT/cep-rules/target/test-classpath.txt"
if [[ ! -f "$CP_FILE" || ! -f "$ROOT/cep-rules/target/test-classes/io/bpmon/chaos/ChaosMain.class" ]]; then
  say "building (mvn install -DskipTests) ..."
  mvn -B -q -Dstyle.color=never -DskipTests install -pl monitor-core,cep-rules -am >/dev/null \
    || die "build failed; run 'mvn -B install -DskipTests -pl monitor-core,cep-rules -am' to see why"
fi

RUN_DIR="$(mktemp -d /tmp/bpmon-chaos.XXXXXX)"
chmod 711 "$RUN_DIR" # Elasticsearch runs as an unprivileged user when we are root: it must traverse this
DEMO_DIR="$RUN_DIR/demo"
OUT_DIR="$RUN_DIR/out"
mkdir -p "$OUT_DIR"
DEMO_PID="" JAVA_PID="" status=2
cleanup() {
  trap - EXIT INT TERM
  if [[ -n "$JAVA_PID" ]]; then kill -TERM "$JAVA_PID" 2>/dev/null || true; wait "$JAVA_PID" 2>/dev/null || true; fi
  if [[ -s "$DEMO_DIR/run/bpmon.pid" ]]; then
    # a supervisor held by the Elasticsearch fault must run again to stop
    kill -CONT "$(cat "$DEMO_DIR/run/bpmon.pid")" 2>/dev/null || true
  fi
  if [[ -n "$DEMO_PID" ]]; then
    say "stopping the demo ..."
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  if [[ $status == 0 && $keep == 0 ]]; then
    rm -rf "$RUN_DIR"
  else
    say "logs, the demo's output and the report are in $RUN_DIR (demo.out, demo/logs, out/)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/frozen-classpath.sh
source "$ROOT/scripts/frozen-classpath.sh"
CP="$(frozen_classpath "$ROOT" "$CP_FILE" "$RUN_DIR/classpath")" || die "cannot copy the class path"

cat >"$RUN_DIR/log4j2.properties" <<'LOG4J'
rootLogger.level = ERROR
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} %m%n
LOG4J

# ---------------------------------------------------------------- the demo, with nothing external configured
# Only the run's own settings: a BPMON_* variable of this shell (a test Kafka, another index prefix) must not leak in.
while IFS='=' read -r name _; do
  [[ "$name" == BPMON_* && "$name" != *_HEAP ]] && unset "$name"
done < <(env)
export BPMON_API_TOKEN="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)"
export BPMON_DEFAULT_RULES=none
export BPMON_SLACK_WEBHOOK_URL="http://127.0.0.1:$HOOK_PORT/services/T0CHAOS/B0CHAOS/chaos"
export BPMON_ALERT_GROUP_BY=country
export BPMON_ALERT_GROUP_WAIT=PT5S
export BPMON_ALERT_GROUP_INTERVAL=PT15S
export BPMON_FLINK_REST_PORT="$FLINK_REST_PORTS"

say "run dir $RUN_DIR; starting ./bpmon demo --no-simulator (web $WEB_PORT, Kafka $KAFKA_PORT, Elasticsearch $ES_PORT) ..."
./bpmon demo --no-simulator --data-dir "$DEMO_DIR" --port "$WEB_PORT" --kafka-port "$KAFKA_PORT" \
  --es-port "$ES_PORT" >"$RUN_DIR/demo.out" 2>&1 &
DEMO_PID=$!

rc=0
"$JAVA" -Xmx512m -Dlog4j2.configurationFile="$RUN_DIR/log4j2.properties" -cp "$CP" io.bpmon.chaos.ChaosMain \
  --url "http://127.0.0.1:$WEB_PORT" --es "http://127.0.0.1:$ES_PORT" --kafka "127.0.0.1:$KAFKA_PORT" \
  --data-dir "$DEMO_DIR" --repo "$ROOT" --hook-port "$HOOK_PORT" --out "$OUT_DIR" "${args[@]}" &
JAVA_PID=$!
wait "$JAVA_PID" || rc=$?
JAVA_PID=""
status=$rc
if ! kill -0 "$DEMO_PID" 2>/dev/null; then
  say "the demo had stopped before the end of the run; its output:"
  tail -n 30 "$RUN_DIR/demo.out"
  [[ $status == 0 ]] && status=1
fi
