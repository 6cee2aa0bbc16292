#!/usr/bin/env bash
# ./bpmon dist: the release archive target/bpmon-<version>.tar.gz from a built source tree (docs/operations.md,
# install). It holds everything the web server, the alerting service and the simulator run on, so an unpacked
# release needs a Java 17 runtime and nothing of the source tree or of a Maven repository:
#
#   bpmon-<version>/bin/bpmon            the launcher (the source tree's ./bpmon; it knows it runs from a release)
#   bpmon-<version>/lib/                 the web server's runtime jars: webapp, alerting, monitor-core, dependencies
#   bpmon-<version>/job/bpmon-job-<version>.jar   the shaded job jar for `flink run` / bin/bpmon submit
#   bpmon-<version>/conf/                bpmon.env (commented settings), lifecycle-order.json, rules/*.json
#   bpmon-<version>/scripts/, infra/pom.xml   the scripts that fetch Kafka, Elasticsearch and Flink for the demo and
#                                        for submit (with Maven, the first time: see docs/operations.md)
#   bpmon-<version>/LICENSE, NOTICE      bundled third-party components and their licenses (from their POMs), and
#                                        the NOTICE files the bundled jars carry
#   bpmon-<version>/VERSION              the version; bin/bpmon --version prints it
#
#   scripts/dist.sh [--out DIR]          (DIR default: target/; the modules must be packaged: ./bpmon dist does it)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
umask 022 # a release is read by whoever runs it

say() { printf 'dist: %s\n' "$*"; }
die() { printf 'dist: ERROR: %s\n' "$*" >&2; exit 1; }

OUT="$ROOT/target"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see $0 --help)" ;;
  esac
done

# the project's version: the root POM's first <version> (modelVersion is another element)
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
[[ -n "$VERSION" ]] || die "no <version> in pom.xml"
NAME="bpmon-$VERSION"
WEB_JAR="webapp/target/webapp-$VERSION.jar"
WEB_CP="webapp/target/classpath.txt"
JOB_JAR="cep-rules/target/cep-rules-$VERSION-job.jar"
JOB_CP="cep-rules/target/job-classpath.txt"
for f in "$WEB_JAR" "$WEB_CP" "$JOB_JAR" "$JOB_CP"; do
  [[ -s "$f" ]] || die "$f is missing: build first (./bpmon dist does, or mvn -B package -DskipTests)"
done

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
STAGE="$(mktemp -d "$OUT/.dist.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
D="$STAGE/$NAME"
mkdir -p "$D/bin" "$D/lib" "$D/job" "$D/conf/rules" "$D/scripts" "$D/infra"

# The entries of a build-classpath file, one per line.
entries() { tr ':' '\n' <"$1" | sed '/^$/d'; }

# ---------------------------------------------------------------- lib/: the web server's runtime class path
# (webapp's runtime scope: alerting, monitor-core, wherever the simulator lives, and every dependency): whole jars,
# so the release does not depend on which module holds which class.
declare -A names=()
jars=("$WEB_JAR")
while IFS= read -r jar; do
  [[ "$jar" == *.jar && -f "$jar" ]] || die "$jar (in $WEB_CP) is not a jar file: run mvn package, not just compile"
  [[ -z "${names[${jar##*/}]:-}" ]] || die "two jars named ${jar##*/} on the web server's class path"
  names[${jar##*/}]=1
  jars+=("$jar")
done < <(entries "$WEB_CP")
cp "${jars[@]}" "$D/lib/"

# ---------------------------------------------------------------- the job jar, conf/, the launcher and its scripts
cp "$JOB_JAR" "$D/job/bpmon-job-$VERSION.jar"
cp bpmon "$D/bin/bpmon"
cp scripts/infra-common.sh scripts/kafka.sh scripts/es.sh scripts/flink-cluster.sh scripts/flink-job.sh "$D/scripts/"
cp infra/pom.xml "$D/infra/pom.xml"
cp infra/dist/bpmon.env "$D/conf/bpmon.env"
cp monitor-core/src/main/resources/bpmon/lifecycle-order.json "$D/conf/"
cp monitor-core/src/main/resources/bpmon/rules/defaults.json "$D/conf/rules/standard.json"
cp monitor-core/src/main/resources/bpmon/rules/demo.json "$D/conf/rules/demo.json"
chmod 755 "$D/bin/bpmon" "$D/scripts/"*.sh
printf '%s\n' "$VERSION" >"$D/VERSION"

# ---------------------------------------------------------------- LICENSE and NOTICE
# The license names a POM declares, else those of its nearest ancestor that declares some; a parent POM is looked
# up in the Maven repository the POM itself lies in (walking up from its folder, so the repository's location
# does not matter).
# (One sed per POM prints "L <license name>" lines and "P <parent's groupId artifactId version>"; bash does the rest.)
pom_facts() {
  sed -n -e '/<licenses>/,/<\/licenses>/s:.*<name>[[:space:]]*\([^<]*[^[:space:]<]\)[[:space:]]*</name>.*:L \1:p' \
    -e '/<parent>/,/<\/parent>/{s:.*<groupId>\(.*\)</groupId>.*:PG \1:p;s:.*<artifactId>\(.*\)</artifactId>.*:PA \1:p;s:.*<version>\(.*\)</version>.*:PV \1:p}' \
    "$1"
}
pom_licenses() {
  local pom="$1" depth names line pg pa pv dir
  for ((depth = 0; depth < 10; depth++)); do
    [[ -f "$pom" ]] || break
    names="" pg="" pa="" pv=""
    while IFS= read -r line; do
      case "$line" in
        "L "*) names+="${names:+; }${line#L }" ;;
        "PG "*) [[ -n "$pg" ]] || pg="${line#PG }" ;;
        "PA "*) [[ -n "$pa" ]] || pa="${line#PA }" ;;
        "PV "*) [[ -n "$pv" ]] || pv="${line#PV }" ;;
      esac
    done < <(pom_facts "$pom")
    if [[ -n "$names" ]]; then
      printf '%s\n' "$names"
      return
    fi
    [[ -n "$pa" ]] || break
    dir="${pom%/*}"
    pom=""
    while [[ -n "$dir" ]]; do
      if [[ -f "$dir/${pg//.//}/$pa/$pv/$pa-$pv.pom" ]]; then
        pom="$dir/${pg//.//}/$pa/$pv/$pa-$pv.pom"
        break
      fi
      dir="${dir%/*}"
    done
  done
  echo "none declared in its POM (see the jar's META-INF)"
}

# "groupId:artifactId:version  licenses" for a jar of the Maven repository
# (REPO_ROOT/<group path>/<artifactId>/<version>/<artifactId>-<version>[-classifier].jar, its POM beside it).
describe_jar() {
  local jar="$1" dir v a g
  dir="${jar%/*}"
  v="${dir##*/}"
  dir="${dir%/*}"
  a="${dir##*/}"
  g="${dir%/*}"
  g="${g#"$REPO_ROOT"/}"
  printf '%-70s %s\n' "${g//\//.}:$a:$v" "$(pom_licenses "${jar%/*}/$a-$v.pom")"
}

# Third-party jars of a class-path file: not bpmon's own modules, and for the job jar not what its shading leaves
# out (cep-rules/pom.xml: flink-shaded-*, slf4j, log4j, findbugs).
third_party() {
  entries "$1" | grep -vF "$ROOT/" | grep -vE '/flink-shaded-[^/]*/|/org/slf4j/|/org/apache/logging/log4j/|/com/google/code/findbugs/' || true
}

# The Maven repository the jars come from: where kafka-clients (bundled in lib/ and the job jar alike) lies.
REPO_ROOT="$(entries "$WEB_CP" | sed -n 's:/org/apache/kafka/kafka-clients/[^/]*/[^/]*\.jar$::p' | head -n 1)"
[[ -n "$REPO_ROOT" ]] || die "no kafka-clients jar in $WEB_CP: cannot tell where the Maven repository is"

own_license="$(sed -n '/<licenses>/,/<\/licenses>/s:.*<name>\(.*\)</name>.*:\1:p' pom.xml | paste -sd ';' -)"
{
  printf 'bpmon %s\n\n' "$VERSION"
  if [[ -n "$own_license" ]]; then
    printf 'bpmon itself is licensed under: %s\n\n' "$own_license"
  else
    printf 'bpmon itself: its POM declares no license yet.\n\n'
  fi
  printf 'This release bundles the third-party components below, unmodified, under their own licenses (as\n'
  printf 'declared in each component'"'"'s Maven POM). Their license texts and notices are inside each jar\n'
  printf '(META-INF/); the notices are also collected in NOTICE.\n\n'
  printf 'lib/ (the web server, the alerting service and the simulator):\n\n'
  while IFS= read -r jar; do describe_jar "$jar"; done < <(third_party "$WEB_CP") | sort -u
  printf '\njob/bpmon-job-%s.jar (shaded: bpmon'"'"'s job with these inside; Flink itself is provided by the\ncluster):\n\n' "$VERSION"
  while IFS= read -r jar; do describe_jar "$jar"; done < <(third_party "$JOB_CP") | sort -u
} >"$D/LICENSE"

# NOTICE: the NOTICE files of the bundled jars, each distinct text once (e.g. all Jetty jars carry the same).
{
  printf 'bpmon %s\n\nNotices of the bundled third-party components (see LICENSE), as their jars carry them.\n' "$VERSION"
  if command -v unzip >/dev/null; then
    declare -A seen=()
    while IFS= read -r jar; do
      text="$(unzip -p "$jar" NOTICE NOTICE.txt META-INF/NOTICE META-INF/NOTICE.txt META-INF/NOTICE.md 2>/dev/null || true)"
      [[ -n "$text" && -z "${seen[$text]:-}" ]] || continue
      seen[$text]=1
      printf '\n---------------------------------------------------------------- %s\n\n%s\n' "${jar##*/}" "$text"
    done < <({ third_party "$WEB_CP"; third_party "$JOB_CP"; } | sort -u)
  else
    printf '\n(unzip was not found when this release was built: read META-INF/NOTICE in each jar.)\n'
  fi
} >"$D/NOTICE"

# ---------------------------------------------------------------- no Esper in a release
# Esper (GPL-2.0) is in cep-rules' test scope for ./bpmon bench --esper only (docs/benchmarks.md); a release must never
# hold it, in lib/ or shaded into the job jar. Zip entry names are stored uncompressed: grep finds a class in a jar.
for jar in "$D/lib/"*.jar "$D/job/"*.jar; do
  if [[ "${jar##*/}" == esper* ]] || grep -qaF 'com/espertech/' "$jar"; then
    die "${jar#"$D/"} holds Esper (GPL, for the benchmark only): keep com.espertech in test scope (cep-rules/pom.xml)"
  fi
done

# ---------------------------------------------------------------- the archive
ARCHIVE="$OUT/$NAME.tar.gz"
tar -C "$STAGE" --owner=0 --group=0 -czf "$STAGE/$NAME.tar.gz" "$NAME"
mv -f "$STAGE/$NAME.tar.gz" "$ARCHIVE"
say "$ARCHIVE ($(du -h "$ARCHIVE" | cut -f1); $(ls "$D/lib" | wc -l) jars in lib/)"
