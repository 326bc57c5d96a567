#!/usr/bin/env bash
# Starts a single-node Elasticsearch on 127.0.0.1:${ES_PORT:-9200} (security off), in the background.
# Idempotent: a node that already answers _cluster/health is left alone.
#
# What runs: Elastic's integration-test distribution from Maven Central
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch:<v>:zip — the server with the
# transport-netty4, x-pack-core, x-pack-security and apm modules, no bundled JDK), plus our
# root-plugin (GET / and HEAD /, which Elastic serves from the unpublished rest-root module).
# First run downloads and compiles into $PARSIMONY_CACHE/elasticsearch/<version>/; later runs
# need neither Maven nor the network. Runtime state (config, data, logs, server.log, pid) lives
# in $PARSIMONY_RUN/elasticsearch/. Elasticsearch refuses to run as root, so as root the node
# runs as the system user $PARSIMONY_ES_USER (default parsimony), created here when missing.
#
# Data is kept: the indices (the template cache's among them) survive stopping and starting the
# node; config, tmp and the log are written anew at each start. `--fresh` (or PARSIMONY_FRESH=1)
# starts with no data, as does `bash ops/down.sh --wipe elasticsearch` before a start. A node
# already running is left alone, fresh or not.
#
# Environment: ES_PORT (9200), ES_TRANSPORT_PORT (9300), PARSIMONY_ES_VERSION (9.5.3),
# PARSIMONY_ES_HEAP (1g), PARSIMONY_ES_USER (parsimony), PARSIMONY_JAVA_HOME (a JDK 21+),
# PARSIMONY_FRESH (0), PARSIMONY_RUN (the state folder's parent; another one, with other ports,
# runs a second node beside the first).
set -euo pipefail
OPS_SERVICE=elasticsearch
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ops/lib.sh
source "$here/../lib.sh"

ES_VERSION="${PARSIMONY_ES_VERSION:-9.5.3}"
ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
ES_HEAP="${PARSIMONY_ES_HEAP:-1g}"
ES_USER="${PARSIMONY_ES_USER:-parsimony}"
START_TIMEOUT=180

cache="$PARSIMONY_CACHE/elasticsearch/$ES_VERSION"
home="$cache/home"
run="$PARSIMONY_RUN/elasticsearch"
server_log="$run/server.log"
health_url="http://127.0.0.1:$ES_PORT/_cluster/health"

es_ready() {
  curl -fsS -m 5 "$health_url" 2>/dev/null | grep -Eq '"status" *: *"(green|yellow)"'
}

fresh=0
if ops_fresh_requested "$@"; then fresh=1; fi

if es_ready; then
  ops_log "already running on 127.0.0.1:$ES_PORT$([ "$fresh" = 1 ] && echo '; left as it is with its data (stop it first for a fresh start)')"
  exit 0
fi
if ops_pid_alive "$run/pid"; then
  ops_log "already starting (pid $(cat "$run/pid")); waiting for it"
  ops_wait_until "$START_TIMEOUT" es_ready || ops_fail "$server_log" "not ready after ${START_TIMEOUT}s"
  ops_log "ready on http://127.0.0.1:$ES_PORT"
  exit 0
fi
if ops_port_open "$ES_PORT"; then
  ops_fail /dev/null "port $ES_PORT is taken by something that is not a healthy Elasticsearch"
fi

command -v curl >/dev/null || ops_fail /dev/null "curl is needed"
java_home="$(ops_java21_home)" || ops_fail /dev/null "Elasticsearch $ES_VERSION needs a JDK 21+ (set PARSIMONY_JAVA_HOME)"

# --- the distribution and our plugin, cached per version ------------------------------------
plugin_src="$here/root-plugin/src"
plugin_dir="$home/plugins/parsimony-root"
plugin_stamp() { (cd "$plugin_src" && find . -name '*.java' -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-64; }

build_plugin() {
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/classes" "$tmp/plugin"
  find "$plugin_src" -name '*.java' -type f > "$tmp/sources"
  "$java_home/bin/javac" --release 21 -proc:none -nowarn -cp "$home/lib/*" -d "$tmp/classes" "@$tmp/sources" \
    || { rm -rf "$tmp"; ops_fail /dev/null "could not compile $plugin_src"; }
  "$java_home/bin/jar" --create --file "$tmp/plugin/parsimony-root.jar" -C "$tmp/classes" .
  cat > "$tmp/plugin/plugin-descriptor.properties" <<EOF
description=Answers GET / and HEAD / (Elastic ships these in rest-root, which is not on Maven Central)
version=$ES_VERSION
name=parsimony-root
classname=org.parsimony.esroot.RootEndpointPlugin
java.version=21
elasticsearch.version=$ES_VERSION
EOF
  plugin_stamp > "$tmp/plugin/.source-sha256"
  rm -rf "$plugin_dir"
  mv "$tmp/plugin" "$plugin_dir"
  rm -rf "$tmp"
}

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$home/.complete" ]; then
  ops_log "fetching Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central (once)"
  command -v mvn >/dev/null || ops_fail /dev/null "Maven (mvn) is needed for the first run"
  dl="$(mktemp -d)"
  # (no pom is published beside this zip: Maven's "POM is missing" warning is expected)
  (cd "$dl" && ops_maven org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$dl/out" > "$dl/maven.log" 2>&1) \
    || { cp "$dl/maven.log" "$cache/maven.log"; rm -rf "$dl"
         ops_fail "$cache/maven.log" "could not fetch integ-test-zip $ES_VERSION from Maven Central"; }
  mkdir -p "$dl/x"
  if command -v unzip >/dev/null; then
    unzip -q "$dl/out/elasticsearch-$ES_VERSION.zip" -d "$dl/x"
  else # the JDK's jar tool extracts it too, without the executable bits
    (cd "$dl/x" && "$java_home/bin/jar" xf "$dl/out/elasticsearch-$ES_VERSION.zip")
    find "$dl/x/elasticsearch-$ES_VERSION/bin" -type f -exec chmod a+x {} +
  fi
  rm -rf "$home"
  mv "$dl/x/elasticsearch-$ES_VERSION" "$home"
  rm -rf "$dl"
  touch "$home/.complete"
fi
if [ "$(cat "$plugin_dir/.source-sha256" 2>/dev/null)" != "$(plugin_stamp)" ]; then
  ops_log "compiling the root-plugin (GET / and HEAD /)"
  build_plugin
fi
flock -u 9
exec 9>&-

# --- who runs it -----------------------------------------------------------------------------
as_es_cmd=()
as_es() { "${as_es_cmd[@]}" "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    ops_log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
  fi
  as_es_cmd=(setpriv --reuid "$ES_USER" --regid "$ES_USER" --init-groups)
  as_es test -x "$java_home/bin/java" || ops_fail /dev/null "$ES_USER cannot run $java_home/bin/java"
fi

# --- runtime state: the data is kept, the rest is written anew ------------------------------------
# The node's own files (config, data, logs, tmp) go in $run; when root and $ES_USER cannot reach
# $run (e.g. it lies under /root), they go in a folder under /var/tmp named in $run/state-dir.
old_state="$(cat "$run/state-dir" 2>/dev/null || true)"
case "$old_state" in /var/tmp/parsimony-elasticsearch.*) [ -d "$old_state" ] || old_state="" ;; *) old_state="" ;; esac
if [ "$fresh" = 1 ]; then
  ops_log "fresh start: removing the node's data (${old_state:-$run}/data)"
  [ -z "$old_state" ] || rm -rf "$old_state"
  old_state=""
  rm -rf "$run"
fi
mkdir -p "$run"
rm -f "$run/state-dir"
state="$run"
if [ "$(id -u)" -eq 0 ]; then
  chown "$ES_USER:" "$run"
  if [ -n "$old_state" ] || ! as_es test -w "$run"; then
    state="${old_state:-$(mktemp -d /var/tmp/parsimony-elasticsearch.XXXXXX)}"
    chown "$ES_USER:" "$state"
    ops_log "$ES_USER cannot reach $run; node files in $state"
  fi
fi
[ "$state" = "$run" ] || echo "$state" > "$run/state-dir"
if [ -n "$(ls -A "$state/data" 2>/dev/null)" ]; then
  ops_log "keeping the data in $state/data (bash ops/up.sh --fresh elasticsearch starts without it)"
fi
rm -rf "$state/config" "$state/tmp" "$state/home" "$state/es.pid"
mkdir -p "$state/config/jvm.options.d" "$state/data" "$state/logs" "$state/tmp"

cp "$home/config/log4j2.properties" "$state/config/"
# Elastic's jvm.options, less GC logging and heap dumps (they'd land in the read-only home).
grep -v -e '^-Xlog' -e 'HeapDumpOnOutOfMemoryError' -e '^-XX:ErrorFile' "$home/config/jvm.options" > "$state/config/jvm.options"
cat > "$state/config/jvm.options.d/parsimony.options" <<EOF
-Xms$ES_HEAP
-Xmx$ES_HEAP
-XX:ErrorFile=$state/logs/hs_err_pid%p.log
EOF
cat > "$state/config/elasticsearch.yml" <<EOF
cluster.name: parsimony
node.name: parsimony-es
path.data: $state/data
path.logs: $state/logs
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
xpack.license.self_generated.type: basic
indices.breaker.total.use_real_memory: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
if [ "$(id -u)" -eq 0 ]; then chown -R "$ES_USER:" "$state"; fi

# The cached distribution may be unreadable for $ES_USER (the cache is under /root by default):
# then run a hard-linked (or else copied) view of it, still owned by root.
es_home="$home"
if ! as_es test -r "$home/lib/elasticsearch-$ES_VERSION.jar"; then
  es_home="$state/home"
  cp -al "$home" "$es_home" 2>/dev/null || { rm -rf "$es_home"; cp -a "$home" "$es_home"; }
fi

# --- start -----------------------------------------------------------------------------------------
ops_log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT (heap $ES_HEAP, log $server_log)"
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd /
# setsid, setpriv, env and the bin/ scripts all exec: $! is the CLI launcher's pid, which stops the
# server process (written to $state/es.pid) when it gets TERM.
setsid "${as_es_cmd[@]}" env -i \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME="$state" LANG=C.UTF-8 \
  ES_JAVA_HOME="$java_home" ES_PATH_CONF="$state/config" ES_TMPDIR="$state/tmp" \
  "$es_home/bin/elasticsearch" -p "$state/es.pid" \
  > "$server_log" 2>&1 < /dev/null &
echo $! > "$run/pid"

deadline=$((SECONDS + START_TIMEOUT))
until es_ready; do
  ops_pid_alive "$run/pid" || ops_fail "$server_log" "Elasticsearch exited during start (should the log blame the data kept in $state/data, e.g. written by a newer version: bash ops/up.sh --fresh elasticsearch)"
  [ "$SECONDS" -ge "$deadline" ] && ops_fail "$server_log" "not ready after ${START_TIMEOUT}s"
  sleep 1
done
ops_log "ready on http://127.0.0.1:$ES_PORT (pid $(cat "$run/pid"))"
