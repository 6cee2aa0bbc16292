# shellcheck shell=bash
# Helpers shared by scripts/kafka.sh and scripts/es.sh (sourced, not executed).
#
# Environment overrides (all optional):
#   JAVA_HOME        JDK to run the servers with (default: the `java` on PATH)
#   MVN              Maven executable (default: `mvn` on PATH)
#   BPMON_CACHE_DIR  where fetched artifacts are kept between runs
#                    (default: /var/cache/bpmon as root, else ${XDG_CACHE_HOME:-~/.cache}/bpmon)

# A server's data, logs and config are for the user running it only (docs/demo-supervision.md); what another
# user must read (Elasticsearch's distribution in the cache, for its own user) is opened up explicitly.
umask 077

INFRA_REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA_POM="$INFRA_REPO_DIR/infra/pom.xml"

# A <properties> value of infra/pom.xml: the POM is the one place where server versions are set.
pom_property() {
  local value
  value="$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$INFRA_POM" | head -n 1)"
  [[ -n "$value" ]] || { echo "[$INFRA_NAME] ERROR: no <$1> in $INFRA_POM" >&2; exit 1; }
  printf '%s\n' "$value"
}

# Root's home is usually mode 0700, so a cache under /root could not be read by the unprivileged
# user that Elasticsearch must run as: root gets a system-wide cache instead.
if [[ -n "${BPMON_CACHE_DIR:-}" ]]; then
  INFRA_CACHE_DIR="$BPMON_CACHE_DIR"
elif [[ "$(id -u)" -eq 0 ]]; then
  INFRA_CACHE_DIR=/var/cache/bpmon
else
  INFRA_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/bpmon"
fi

# One line per step, prefixed with the script name so CI logs stay readable.
log() { printf '[%s] %s\n' "$INFRA_NAME" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$INFRA_NAME" "$*" >&2; exit 1; }

# Prints the last lines of each given file that exists (used when a server does not come up).
tail_logs() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf '[%s] ----- last lines of %s -----\n' "$INFRA_NAME" "$f" >&2
    tail -n 40 "$f" >&2
  done
}

# Absolute path without requiring it to exist (config files need absolute paths).
abs_path() { realpath -m -- "$1"; }

# Sets JAVA_HOME_FOUND: JAVA_HOME if set, else resolved from the `java` on PATH; both servers need
# Java 17+. (Globals instead of $(...) so that die() really ends the script.)
find_java_home() {
  local java_bin home major
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    home="$JAVA_HOME"
  else
    java_bin="$(command -v java || true)"
    [[ -n "$java_bin" ]] || die "no java found: install a JDK 17+ or set JAVA_HOME"
    home="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
  fi
  # `java -version` prints e.g. 'openjdk version "17.0.15" 2025-04-15' (or "1.8.0_x" for old JDKs).
  major="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1)"
  [[ "${major:-0}" -ge 17 ]] || die "$home/bin/java is Java ${major:-?}; Java 17+ is required"
  # shellcheck disable=SC2034 # used by the sourcing scripts
  JAVA_HOME_FOUND="$home"
}

# Runs Maven on the standalone infra POM. Its output goes to a log file (Maven prints stray ANSI
# resets even in batch mode) that is shown only when it fails. The POM's build directory goes to a
# fresh temp dir: nothing is written into the checkout, and no stale plugin state is reused.
run_mvn() {
  local mvn="${MVN:-mvn}" out="$INFRA_CACHE_DIR/mvn-$INFRA_NAME.log" build rc=0
  command -v "$mvn" >/dev/null \
    || die "Maven ($mvn) not found: it is needed once to fetch artifacts from Maven Central (or set MVN)"
  mkdir -p "$INFRA_CACHE_DIR"
  build="$(mktemp -d "$INFRA_CACHE_DIR/mvn-build.XXXXXX")"
  "$mvn" -B -Dstyle.color=never -f "$INFRA_POM" -Dinfra.build.dir="$build" "$@" >"$out" 2>&1 || rc=$?
  rm -rf "$build"
  if [[ $rc -ne 0 ]]; then
    tail_logs "$out"
    return 1
  fi
}

# Serialises artifact fetching so that kafka.sh and es.sh (or two CI jobs) can run at the same time.
with_cache_lock() {
  mkdir -p "$INFRA_CACHE_DIR"
  (
    flock -w 600 9 || die "timed out waiting for the lock on $INFRA_CACHE_DIR/.lock"
    "$@"
  ) 9>"$INFRA_CACHE_DIR/.lock"
}

# True when something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp, no nc needed).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A pid counts as alive only if it exists and is not a zombie: where PID 1 does not reap orphans
# (some containers), a killed server lingers as a zombie and `kill -0` would still succeed.
pid_alive() {
  local pid="$1" state
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 1
  state="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$state" && "$state" != Z ]]
}

# The pid from PIDFILE, printed only if that process is alive and its command line contains MARKER
# (guards against a stale pid file whose pid was reused by another process).
live_pid() {
  local pidfile="$1" marker="$2" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  printf '%s\n' "$pid"
}

# SIGTERM, wait up to TIMEOUT seconds for a clean shutdown, then SIGKILL and wait until it is gone.
stop_pid() {
  local pid="$1" timeout="$2" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  log "pid $pid still running after ${timeout}s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  die "pid $pid survived SIGKILL"
}

# ---------------------------------------------------------------------------------------------------
# A classpath of infra/pom.xml, resolved once with Maven and cached in a file named after the POM's hash,
# so a changed infra/pom.xml re-resolves and later runs need neither Maven nor the network.
#   cached_classpath VAR NAME VERSION "DESCRIPTION" [extra mvn arguments...]  sets VAR to the classpath.
cached_classpath() {
  local var="$1" name="$2" version="$3" what="$4"
  shift 4
  local file
  file="$(printf '%s/%s-%s-%s.classpath' "$INFRA_CACHE_DIR" "$name" "$version" \
    "$(sha256sum "$INFRA_POM" | cut -c1-12)")"
  classpath_valid "$file" || with_cache_lock resolve_classpath "$file" "$name" "$what" "$@"
  classpath_valid "$file" || die "classpath in $file names missing jars"
  printf -v "$var" '%s' "$(tr -d '\n' <"$file")"
}

# True when the cached classpath exists and every jar it names is still in the local Maven repository.
classpath_valid() {
  local file="$1" jar
  [[ -s "$file" ]] || return 1
  while IFS= read -r -d ':' jar; do
    [[ -f "$jar" ]] || return 1
  done < <(tr -d '\n' <"$file" && printf ':')
}

resolve_classpath() {
  local file="$1" name="$2" what="$3"
  shift 3
  classpath_valid "$file" && return 0 # another process resolved it while we waited for the lock
  log "resolving the $what classpath with Maven (the first run downloads it)"
  run_mvn dependency:build-classpath "$@" -Dmdep.includeScope=runtime -Dmdep.outputFile="$file.tmp" \
    || die "mvn dependency:build-classpath failed (is Maven Central reachable?)"
  rm -f "$INFRA_CACHE_DIR/$name"-*.classpath # from older versions of infra/pom.xml
  mv -f "$file.tmp" "$file"
}
