#!/usr/bin/env bash
# Starts a Confluent-compatible schema registry (Apicurio Registry, in-memory storage) on
# 127.0.0.1:${REGISTRY_PORT:-8081}; clients use http://127.0.0.1:8081/apis/ccompat/v7.
# Idempotent: exits 0 at once when the registry already answers.
# Schemas live in memory only: a restart starts empty (--fresh or not), and `parsimony topics
# apply` registers them again. Kafka keeps its records across restarts, and they name the schema
# ids of the registry that was running when they were written.
# First run fetches io.apicurio:apicurio-registry-app:<v>:tar.gz:all from Maven Central and unpacks it
# into $PARSIMONY_CACHE/registry/<v>/; later runs reuse that folder without calling Maven.
# Env: REGISTRY_VERSION (3.3.3), REGISTRY_PORT (8081), REGISTRY_MANAGEMENT_PORT (8082),
#      REGISTRY_HEAP (384m), REGISTRY_START_TIMEOUT (120 s), PARSIMONY_JAVA_HOME (a Java 21+ JDK).
set -euo pipefail
OPS_SERVICE=registry
# shellcheck source=ops/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

version="${REGISTRY_VERSION:-3.3.3}"
port="${REGISTRY_PORT:-8081}"
mgmt_port="${REGISTRY_MANAGEMENT_PORT:-8082}"
heap="${REGISTRY_HEAP:-384m}"
timeout="${REGISTRY_START_TIMEOUT:-120}"
base_url="http://127.0.0.1:$port/apis/ccompat/v7"
home="$PARSIMONY_CACHE/registry/$version"
run_dir="$PARSIMONY_RUN/registry"
logfile="$run_dir/server.log"
pidfile="$run_dir/pid"

registry_answers() { curl -sf -o /dev/null --max-time 3 "$base_url/subjects"; }

if registry_answers; then
  ops_log "already running on $base_url"
  exit 0
fi

# --- install once: Maven Central -> $PARSIMONY_CACHE/registry/<version>/ ---------------------------
if [ ! -f "$home/.unpacked" ]; then
  ops_log "fetching io.apicurio:apicurio-registry-app:$version (tar.gz, about 160 MB) from Maven Central (once)"
  mkdir -p "$PARSIMONY_CACHE/registry"
  tmp="$(mktemp -d "$PARSIMONY_CACHE/registry/.fetch-$version.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # Run Maven from an empty folder so a pom.xml in the caller's cwd plays no part; its output
  # (only escape codes when all goes well) is shown when it fails.
  (cd "$tmp" && ops_maven org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="io.apicurio:apicurio-registry-app:$version:tar.gz:all" \
      -DoutputDirectory="$tmp/dl") >"$tmp/maven.log" 2>&1 \
    || ops_fail "$tmp/maven.log" "could not fetch io.apicurio:apicurio-registry-app:$version:tar.gz:all with Maven"
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/dl/apicurio-registry-app-$version-all.tar.gz" -C "$tmp/unpacked" \
    || ops_fail /dev/null "could not unpack apicurio-registry-app-$version-all.tar.gz"
  touch "$tmp/unpacked/.unpacked"
  rm -rf "$home"
  mv "$tmp/unpacked" "$home"
  rm -rf "$tmp"
  trap - EXIT
fi

# 3.3.x: quarkus-run.jar at the top; 2.6.x / 3.0-3.1: apicurio-registry-app-<v>-runner.jar.
launcher="$home/quarkus-run.jar"
[ -f "$launcher" ] || launcher="$(ls "$home"/*-runner.jar 2>/dev/null | head -1 || true)"
[ -n "$launcher" ] && [ -f "$launcher" ] || ops_fail /dev/null "no quarkus-run.jar or *-runner.jar in $home"

# Apicurio 3.2+ is compiled for Java 21; older ones run on the default Java 17.
case "$version" in
  2.*|3.0.*|3.1.*) java_bin="$(command -v java)" ;;
  *) java_home="$(ops_java21_home)" || ops_fail /dev/null "Apicurio $version needs Java 21+: none under /usr/lib/jvm (set PARSIMONY_JAVA_HOME)"
     java_bin="$java_home/bin/java" ;;
esac

# --- start ------------------------------------------------------------------------------------------
mkdir -p "$run_dir"
if ops_pid_alive "$pidfile"; then
  ops_log "pid $(cat "$pidfile") is already starting; waiting for it"
else
  for p in "$port" "$mgmt_port"; do
    if ops_port_open "$p"; then
      ops_fail /dev/null "port $p on 127.0.0.1 is taken by something that is not the registry"
    fi
  done
  : >"$logfile"
  ops_log "starting Apicurio Registry $version on 127.0.0.1:$port (management 127.0.0.1:$mgmt_port)"
  # quarkus.management.enabled is fixed to true at build time in 3.x, so the management interface
  # (health, metrics; default 0.0.0.0:9000) is moved to loopback on its own port instead.
  (cd "$run_dir" && exec setsid nohup "$java_bin" \
      "-Xmx$heap" \
      -Dquarkus.http.host=127.0.0.1 \
      "-Dquarkus.http.port=$port" \
      -Dquarkus.management.host=127.0.0.1 \
      "-Dquarkus.management.port=$mgmt_port" \
      -Dapicurio.storage.kind=sql \
      -Dapicurio.storage.sql.kind=h2 \
      -Dapicurio.rules.global.compatibility=BACKWARD \
      "-Dapicurio.storage.snapshot.location=$run_dir" \
      "-Dapicurio.import.work-dir=$run_dir" \
      -jar "$launcher" >>"$logfile" 2>&1 </dev/null) &
  echo $! >"$pidfile"
fi

# Done when the API answers, or at once when the process has died.
ready_or_dead() { registry_answers || ! ops_pid_alive "$pidfile"; }
ops_wait_until "$timeout" ready_or_dead || ops_fail "$logfile" "registry did not answer on $base_url within ${timeout}s"
ops_pid_alive "$pidfile" || { rm -f "$pidfile"; ops_fail "$logfile" "registry process exited during start"; }

config="$(curl -sf --max-time 5 "$base_url/config" || true)"
case "$config" in
  *'"BACKWARD"'*) ;;
  *) ops_fail "$logfile" "global compatibility is not BACKWARD (GET $base_url/config answered: ${config:-nothing})" ;;
esac
ops_log "ready on $base_url (pid $(cat "$pidfile"), global compatibility BACKWARD)"
