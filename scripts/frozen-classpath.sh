# Sourced by scripts/bench.sh and scripts/chaos.sh, which run test-scope Java for minutes.
#
# frozen_classpath ROOT CP_FILE DEST: prints a class path for cep-rules' tests on which the project's own classes and
# jars are copies under DEST, so that a build running meanwhile (mvn clean, a rebuild) cannot pull them away; the jars
# in the Maven repository (the rest of CP_FILE, as `mvn dependency:build-classpath` wrote it) stay where they are.
frozen_classpath() {
  local root="$1" cp_file="$2" dest="$3" cp="" n=0 entry copy
  mkdir -p "$dest"
  for entry in "$root/cep-rules/target/test-classes" "$root/cep-rules/target/classes" \
      $(tr ':' '\n' <"$cp_file" | grep -F "$root/" || true); do
    n=$((n + 1))
    copy="$dest/$n-$(basename "$entry")"
    cp -r "$entry" "$copy" || { echo "cannot copy $entry (is a build running? try again)" >&2; return 1; }
    cp="${cp:+$cp:}$copy"
  done
  printf '%s:%s\n' "$cp" "$(tr ':' '\n' <"$cp_file" | grep -vF "$root/" | paste -sd: -)"
}
