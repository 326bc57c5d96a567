#!/usr/bin/env bash
# Starts a real single-node Apache Kafka (KRaft, combined broker+controller) on 127.0.0.1, from the
# jars on Maven Central (no Docker, no tarball). Idempotent: exits 0 at once when a broker already
# answers on KAFKA_PORT.
#
# Env (all optional):
#   KAFKA_VERSION          Kafka release to run (default 4.4.0, the newest release; checked with kafkajs 2.2.4)
#   KAFKA_PORT             client listener, PLAINTEXT on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 9093)
#   KAFKA_HEAP             max heap (default 512m)
#   KAFKA_CLUSTER_ID       cluster id used when formatting storage (default fixed, see below)
#   KAFKA_START_TIMEOUT    seconds to wait for readiness (default 120)
#   PARSIMONY_KAFKA_JAVA_HOME  JDK to run it with (default: `java` on PATH if 17+, else ops_java21_home)
#   PARSIMONY_FRESH        1: start with no data, like --fresh
#   PARSIMONY_RUN          parent of the state folder (another one, with other ports, runs a second broker)
#
# Layout: classpath cached in $PARSIMONY_CACHE/kafka/<version>/classpath.txt (jars in ~/.m2);
# config, data, server.log and pid under $PARSIMONY_RUN/kafka/.
#
# Data is kept: topics, their records and the consumer groups' offsets survive stopping and
# starting the broker (only a new KAFKA_CONTROLLER_PORT formats the storage again). `--fresh` (or
# PARSIMONY_FRESH=1) starts with none, as does `bash ops/down.sh --wipe kafka` before a start. A
# broker already running is left alone, fresh or not.
#
# Broker settings worth knowing: auto.create.topics.enable=false (create topics explicitly, e.g.
# kafkajs admin.createTopics; a typo in a topic name then fails instead of silently creating a
# topic); offsets/transaction-state topics with replication 1 and min.isr 1; classic group
# protocol enabled (the default; kafkajs has no KIP-848 consumer protocol).
set -euo pipefail
OPS_SERVICE=kafka
# shellcheck source=ops/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
# Base64url of 16 bytes ("parsimony-kafka1"): any fixed valid id will do for a throwaway node.
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-cGFyc2ltb255LWthZmthMQ}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

run_dir="$PARSIMONY_RUN/kafka"
data_dir="$run_dir/data"
pid_file="$run_dir/pid"
log_file="$run_dir/server.log"
config="$run_dir/server.properties"
log4j_config="$run_dir/log4j2.properties"
cache_dir="$PARSIMONY_CACHE/kafka/$KAFKA_VERSION"
cp_file="$cache_dir/classpath.txt"

# True once the broker serves clients: port open and the server logged that it finished starting
# (KRaft logs it after the broker is registered with the controller and unfenced).
kafka_ready() {
  ops_port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$log_file" 2>/dev/null
}
ready_or_dead() { kafka_ready || ! ops_pid_alive "$pid_file"; }

wait_ready() {
  local started=$SECONDS
  ops_wait_until "$KAFKA_START_TIMEOUT" ready_or_dead || true
  if ! ops_pid_alive "$pid_file"; then
    rm -f "$pid_file"
    ops_fail "$log_file" "Kafka $KAFKA_VERSION exited during startup"
  fi
  if ! kafka_ready; then
    ops_log "not ready after ${KAFKA_START_TIMEOUT}s; stopping pid $(cat "$pid_file")"
    ops_stop_pidfile "$pid_file" 15
    ops_fail "$log_file" "Kafka $KAFKA_VERSION not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s"
  fi
  # A real client round trip (ApiVersions + Metadata via the Admin client), under a second warm.
  if ! timeout 60 "$java_bin" -Xmx128m -XX:TieredStopAtLevel=1 -cp "$classpath" \
      org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
      > "$run_dir/ready-check.log" 2>&1; then
    cat "$run_dir/ready-check.log" >> "$log_file"
    ops_fail "$log_file" "broker started but a metadata request (kafka-topics --list) failed"
  fi
  ops_log "ready on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT) after $((SECONDS - started))s; pid $(cat "$pid_file"), log $log_file"
}

# Up already: something answers on the port and it is not our broker still starting.
already_up() { ops_port_open "$KAFKA_PORT" && { ! ops_pid_alive "$pid_file" || kafka_ready; }; }
fresh=0
if ops_fresh_requested "$@"; then fresh=1; fi
if already_up; then
  ops_log "already running on 127.0.0.1:$KAFKA_PORT$([ "$fresh" = 1 ] && echo '; left as it is with its data (stop it first for a fresh start)')"
  exit 0
fi

# --- Java: the Kafka 4 broker needs 17+. ---
if [ -n "${PARSIMONY_KAFKA_JAVA_HOME:-}" ]; then
  java_bin="$PARSIMONY_KAFKA_JAVA_HOME/bin/java"
else
  java_bin="$(command -v java || true)"
  java_major=0
  if [ -n "$java_bin" ]; then
    java_major="$("$java_bin" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)"
  fi
  if [ -z "$java_bin" ] || [ "${java_major:-0}" -lt 17 ]; then
    java_home="$(ops_java21_home)" || ops_fail /dev/null "no Java 17+ found for Kafka"
    java_bin="$java_home/bin/java"
  fi
fi

# --- Classpath: resolved once per version, then read from the cache without Maven. ---
classpath_ok() {
  [ -s "$cp_file" ] || return 1
  local jar
  while IFS= read -r jar; do [ -f "$jar" ] || return 1; done < <(tr ':' '\n' < "$cp_file")
}
if ! classpath_ok; then
  ops_log "resolving Kafka $KAFKA_VERSION from Maven Central (first run downloads ~45 MB)"
  mkdir -p "$cache_dir"
  tmp_cp="$cp_file.tmp.$$"
  ops_maven -f "$PARSIMONY_ROOT/ops/kafka/pom.xml" \
    -Dkafka.version="$KAFKA_VERSION" -Dstyle.color=never \
    dependency:build-classpath -Dmdep.outputFile="$tmp_cp" > "$cache_dir/maven.log" 2>&1 \
    || ops_fail "$cache_dir/maven.log" "Maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
  mv -f "$tmp_cp" "$cp_file"
  classpath_ok || ops_fail /dev/null "classpath $cp_file names missing jars"
fi
classpath="$(cat "$cp_file")"

# One starter at a time: a second up.sh waits here, then finds the broker up (or starting).
mkdir -p "$run_dir"
exec 9>"$run_dir/up.lock"
flock -w "$((KAFKA_START_TIMEOUT + 60))" 9 || ops_fail /dev/null "another ops/kafka/up.sh holds $run_dir/up.lock"
if already_up; then
  ops_log "already running on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi
if ops_pid_alive "$pid_file"; then
  # Ours, started by an earlier up.sh (maybe still starting): wait for it instead of a second one.
  ops_log "pid $(cat "$pid_file") already started; waiting until it is ready"
  ops_wait_until "$KAFKA_START_TIMEOUT" ready_or_dead || true
  if ops_pid_alive "$pid_file"; then
    wait_ready
    exit 0
  fi
  ops_log "pid $(cat "$pid_file") has exited; starting a new broker"
  rm -f "$pid_file"
fi
if ops_port_open "$KAFKA_CONTROLLER_PORT"; then
  ops_fail /dev/null "port $KAFKA_CONTROLLER_PORT (KAFKA_CONTROLLER_PORT) is taken by something else"
fi

# --- Config (rewritten each start so env changes apply; data survives unless a fresh start). ---
if [ "$fresh" = 1 ] && [ -d "$data_dir" ]; then
  ops_log "fresh start: removing $data_dir"
  rm -rf "$data_dir"
fi
mkdir -p "$data_dir"
cat > "$config" <<EOF
# Written by ops/kafka/up.sh; single-node KRaft for local runs and CI.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir

num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true

offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
group.initial.rebalance.delay.ms=0
# kafkajs speaks only the classic group protocol (no KIP-848). Kafka 4 enables classic by default
# (group.coordinator.rebalance.protocols is deprecated in 4.4, so it is left unset).

num.network.threads=2
num.io.threads=4
log.retention.hours=24
EOF

cat > "$log4j_config" <<'EOF'
# Written by ops/kafka/up.sh: everything to stdout, which up.sh sends to server.log.
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.controller.name = org.apache.kafka.controller
logger.controller.level = INFO
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF

java_opts=(
  "-Xms128m" "-Xmx$KAFKA_HEAP"
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$log4j_config"
  "-Dkafka.logs.dir=$run_dir"
)

# --- Format storage once (meta.properties marks a formatted log dir). The standalone quorum
# records the controller address in the data dir, so a different controller port needs a fresh one.
stamp="$data_dir/.parsimony-controller"
if [ -f "$data_dir/meta.properties" ] && [ "$(cat "$stamp" 2>/dev/null)" != "127.0.0.1:$KAFKA_CONTROLLER_PORT" ]; then
  ops_log "controller address changed; wiping $data_dir"
  rm -rf "$data_dir" && mkdir -p "$data_dir"
fi
if [ ! -f "$data_dir/meta.properties" ]; then
  ops_log "formatting storage in $data_dir (cluster id $KAFKA_CLUSTER_ID)"
  "$java_bin" "${java_opts[@]}" -cp "$classpath" kafka.tools.StorageTool format \
    --cluster-id "$KAFKA_CLUSTER_ID" --config "$config" --standalone --ignore-formatted \
    > "$run_dir/format.log" 2>&1 \
    || ops_fail "$run_dir/format.log" "kafka-storage format failed"
  echo "127.0.0.1:$KAFKA_CONTROLLER_PORT" > "$stamp"
fi

# --- Start in the background, detached from this shell's session. ---
ops_log "starting Kafka $KAFKA_VERSION with $java_bin (heap $KAFKA_HEAP)"
cd "$run_dir"
setsid nohup "$java_bin" "${java_opts[@]}" -cp "$classpath" kafka.Kafka "$config" \
  > "$log_file" 2>&1 < /dev/null 9>&- &
echo $! > "$pid_file"
wait_ready
