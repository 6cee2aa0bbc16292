#!/usr/bin/env bash
# ./bpmon bench: the job's benchmarks against a real Kafka broker and Elasticsearch, started here on free ports in a
# temp dir and always stopped and removed at the end. Prints a result table; exits non-zero only on errors (a missed
# aim is reported, not an error). The Java side is cep-rules/src/test/java/io/bpmon/bench (see package-info.java).
#
#   scripts/bench.sh [--events N] [--orders-in-flight N] [--rules N [--scoped]] [--quick] [--no-breakdown]
#                    [--no-latency] [--no-jmh] [--jfr DIR]
#   scripts/bench.sh --esper [--events N] [--rules N] [--quick] [--differences FILE]
#   scripts/bench.sh --rule-change [--orders-in-flight N] [--rules N [--scoped]] [--jfr DIR]
#
# Env: BPMON_BENCH_HEAP (heap of each job JVM, default 1536m), JAVA_HOME; ES_HEAP / KAFKA_HEAP_OPTS as for
# scripts/es.sh and scripts/kafka.sh; BPMON_BENCH_KAFKA_PORT / BPMON_BENCH_ES_PORT (first port tried, default
# 29092 / 29200; the next free one in steps of 10 is used).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

AIM_EVENTS_PER_S=20000
AIM_RATIO=0.5

say() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<'USAGE'
usage: ./bpmon bench [options]

  --events N            input records for the throughput runs (default 1000000: ~247,000 orders x 4 events
                        + 1% duplicates); every job reads the same records
  --orders-in-flight N  orders held in state for the state-size measurement (default 1000000)
  --rules N             active rules (STEP_SLA and STALL, every order in scope, none breached) for the
                        state-only and full jobs (default 0); compare with a run without rules
  --scoped              the rules have scopes, as real rule sets do: by country, payment method, carrier or
                        two of them, so that each order is in the scope of about a tenth (docs/benchmarks.md)
  --quick               small sizes for a smoke run (100000 events, 100000 orders, short JMH)
  --no-breakdown        skip the run with a discarding order sink (Kafka > state, no Elasticsearch) that
                        shows how the time splits between the job's state and Elasticsearch
  --no-latency          skip the latency run (event append -> alert in Kafka, live job at half the full job's
                        sustained rate; LatencyBench)
  --no-jmh              skip the JMH micro-benchmarks (OrderStateBench, RuleEngineBench)
  --order-states-cost   also run the full job without the order-state topic (bpmon.order-states): what the
                        stream costs (docs/order-states.md)
  --jfr DIR             record the full job with Java Flight Recorder into DIR/full.jfr (with
                        --order-states-cost also the job without the topic, DIR/full-without-states.jfr)
                        and the latency run into DIR/latency.jfr
  --esper               instead: bpmon's rule engine and Esper side by side on one thread each, no servers
                        (EsperBench): the same generated input with breaches, the same parsing, --rules N
                        (default 10) STEP_SLA and STALL rules, in Esper as EPL patterns; events/s, CPU per
                        event and the two alert sets compared (--events default 1000000, --quick 100000)
  --differences FILE    with --esper: write every alert only one engine raised to FILE
  --rule-change         instead: a rule change with orders in flight, no servers (StateSizeBench): the
                        --orders-in-flight N orders (default 1000000) placed and paid in the order operator under
                        --rules N [--scoped], then a new STEP_SLA rule and a changed one broadcast to it, each timed
                        until the operator's RuleApplied (every order re-judged); also the heap per order by class;
                        --jfr DIR records it into DIR/rule-change.jfr
  --dashboard [--orders N] [--renders N]
                        instead: the web UI dashboard's server time with N orders (default 1000000) bulk-loaded
                        into Elasticsearch (scripts/bench-dashboard.sh)
USAGE
}

events=1000000 orders_in_flight=1000000 rules=0 scoped=false quick=0 breakdown=1 latency=1 jmh=1 jfr_dir=""
states_cost=0 esper=0 differences="" rule_change=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events="${2:?--events needs a number}"; shift 2 ;;
    --orders-in-flight) orders_in_flight="${2:?--orders-in-flight needs a number}"; shift 2 ;;
    --rules) rules="${2:?--rules needs a number}"; shift 2 ;;
    --scoped) scoped=true; shift ;;
    --quick) quick=1; events=100000; orders_in_flight=100000; shift ;;
    --no-breakdown) breakdown=0; shift ;;
    --no-latency) latency=0; shift ;;
    --no-jmh) jmh=0; shift ;;
    --order-states-cost) states_cost=1; shift ;;
    --jfr) jfr_dir="${2:?--jfr needs a directory}"; shift 2 ;;
    --esper) esper=1; shift ;;
    --rule-change) rule_change=1; shift ;;
    --differences) differences="${2:?--differences needs a file}"; shift 2 ;;
    --dashboard) shift; exec "$ROOT/scripts/bench-dashboard.sh" "$@" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ "$events" =~ ^[0-9]+$ && "$events" -ge 1000 ]] || die "--events must be a number >= 1000, was '$events'"
[[ "$rules" =~ ^[0-9]+$ && "$rules" -le 1000 ]] || die "--rules must be a number from 0 to 1000, was '$rules'"
[[ "$orders_in_flight" =~ ^[0-9]+$ && "$orders_in_flight" -ge 1000 ]] \
  || die "--orders-in-flight must be a number >= 1000, was '$orders_in_flight'"
if [[ -n "$jfr_dir" ]]; then mkdir -p "$jfr_dir"; jfr_dir="$(cd "$jfr_dir" && pwd)"; fi

# ---------------------------------------------------------------- classpath (test scope: the benchmarks are tests)
CP_FILE="$ROOT/cep-rules/target/test-classpath.txt"
if [[ ! -f "$CP_FILE" || ! -f "$ROOT/cep-rules/target/test-classes/io/bpmon/bench/PipelineBench.class" \
    || ! -f "$ROOT/cep-rules/target/test-classes/io/bpmon/bench/EsperBench.class" ]]; then
  say "building (mvn install -DskipTests) ..."
  mvn -B -q -Dstyle.color=never -DskipTests install -pl monitor-core,cep-rules -am >/dev/null \
    || die "build failed; run 'mvn -B install -DskipTests -pl monitor-core,cep-rules -am' to see why"
fi
JVM_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)
HEAP="${BPMON_BENCH_HEAP:-1536m}"

# ---------------------------------------------------------------- temp dir, always removed
# Globals, not locals: the EXIT trap runs after everything else has returned.
BENCH_DIR="$(mktemp -d /tmp/bpmon-bench.XXXXXX)"
chmod 755 "$BENCH_DIR" # Elasticsearch runs as an unprivileged user when we are root
RESULTS="$BENCH_DIR/results.properties"
LOG_CONFIG="$BENCH_DIR/log4j2.properties"
INFRA_PIDS=() JAVA_PID=""
cleanup() {
  trap - EXIT INT TERM
  local p
  if [[ -n "$JAVA_PID" ]]; then kill -TERM "$JAVA_PID" 2>/dev/null || true; wait "$JAVA_PID" 2>/dev/null || true; fi
  for p in "${INFRA_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  scripts/es.sh stop "$BENCH_DIR" >/dev/null 2>&1 || true
  scripts/kafka.sh stop "$BENCH_DIR" >/dev/null 2>&1 || true
  rm -rf "$BENCH_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/frozen-classpath.sh
source "$ROOT/scripts/frozen-classpath.sh"
CP="$(frozen_classpath "$ROOT" "$CP_FILE" "$BENCH_DIR/classpath")" || die "cannot copy the class path"

# Warnings and errors, without the noise every MiniCluster run with a Kafka source makes at WARN.
cat >"$LOG_CONFIG" <<'LOG4J'
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} %m%n
logger.metricgroup.name = org.apache.flink.metrics.MetricGroup
logger.metricgroup.level = ERROR
logger.metricutils.name = org.apache.flink.runtime.metrics.util.MetricUtils
logger.metricutils.level = ERROR
logger.tokens.name = org.apache.flink.runtime.security.token
logger.tokens.level = ERROR
logger.webmonitor.name = org.apache.flink.runtime.webmonitor.WebMonitorUtils
logger.webmonitor.level = ERROR
logger.sourcebuilder.name = org.apache.flink.connector.kafka.source.KafkaSourceBuilder
logger.sourcebuilder.level = ERROR
logger.sourcereader.name = org.apache.flink.connector.kafka.source.reader.KafkaSourceReader
logger.sourcereader.level = ERROR
LOG4J

# ---------------------------------------------------------------- helpers
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# First port from $1 (in steps of 10) at which every port at the given offsets is free.
free_port() {
  local p="$1" off ok i; shift
  for ((i = 0; i < 50; i++, p += 10)); do
    ok=1
    for off in 0 "$@"; do port_open $((p + off)) && { ok=0; break; }; done
    [[ $ok == 1 ]] && { echo "$p"; return 0; }
  done
  return 1
}
load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds used so far by the whole machine (all cores), and by the process of a pid file (0 if none).
HZ="$(getconf CLK_TCK)"
machine_cpu() { awk -v hz="$HZ" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
pid_cpu() {
  local pid
  pid="$(tr -dc '0-9' <"$1" 2>/dev/null || true)"
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || { echo 0; return; }
  sed 's/^.*) //' "/proc/$pid/stat" | awk -v hz="$HZ" '{ printf "%.2f", ($12 + $13) / hz }'
}
cpu_snapshot() {
  echo "$(machine_cpu) $(pid_cpu "$BENCH_DIR/elasticsearch/es.pid") $(pid_cpu "$BENCH_DIR/kafka/kafka.pid")"
}
run_java() { # heap, JVM options and main class, arguments
  local heap="$1" rc=0; shift
  # in the background and waited for, so that a signal to this script is handled at once, not after the program
  "$JAVA" -Xms"$heap" -Xmx"$heap" "${JVM_OPENS[@]}" -Dlog4j2.configurationFile="$LOG_CONFIG" -cp "$CP" "$@" &
  JAVA_PID=$!
  wait "$JAVA_PID" || rc=$?
  JAVA_PID=""
  return "$rc"
}

# ---------------------------------------------------------------- --esper: one JVM, no servers
if [[ $esper == 1 ]]; then
  if [[ $rules == 0 ]]; then rules=10; fi
  esper_args=(--events "$events" --rules "$rules" --out "$RESULTS")
  if [[ -n "$differences" ]]; then
    esper_args+=(--differences "$(cd "$(dirname "$differences")" && pwd)/${differences##*/}")
  fi
  say "machine: $(nproc) cores, load average $(load1) before starting (other processes lower the events/s; the CPU per"
  say "event shows less of them)"
  say "bpmon and Esper side by side: about $events events, $rules rules, each engine on one thread (EsperBench) ..."
  run_java "${BPMON_BENCH_HEAP:-3g}" io.bpmon.bench.EsperBench "${esper_args[@]}" || die "the Esper comparison failed"
  exit 0
fi

# ---------------------------------------------------------------- --rule-change: one JVM, no servers
if [[ $rule_change == 1 ]]; then
  say "machine: $(nproc) cores, load average $(load1) before starting (the operator's CPU time shows less of it)"
  say "rule change: $orders_in_flight orders in flight, $rules rules (scoped: $scoped), heap ${BPMON_BENCH_HEAP:-3g} ..."
  jfr=()
  if [[ -n "$jfr_dir" ]]; then jfr=("-XX:StartFlightRecording=filename=$jfr_dir/rule-change.jfr,settings=profile"); fi
  run_java "${BPMON_BENCH_HEAP:-3g}" "${jfr[@]}" io.bpmon.bench.StateSizeBench --orders "$orders_in_flight" --rules "$rules" \
    --scoped "$scoped" --histogram true --rule-change true --out "$RESULTS" || die "the rule change benchmark failed"
  say "load average $(load1) at the end"
  exit 0
fi

# ---------------------------------------------------------------- Kafka and Elasticsearch
KAFKA_PORT="$(free_port "${BPMON_BENCH_KAFKA_PORT:-29092}" 1000)" || die "no free port for Kafka"
ES_PORT="$(free_port "${BPMON_BENCH_ES_PORT:-29200}" 100)" || die "no free port for Elasticsearch"
KAFKA="127.0.0.1:$KAFKA_PORT"
ES="http://127.0.0.1:$ES_PORT"
LOAD_AT_START="$(load1)"
say "machine: $(nproc) cores, load average $LOAD_AT_START before starting (other processes slow every figure down)"
say "data dir $BENCH_DIR; starting Kafka on $KAFKA and Elasticsearch on $ES in the background"
scripts/kafka.sh start "$BENCH_DIR" "$KAFKA_PORT" >"$BENCH_DIR/kafka-start.log" 2>&1 & KAFKA_STARTER=$!
scripts/es.sh start "$BENCH_DIR" "$ES_PORT" >"$BENCH_DIR/es-start.log" 2>&1 & ES_STARTER=$!
INFRA_PIDS=("$KAFKA_STARTER" "$ES_STARTER")

# ---------------------------------------------------------------- 1. state size
# It measures bytes, not time, so it may share the CPU with the servers starting up.
say "state size: $orders_in_flight orders in flight ..."
run_java 2g -XX:+UseSerialGC io.bpmon.bench.StateSizeBench --orders "$orders_in_flight" --rules "$rules" \
  --scoped "$scoped" --out "$RESULTS" || die "the state size benchmark failed"

say "waiting for Kafka and Elasticsearch ..."
wait "$KAFKA_STARTER" || { cat "$BENCH_DIR/kafka-start.log" >&2; die "Kafka did not start"; }
wait "$ES_STARTER" || { cat "$BENCH_DIR/es-start.log" >&2; die "Elasticsearch did not start"; }
INFRA_PIDS=()

# ---------------------------------------------------------------- 2. throughput: one input, each job in its own JVM
# Elasticsearch is warmed up first (see PipelineBench.warmUpElasticsearch): production meets a warm cluster.
warm_es=300000
if [[ $quick == 1 ]]; then warm_es=50000; fi
run_java 1g io.bpmon.bench.PipelineBench generate --kafka "$KAFKA" --es "$ES" --events "$events" --rules "$rules" \
  --scoped "$scoped" --warm-es "$warm_es" \
  --out "$RESULTS" || die "generating the input failed"
JOBS=(passthrough)
if [[ $breakdown == 1 ]]; then JOBS+=(state-only); fi
if [[ $states_cost == 1 ]]; then JOBS+=(full-without-states); fi
JOBS+=(full)
for job in "${JOBS[@]}"; do
  jfr=()
  if [[ -n "$jfr_dir" && ( "$job" == full || "$job" == full-without-states ) ]]; then
    # with --order-states-cost both full jobs are recorded: the same overhead on both, and the difference shows what
    # the order-state topic costs
    jfr=("-XX:StartFlightRecording=filename=$jfr_dir/$job.jfr,settings=profile")
  fi
  echo "$job.load_before=$(load1)" >>"$RESULTS"
  read -r m0 e0 k0 <<<"$(cpu_snapshot)"
  run_java "$HEAP" "${jfr[@]}" io.bpmon.bench.PipelineBench run "$job" --kafka "$KAFKA" --es "$ES" \
    --checkpoint-dir "$BENCH_DIR/checkpoints-$job" --out "$RESULTS" || die "the $job job failed"
  read -r m1 e1 k1 <<<"$(cpu_snapshot)"
  # CPU seconds the machine, Elasticsearch and Kafka spent while the job's JVM ran
  awk -v j="$job" -v m0="$m0" -v e0="$e0" -v k0="$k0" -v m1="$m1" -v e1="$e1" -v k1="$k1" 'BEGIN {
    printf "%s.machine_cpu_s=%.1f\n%s.es_cpu_s=%.1f\n%s.kafka_cpu_s=%.1f\n", j, m1 - m0, j, e1 - e0, j, k1 - k0 }' \
    >>"$RESULTS"
done

# ---------------------------------------------------------------- 3. latency: live job at half the sustained rate
if [[ $latency == 1 ]]; then
  rate="$(awk -v f="$(sed -n 's/^full.events_per_s=//p' "$RESULTS" | tail -n 1)" 'BEGIN { printf "%d", f / 2 }')"
  seconds=60
  if [[ $quick == 1 ]]; then seconds=20; fi
  say "latency: live job, $rate events/s (half the full job's sustained rate) for $seconds s ..."
  jfr=()
  if [[ -n "$jfr_dir" ]]; then jfr=("-XX:StartFlightRecording=filename=$jfr_dir/latency.jfr,settings=profile"); fi
  run_java "$HEAP" "${jfr[@]}" io.bpmon.bench.LatencyBench --kafka "$KAFKA" --es "$ES" --rate "$rate" --seconds "$seconds" \
    --checkpoint-dir "$BENCH_DIR/checkpoints-latency" --out "$RESULTS" || die "the latency run failed"
fi

say "stopping Kafka and Elasticsearch ..."
scripts/es.sh stop "$BENCH_DIR" >/dev/null 2>&1 || true
scripts/kafka.sh stop "$BENCH_DIR" >/dev/null 2>&1 || true

# ---------------------------------------------------------------- 3. JMH: per-event CPU cost on one thread
if [[ $jmh == 1 ]]; then
  jmh_args=(-rf csv -rff "$BENCH_DIR/jmh.csv")
  if [[ $quick == 1 ]]; then jmh_args+=(-wi 1 -w 1s -i 2 -r 1s); fi
  say "JMH: OrderStateBench, RuleEngineBench (per-event CPU cost on one thread) ..."
  run_java 256m org.openjdk.jmh.Main 'io.bpmon.bench.(OrderStateBench|RuleEngineBench)' "${jmh_args[@]}" \
    >"$BENCH_DIR/jmh.log" 2>&1 \
    || { tail -n 40 "$BENCH_DIR/jmh.log" >&2; die "JMH failed"; }
fi

# ---------------------------------------------------------------- result table
get() { sed -n "s/^$1=//p" "$RESULTS" | tail -n 1; }
num() { # 1234567.8 -> 1,234,568 (other text as it is)
  awk -v v="$1" 'BEGIN {
    if (v !~ /^-?[0-9]+(\.[0-9]+)?$/) { printf "%s", v; exit }
    s = sprintf("%.0f", v); sign = ""
    if (substr(s, 1, 1) == "-") { sign = "-"; s = substr(s, 2) }
    r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    printf "%s%s%s", sign, s, r }'
}
verdict() { awk -v v="$1" -v aim="$2" 'BEGIN { print (v + 0 >= aim + 0) ? "met" : "MISSED" }'; }
per_event() { awk -v c="$1" -v n="$(get input.records)" 'BEGIN { printf "%.1f", c * 1e6 / n }'; }
row() { printf '  %-46s %12s   %s\n' "$@"; }

pass="$(get passthrough.events_per_s)"
full="$(get full.events_per_s)"
ratio="$(awk -v f="$full" -v p="$pass" 'BEGIN { printf "%.2f", f / p }')"

echo
echo "bpmon benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $LOAD_AT_START at the start"
printf '  input: %s records: %s orders x 4 lifecycle events, %s duplicates, %s malformed; %s orders out of order\n' \
  "$(num "$(get input.records)")" "$(num "$(get input.orders)")" "$(num "$(get input.duplicates)")" \
  "$(num "$(get input.malformed)")" "$(num "$(get input.swapped_orders)")"
printf '  Kafka %s partitions; Flink MiniCluster at parallelism 2, heap state, checkpoints every 10 s to files;\n' \
  "$(get input.partitions)"
printf '  Elasticsearch warmed up with %s order documents before the jobs\n' "$(num "$(get input.es_warm_up_documents)")"
if [[ "$(get input.rules_scoped)" == true ]]; then
  printf '  active rules: %s, scoped (each order in scope of about a tenth, docs/benchmarks.md)\n' "$(get input.rules)"
else
  printf '  active rules (every order in scope of each): %s\n' "$(get input.rules)"
fi
echo
row "throughput, events/s" "result" "aim"
row "passthrough: Kafka > parse > discard" "$(num "$pass")" ""
if [[ $breakdown == 1 ]]; then
  row "state only: Kafka > state > discard" "$(num "$(get state-only.events_per_s)")" "(where the time goes)"
fi
if [[ $states_cost == 1 ]]; then
  without="$(get full-without-states.events_per_s)"
  row "full job without the order-state topic" "$(num "$without")" \
    "the topic costs $(awk -v f="$full" -v w="$without" 'BEGIN { printf "%.1f", 100 * (1 - f / w) }') % of it"
fi
row "full job: Kafka > state > Elasticsearch, order states" "$(num "$full")" \
  ">= $(num $AIM_EVENTS_PER_S)  $(verdict "$full" $AIM_EVENTS_PER_S)"
row "ratio full / passthrough" "$ratio" ">= $AIM_RATIO  $(verdict "$ratio" $AIM_RATIO)"
echo
if [[ $latency == 1 ]]; then
  echo
  row "latency at $(num "$(get latency.rate)") events/s, $(get latency.probes) probes" "ms" \
    "(allowed lateness $(num "$(get latency.allowed_lateness_ms)") ms, rule: paid within 1 s)"
  row "append -> alert in Kafka, p50" "$(num "$(get latency.p50_ms)")" ""
  row "append -> alert in Kafka, p99" "$(num "$(get latency.p99_ms)")" ""
  row "beyond deadline + allowed lateness, p50" "$(num "$(get latency.beyond_p50_ms)")" ""
  row "beyond deadline + allowed lateness, p99" "$(num "$(get latency.beyond_p99_ms)")" \
    "<= 1,000  $(verdict "$(awk -v v="$(get latency.beyond_p99_ms)" 'BEGIN { print 1000 - v }')" 0)"
fi
echo
row "state, $(num "$(get state.orders)") orders in flight, $(get state.rules) rules" "bytes/order" ""
row "heap (state tables, keys, timers, payload)" "$(num "$(get state.heap_bytes_per_order)")" \
  "$(num "$(get state.heap_mib_total)") MiB in all"
row "  payload: encoded order (OrderStateCodec)" "$(num "$(get state.encoded_bytes_per_order)")" \
  "placed + paid"
row "  the same order as objects, for comparison" "$(num "$(get state.decoded_object_bytes_per_order)")" ""
if [[ $jmh == 1 && -f "$BENCH_DIR/jmh.csv" ]]; then
  echo
  row "JMH, events/s on one thread" "result" "99.9% error"
  # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
  while IFS=, read -r name _ _ _ score error _; do
    name="${name//\"/}"; error="${error//\"/}"
    if [[ "$error" == NaN ]]; then error="n/a (too few iterations)"; else error="+- $(num "$error")"; fi
    row "${name##*.}" "$(num "$score")" "$error"
  done < <(tail -n +2 "$BENCH_DIR/jmh.csv")
fi
echo
row "CPU microseconds per event" "job JVM" "Elasticsearch  Kafka | wall s (sustained) | others' CPU"
for job in "${JOBS[@]}"; do
  others="$(awk -v m="$(get "$job.machine_cpu_s")" -v j="$(get "$job.jvm_cpu_s")" -v e="$(get "$job.es_cpu_s")" \
    -v k="$(get "$job.kafka_cpu_s")" -v w="$(get "$job.wall_s")" -v n="$(nproc)" \
    'BEGIN { o = m - j - e - k; if (o < 0) o = 0; printf "%.0f%% of the machine", 100 * o / (w * n) }')"
  row "$job" "$(get "$job.jvm_cpu_us_per_event")" "$(printf '%13s %6s | %6s (%6s) | %s' \
    "$(per_event "$(get "$job.es_cpu_s")")" "$(per_event "$(get "$job.kafka_cpu_s")")" \
    "$(get "$job.wall_s")" "$(get "$job.sustained_s")" "$others")"
done
echo
echo "  sustained = records / (first record read .. last document flushed at the end of the input); wall time also"
echo "  counts the MiniCluster start and the final checkpoint. Job JVM CPU: all its threads while the records flowed;"
echo "  Elasticsearch and Kafka: while the job's JVM ran. Other processes on this machine slow every figure down:"
echo "  compare runs at similar load only. Elasticsearch held all $(num "$(get full.stored_orders)") orders in their"
echo "  last version after the full job, written $(num "$(get full.order_writes)") times for $(num "$(get full.stored_revisions)") valid events"
echo "  (the order sink writes an order once per flush, however many of its events the flush holds)."
if [[ -n "$jfr_dir" ]]; then echo "  flight recordings of the full job(s) and the latency run: $jfr_dir/*.jfr"; fi
exit 0
