#!/usr/bin/env bash
# ./bpmon bench --dashboard: the web UI dashboard's server time with many orders in Elasticsearch. Bulk-loads a
# generated data set (orders over the last week, ~2% with an alert) straight into Elasticsearch, then times the
# dashboard's first render and its live update (aggregations + Thymeleaf; median and p95). The Java side is
# webapp/src/test/java/io/bpmon/web/ui/DashboardBench.java.
#
#   scripts/bench-dashboard.sh [--orders N] [--renders N] [--reuse]
#   (--reuse: with BPMON_ES_URL, keep a data set of the same size loaded by an earlier run)
#
# Env: BPMON_ES_URL (use this Elasticsearch instead of starting one), ES_HEAP (default 1g here), JAVA_HOME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
say() { printf 'bench-dashboard: %s\n' "$*"; }
die() { printf 'bench-dashboard: ERROR: %s\n' "$*" >&2; exit 1; }

orders=1000000 renders=50 reuse=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --orders) orders="${2:?--orders needs a number}"; shift 2 ;;
    --renders) renders="${2:?--renders needs a number}"; shift 2 ;;
    --reuse) reuse=reuse; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ "$orders" =~ ^[0-9]+$ && "$orders" -ge 1000 ]] || die "--orders must be a number >= 1000, was '$orders'"
[[ "$renders" =~ ^[0-9]+$ && "$renders" -ge 5 ]] || die "--renders must be a number >= 5, was '$renders'"

say "building ..."
mvn -B -q -Dstyle.color=never -pl monitor-core,webapp test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null \
  || die "build failed; run 'mvn -B test-compile -pl monitor-core,webapp' to see why"
# monitor-core's test classes too: the benchmark uses its fixtures (RawElasticsearch), which the reactor resolves
# to monitor-core/target/test-classes, a path the filter below drops
CP="$ROOT/webapp/target/test-classes:$ROOT/webapp/target/classes:$ROOT/monitor-core/target/classes"
CP="$CP:$ROOT/monitor-core/target/test-classes"
CP="$CP:$(tr ':' '\n' <"$ROOT/webapp/target/test-classpath.txt" | grep -vF "$ROOT/" | paste -sd: -)"

DIR="" 
cleanup() {
  if [[ -n "$DIR" ]]; then scripts/es.sh stop "$DIR" >/dev/null 2>&1 || true; rm -rf "$DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="${BPMON_ES_URL:-}"
if [[ -z "$url" ]]; then
  port=""
  for p in $(seq 29300 29399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
  [[ -n "$port" ]] || die "no free port for Elasticsearch from 29300"
  DIR="$(mktemp -d /tmp/bpmon-bench-dashboard.XXXXXX)"
  chmod 755 "$DIR"
  ES_HEAP="${ES_HEAP:-1g}" scripts/es.sh start "$DIR" "$port" >/dev/null || die "Elasticsearch did not start"
  url="http://127.0.0.1:$port"
fi
say "Elasticsearch at $url; $orders orders, $renders renders"
"$JAVA_HOME/bin/java" -Xmx512m -Dlog4j2.level=WARN -cp "$CP" io.bpmon.web.ui.DashboardBench "$url" "$orders" "$renders" $reuse
