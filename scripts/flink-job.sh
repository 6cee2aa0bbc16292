#!/usr/bin/env bash
# bpmon submit / bpmon upgrade: the monitor job on a Flink cluster of your own, through the Flink CLI
# (docs/operations.md, install). The job's main runs in the CLI's process and reads its configuration (BPMON_*)
# from this environment; it travels with the job graph to the cluster.
#
#   scripts/flink-job.sh submit  [--rest HOST:PORT] [--savepoint PATH] [--allow-non-restored-state]
#                                [--parallelism N] [--jar JAR]
#   scripts/flink-job.sh upgrade [--rest HOST:PORT] [--savepoint-dir DIR] [--job-id ID] [--parallelism N] [--jar JAR]
#   scripts/flink-job.sh list    [--rest HOST:PORT]
#
# submit: flink run -d JAR (from the savepoint PATH with --savepoint); prints "Job has been submitted with JobID ...".
# upgrade: the running job named "bpmon monitor ..." (or --job-id) is stopped with a savepoint (into DIR, else the
#   cluster's execution.checkpointing.savepoint-dir), then JAR is submitted from that savepoint. If the submission
#   fails, the job stays stopped and the savepoint's path is printed, to submit again by hand.
# The cluster's REST endpoint: --rest, else BPMON_FLINK_REST_ADDRESS (default 127.0.0.1) and BPMON_FLINK_REST_PORT
# (default 8081). JAR: the release's job/bpmon-job-*.jar, or in a source tree cep-rules/target/cep-rules-*-job.jar.
# The Flink CLI: $FLINK_HOME/bin/flink when FLINK_HOME is set (a Flink distribution of the cluster's version), else
# Flink's client classes fetched from Maven Central through infra/pom.xml like scripts/flink-cluster.sh does (Maven
# is needed once for that; later runs use the cache, see infra-common.sh).
set -euo pipefail

INFRA_NAME=bpmon
# shellcheck source=scripts/infra-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-common.sh"
umask 022 # (infra-common.sh's 077 is for servers' data; nothing here is written but a temp dir)

JOB_NAME_PREFIX="bpmon monitor" # MonitorJobMain names the job "bpmon monitor <version>"

usage() {
  sed -n '5,9p' "$0" | sed 's/^# *//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
CMD="$1"
shift
REST="" SAVEPOINT="" SAVEPOINT_DIR="" JOB_ID="" PARALLELISM="" JAR="" ALLOW_NON_RESTORED=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rest) REST="${2:?--rest needs HOST:PORT}"; shift 2 ;;
    --savepoint) SAVEPOINT="${2:?--savepoint needs a path}"; shift 2 ;;
    --savepoint-dir) SAVEPOINT_DIR="${2:?--savepoint-dir needs a directory URI}"; shift 2 ;;
    --job-id) JOB_ID="${2:?--job-id needs a job id}"; shift 2 ;;
    --parallelism|-p) PARALLELISM="${2:?--parallelism needs a number}"; shift 2 ;;
    --jar) JAR="${2:?--jar needs a file}"; shift 2 ;;
    --allow-non-restored-state) ALLOW_NON_RESTORED=1; shift ;;
    -h|--help) usage ;;
    *) die "unknown option '$1'" ;;
  esac
done
case "$CMD" in
  submit) [[ -z "$SAVEPOINT_DIR$JOB_ID" ]] || die "--savepoint-dir and --job-id are options of upgrade" ;;
  upgrade) [[ -z "$SAVEPOINT" ]] || die "upgrade takes the savepoint it makes; to start from another, use submit --savepoint" ;;
  list) ;;
  *) usage ;;
esac

# ---------------------------------------------------------------- where
if [[ -z "$REST" ]]; then
  REST="${BPMON_FLINK_REST_ADDRESS:-127.0.0.1}:${BPMON_FLINK_REST_PORT:-8081}"
fi
REST_HOST="${REST%:*}"
REST_PORT="${REST##*:}"
[[ "$REST" == *:* && -n "$REST_HOST" ]] || die "the Flink REST address must be HOST:PORT, was '$REST'"
[[ "$REST_PORT" =~ ^[0-9]+$ && "$REST_PORT" -ge 1 && "$REST_PORT" -le 65535 ]] \
  || die "the Flink REST port must be one number (BPMON_FLINK_REST_PORT or --rest HOST:PORT), was '$REST_PORT'"
[[ -z "$PARALLELISM" || "$PARALLELISM" =~ ^[1-9][0-9]*$ ]] || die "--parallelism must be a positive number, was '$PARALLELISM'"

REPO="$INFRA_REPO_DIR" # the release's root, or the source tree
if [[ -z "$JAR" && "$CMD" != list ]]; then
  JAR="$(ls "$REPO"/job/bpmon-job-*.jar "$REPO"/cep-rules/target/cep-rules-*-job.jar 2>/dev/null | head -n 1 || true)"
  [[ -n "$JAR" ]] || die "no job jar in $REPO/job/ (release) or $REPO/cep-rules/target/ (source tree: mvn package)"
fi
[[ "$CMD" == list || -f "$JAR" ]] || die "no job jar at $JAR"

# ---------------------------------------------------------------- the Flink CLI
JVM_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
)
CONF_DIR=""
cleanup() { [[ -z "$CONF_DIR" ]] || rm -rf "$CONF_DIR"; }
trap cleanup EXIT

# Runs the Flink CLI with ARGS against REST_HOST:REST_PORT; its messages go to stdout/stderr.
flink_cli() {
  if [[ -n "${FLINK_HOME:-}" ]]; then
    [[ -x "$FLINK_HOME/bin/flink" ]] || die "FLINK_HOME=$FLINK_HOME has no bin/flink"
    "$FLINK_HOME/bin/flink" "$@" </dev/null
    return
  fi
  if [[ -z "$CONF_DIR" ]]; then
    find_java_home
    JAVA="$JAVA_HOME_FOUND/bin/java"
    cached_classpath FLINK_CP flink "$(pom_property flink.version)" "Flink client" -Dinfra.classpath=flink
    CONF_DIR="$(mktemp -d "${TMPDIR:-/tmp}/bpmon-flink-cli.XXXXXX")"
    printf '# Written by scripts/flink-job.sh for one run of the Flink CLI\nrest.address: %s\nrest.port: %s\n' \
      "$REST_HOST" "$REST_PORT" >"$CONF_DIR/config.yaml"
    # the client's own logging: warnings and errors to stderr; the CLI prints its results to stdout itself
    cat >"$CONF_DIR/log4j-cli.properties" <<'EOF'
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.console.name = ConsoleAppender
appender.console.type = Console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1} - %m%n
EOF
  fi
  FLINK_CONF_DIR="$CONF_DIR" "$JAVA" -Xmx"${FLINK_CLIENT_HEAP:-384m}" "${JVM_OPENS[@]}" \
    -Dlog4j.configurationFile="file:$CONF_DIR/log4j-cli.properties" \
    -cp "$FLINK_CP" org.apache.flink.client.cli.CliFrontend "$@" </dev/null
}

# The ids of the running jobs named "bpmon monitor ...", one per line (flink list -r prints
# "<date> <time> : <job id> : <name> (RUNNING)").
running_bpmon_jobs() {
  local out
  out="$(flink_cli list -r -m "$REST_HOST:$REST_PORT")" || { printf '%s\n' "$out" >&2; die "flink list failed"; }
  sed -n "s/^.* : \([0-9a-f]\{32\}\) : $JOB_NAME_PREFIX.* (RUNNING)\$/\1/p" <<<"$out"
}

do_submit() {
  local from="$1" args=(run -d -m "$REST_HOST:$REST_PORT")
  [[ -z "$PARALLELISM" ]] || args+=(-p "$PARALLELISM")
  if [[ -n "$from" ]]; then
    args+=(-s "$from")
    [[ $ALLOW_NON_RESTORED == 0 ]] || args+=(--allowNonRestoredState)
  fi
  log "submitting $JAR to http://$REST_HOST:$REST_PORT${from:+ from savepoint $from}"
  flink_cli "${args[@]}" "$JAR"
}

do_upgrade() {
  local id out path
  if [[ -n "$JOB_ID" ]]; then
    id="$JOB_ID"
  else
    local running
    running="$(running_bpmon_jobs)"
    local ids=()
    [[ -z "$running" ]] || mapfile -t ids <<<"$running"
    [[ ${#ids[@]} -gt 0 ]] || die "no running job named '$JOB_NAME_PREFIX ...' on http://$REST_HOST:$REST_PORT (bpmon submit starts one)"
    [[ ${#ids[@]} -eq 1 ]] || die "several running bpmon jobs (${ids[*]}): choose one with --job-id"
    id="${ids[0]}"
  fi
  log "stopping job $id with a savepoint${SAVEPOINT_DIR:+ in $SAVEPOINT_DIR}"
  local stop=(stop)
  [[ -z "$SAVEPOINT_DIR" ]] || stop+=(--savepointPath "$SAVEPOINT_DIR")
  out="$(flink_cli "${stop[@]}" -m "$REST_HOST:$REST_PORT" "$id")" || { printf '%s\n' "$out" >&2; die "flink stop $id failed: the job runs on"; }
  printf '%s\n' "$out"
  path="$(sed -n 's/^Savepoint completed\. Path: *//p' <<<"$out" | tail -n 1)"
  [[ -n "$path" ]] || die "flink stop printed no savepoint path; see above"
  log "job $id stopped; savepoint $path"
  do_submit "$path" || die "submitting from the savepoint failed: the job is stopped; after fixing the cause start it with: bpmon submit --savepoint $path"
}

case "$CMD" in
  submit) do_submit "$SAVEPOINT" ;;
  upgrade) do_upgrade ;;
  list) flink_cli list -r -m "$REST_HOST:$REST_PORT" ;;
esac
