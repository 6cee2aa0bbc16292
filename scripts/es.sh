#!/usr/bin/env bash
# Start / stop a real single-node Elasticsearch server for local runs and CI. The server is the
# integ-test distribution from Maven Central (see infra/pom.xml): no bundled JDK, a minimal module set
# (no painless, ingest, ML, ...), which is what the application is designed against.
#
#   scripts/es.sh start  DATA_DIR [HTTP_PORT]   # HTTP_PORT defaults to 9200; transport is HTTP_PORT+100
#   scripts/es.sh stop   DATA_DIR
#   scripts/es.sh status DATA_DIR               # exit 0 when running
#
# The unpacked distribution is shared (read-only) in the cache dir; everything per instance lives under
# DATA_DIR/elasticsearch: config/ (ES_PATH_CONF), data/, logs/, tmp/, es.pid, mode 0700.
# Elasticsearch refuses to run as root: as root it runs as the system user bpmon-es (created if missing), which
# owns DATA_DIR/elasticsearch; DATA_DIR must then be traversable by it (./bpmon demo makes it 0711).
# Env: ES_HEAP (default 512m), plus JAVA_HOME / MVN / BPMON_CACHE_DIR (see infra-common.sh).
set -euo pipefail

INFRA_NAME=es
# shellcheck source=scripts/infra-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/infra-common.sh"

ES_VERSION="$(pom_property es.server.version)" # set in infra/pom.xml
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_USER=bpmon-es
ES_CLUSTER=bpmon-local # also the name of the main log file: logs/$ES_CLUSTER.log
START_TIMEOUT=90 # seconds until the cluster must be yellow
STOP_TIMEOUT=30  # seconds of graceful shutdown before SIGKILL

usage() {
  echo "usage: $0 start|stop|status DATA_DIR [HTTP_PORT]" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
CMD="$1"
DATA_DIR="$(abs_path "$2")"
HTTP_PORT="${3:-9200}"
[[ "$HTTP_PORT" =~ ^[0-9]+$ && "$HTTP_PORT" -gt 0 && "$HTTP_PORT" -lt 65436 ]] || die "bad port: $HTTP_PORT"
TRANSPORT_PORT=$((HTTP_PORT + 100))

DIST="$INFRA_CACHE_DIR/elasticsearch-$ES_VERSION"
ESDIR="$DATA_DIR/elasticsearch"
CONF="$ESDIR/config"
LOG_DIR="$ESDIR/logs"
PIDFILE="$ESDIR/es.pid"

# ---------------------------------------------------------------------------------------------------
# Distribution: unpacked once with Maven (dependency:unpack keeps the zip's file modes, so no `unzip`
# is needed) into a temp dir, then renamed into place so a concurrent or interrupted run never sees
# half a distribution.
unpack_dist() {
  [[ -f "$DIST/lib/elasticsearch-$ES_VERSION.jar" ]] && return 0 # done while we waited for the lock
  local tmp
  tmp="$(mktemp -d "$INFRA_CACHE_DIR/es-unpack.XXXXXX")"
  log "fetching Elasticsearch $ES_VERSION from Maven Central (first run downloads ~95 MB)"
  run_mvn dependency:unpack -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp" \
    || { rm -rf "$tmp"; die "mvn dependency:unpack $ES_ARTIFACT failed (is Maven Central reachable?)"; }
  # The zip's config files are mode 0660: make the whole (shared, root-owned) tree readable by the
  # unprivileged server user. Each instance gets its own copy of config/ anyway.
  chmod -R a+rX "$tmp/elasticsearch-$ES_VERSION"
  rm -rf "$DIST"
  mv "$tmp/elasticsearch-$ES_VERSION" "$DIST"
  rm -rf "$tmp"
}

ensure_dist() {
  [[ -f "$DIST/lib/elasticsearch-$ES_VERSION.jar" ]] || with_cache_lock unpack_dist
  [[ -x "$DIST/bin/elasticsearch" ]] || die "no usable distribution in $DIST"
  # created under umask 077 (by this or kafka.sh): the server user must get through to the distribution
  if [[ "$(id -u)" -eq 0 && -O "$INFRA_CACHE_DIR" ]]; then chmod o+x "$INFRA_CACHE_DIR"; fi
}

# ---------------------------------------------------------------------------------------------------
write_config() {
  # a DATA_DIR this script creates (umask 077) must let the server user through to its own directory
  if [[ ! -d "$DATA_DIR" ]]; then
    mkdir -p "$DATA_DIR"
    chmod 711 "$DATA_DIR"
  fi
  # config/ is copied once (it will also hold the keystore that Elasticsearch creates on first start);
  # the files below are rewritten on every start so a different HTTP_PORT on the same DATA_DIR works.
  if [[ ! -f "$CONF/log4j2.properties" ]]; then
    mkdir -p "$CONF"
    cp -R "$DIST/config/." "$CONF/"
  fi
  mkdir -p "$CONF/jvm.options.d" "$ESDIR/data" "$LOG_DIR" "$ESDIR/tmp"
  # private to the server's user (an instance dir from before the umask may still be open to others)
  chmod -R go-rwx "$ESDIR"

  cat >"$CONF/elasticsearch.yml" <<EOF
# Written by scripts/es.sh. Only core settings and modules the integ-test zip has: a setting of a
# missing module (xpack.ml.*, ingest.geoip.*) makes the node refuse to start.
cluster.name: $ES_CLUSTER
node.name: bpmon-es
# single-node discovery on loopback: no cluster bootstrapping, and the production bootstrap checks
# (vm.max_map_count, file descriptors, ...) only warn instead of failing the start.
discovery.type: single-node
network.host: 127.0.0.1
http.port: $HTTP_PORT
transport.port: $TRANSPORT_PORT
path.data: $ESDIR/data
path.logs: $LOG_DIR
xpack.security.enabled: false
# A CI disk that is >85-95 % full would otherwise leave new shards unassigned (red) or make indices
# read-only; a throw-away test node should never depend on the free space of the machine.
cluster.routing.allocation.disk.threshold_enabled: false
EOF

  local heap="${ES_HEAP:-512m}"
  printf -- '-Xms%s\n-Xmx%s\n' "$heap" "$heap" >"$CONF/jvm.options.d/heap.options"

  # The stock jvm.options points heap dumps, JVM crash files and the GC log at paths relative to the
  # server's working directory, which is the (shared, read-only) distribution: an unwritable GC log
  # path would stop the JVM from starting. Make them absolute under DATA_DIR instead.
  sed -e "s|^-XX:HeapDumpPath=data|-XX:HeapDumpPath=$LOG_DIR|" \
    -e "s|^-XX:ErrorFile=logs/|-XX:ErrorFile=$LOG_DIR/|" \
    -e "s|file=logs/gc.log|file=$LOG_DIR/gc.log|" \
    "$DIST/config/jvm.options" >"$CONF/jvm.options"
}

# As root: create the system user once and hand it the instance directory (never the shared dist).
prepare_user() {
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    # `|| id` tolerates a concurrent run creating it at the same moment
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null || id -u "$ES_USER" >/dev/null \
      || die "could not create user $ES_USER"
  fi
  chown -R "$ES_USER:" "$ESDIR"
  # Every parent directory must be searchable by that user (e.g. /root is 0700 on Debian).
  runuser -u "$ES_USER" -- test -w "$ESDIR" \
    || die "user $ES_USER cannot write $ESDIR: a parent directory is not searchable by others (use a data dir under /tmp or /var/tmp, or chmod o+x its parents)"
  runuser -u "$ES_USER" -- test -r "$DIST/lib/elasticsearch-$ES_VERSION.jar" \
    || die "user $ES_USER cannot read $DIST (set BPMON_CACHE_DIR to a world-readable place)"
}

# GET http://127.0.0.1:HTTP_PORT$1 and print the body; fails unless the status is 200.
# Falls back to bash's /dev/tcp when curl is not installed (fresh machines).
http_get() {
  if command -v curl >/dev/null; then
    curl -fsS --max-time 10 "http://127.0.0.1:$HTTP_PORT$1" 2>/dev/null
    return
  fi
  ( # subshell: the socket is closed however this ends
    local status line body=""
    exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" || exit 1
    # HTTP/1.0: the server closes the connection after the response, so the body ends at EOF.
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
    IFS= read -r -t 10 status <&3 || exit 1
    [[ "$status" == "HTTP/1."?" 200"* ]] || exit 1
    while IFS= read -r -t 10 line <&3 && [[ "$line" != $'\r' && -n "$line" ]]; do :; done # headers
    while IFS= read -r -t 10 line <&3 || [[ -n "$line" ]]; do body+="$line"$'\n'; done
    printf '%s' "$body"
  )
}

# The pid file holds the server JVM's pid. Its command line does not name the config dir (the launcher
# passes settings on stdin) but it does name this instance's temp dir.
running_pid() { live_pid "$PIDFILE" "-Djava.io.tmpdir=$ESDIR/tmp"; }

do_start() {
  local pid start_s rc=0 health i
  local -a as_user=()
  if pid="$(running_pid)"; then
    log "already running (pid $pid): http://127.0.0.1:$(sed -n 's/^http.port: //p' "$CONF/elasticsearch.yml")"
    return 0
  fi
  rm -f "$PIDFILE"
  for i in "$HTTP_PORT" "$TRANSPORT_PORT"; do
    ! port_open "$i" || die "port 127.0.0.1:$i is already in use by another process"
  done

  start_s=$SECONDS
  find_java_home
  ensure_dist
  write_config
  if [[ "$(id -u)" -eq 0 ]]; then
    PATH="$PATH:/usr/sbin:/sbin" # useradd/runuser, in case the caller's PATH lacks sbin (plain `su`)
    prepare_user
    as_user=(runuser -u "$ES_USER" --)
  fi

  log "starting Elasticsearch on http://127.0.0.1:$HTTP_PORT (transport $TRANSPORT_PORT), logs in $LOG_DIR"
  # -d: the launcher returns once the node has started (or failed) and leaves the server JVM detached;
  # -p: that JVM writes its pid (the pid file's folder must be writable by the server user).
  # setsid -w: own session, so the server survives the calling shell / CI step and ignores its Ctrl-C.
  # cd: the server user may not be allowed into the caller's working directory (e.g. /root).
  # env -u JAVA_HOME: ES only honours ES_JAVA_HOME and warns about JAVA_HOME.
  (
    cd "$ESDIR"
    setsid -w timeout "$START_TIMEOUT" "${as_user[@]}" env -u JAVA_HOME \
      ES_JAVA_HOME="$JAVA_HOME_FOUND" ES_PATH_CONF="$CONF" ES_TMPDIR="$ESDIR/tmp" \
      "$DIST/bin/elasticsearch" -d -p "$PIDFILE" >"$LOG_DIR/startup.out" 2>&1 </dev/null
  ) || rc=$?
  if [[ $rc -ne 0 ]]; then
    tail_logs "$LOG_DIR/startup.out" "$LOG_DIR/$ES_CLUSTER.log"
    pid="$(running_pid || true)"
    [[ -z "$pid" ]] || stop_pid "$pid" 5
    rm -f "$PIDFILE"
    [[ $rc -eq 124 ]] && die "Elasticsearch did not start within ${START_TIMEOUT}s (stopped it; see $LOG_DIR)"
    die "Elasticsearch failed to start (exit $rc; see $LOG_DIR)"
  fi

  # Started is not yet usable: wait until the cluster state is recovered and at least yellow.
  while ((SECONDS - start_s < START_TIMEOUT)); do
    if health="$(http_get '/_cluster/health?wait_for_status=yellow&timeout=5s')"; then
      pid="$(running_pid || true)"
      log "ready on http://127.0.0.1:$HTTP_PORT in $((SECONDS - start_s)) s (pid ${pid:-?}): $(
        sed -n 's/.*"status":"\([a-z]*\)".*/status \1/p' <<<"$health")"
      return 0
    fi
    pid="$(running_pid || true)"
    [[ -n "$pid" ]] || { tail_logs "$LOG_DIR/startup.out" "$LOG_DIR/$ES_CLUSTER.log"; die "Elasticsearch exited during startup"; }
    sleep 1
  done
  tail_logs "$LOG_DIR/$ES_CLUSTER.log"
  pid="$(running_pid || true)"
  [[ -z "$pid" ]] || stop_pid "$pid" 5
  rm -f "$PIDFILE"
  die "cluster not yellow on http://127.0.0.1:$HTTP_PORT after ${START_TIMEOUT}s (stopped it; see $LOG_DIR)"
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  log "stopping Elasticsearch (pid $pid)"
  stop_pid "$pid" "$STOP_TIMEOUT"
  rm -f "$PIDFILE"
  log "stopped"
}

do_status() {
  local pid port health
  if pid="$(running_pid)"; then
    port="$(sed -n 's/^http.port: //p' "$CONF/elasticsearch.yml")"
    HTTP_PORT="$port"
    health="$(http_get '/_cluster/health' || echo '"status":"unreachable"')"
    log "running (pid $pid): http://127.0.0.1:$port $(sed -n 's/.*"status":"\([a-z]*\)".*/status \1/p' <<<"$health")"
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
