# Shared helpers for the ops/ scripts. Source it; do not run it.
# Every server script keeps downloads in $PARSIMONY_CACHE (survives clones, so later runs are warm)
# and runtime state (data, logs, pid files) in $PARSIMONY_RUN (one folder per server). Data stays
# there across stops and starts; a fresh start (`bash ops/up.sh --fresh`, or PARSIMONY_FRESH=1)
# or `bash ops/down.sh --wipe` removes it.

PARSIMONY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PARSIMONY_CACHE="${PARSIMONY_CACHE:-$HOME/.cache/parsimony}"
PARSIMONY_RUN="${PARSIMONY_RUN:-$PARSIMONY_ROOT/.run}"
export PARSIMONY_ROOT PARSIMONY_CACHE PARSIMONY_RUN

ops_log() { printf '[ops %s] %s\n' "${OPS_SERVICE:-ops}" "$*" >&2; }

# ops_fail LOGFILE MESSAGE — says what failed, shows the end of the server's log, exits 1.
ops_fail() {
  local logfile="$1"; shift
  ops_log "FAILED: $*"
  if [ -f "$logfile" ]; then
    ops_log "last 60 lines of $logfile:"
    tail -n 60 "$logfile" >&2
  fi
  exit 1
}

# ops_wait_until SECONDS COMMAND... — polls COMMAND every second until it succeeds; 1 on timeout.
ops_wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 1
  done
}

# ops_pid_alive PIDFILE — true when the pid file names a running process.
ops_pid_alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# ops_stop_pidfile PIDFILE [SECONDS] — TERM, wait, then KILL; removes the pid file.
ops_stop_pidfile() {
  local pidfile="$1" grace="${2:-30}"
  if ops_pid_alive "$pidfile"; then
    local pid; pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      ops_log "pid $pid ignored TERM for ${grace}s; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

# ops_port_open PORT — true when something listens on 127.0.0.1:PORT.
ops_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ops_maven ARGS... — batch-mode Maven, quiet unless it fails.
ops_maven() {
  mvn -B -q -ntp "$@"
}

# Java 21+ for the servers that need it: PARSIMONY_JAVA_HOME, else the first JDK 21+ under /usr/lib/jvm
# (on Debian 12, `bash ops/install-java21.sh` puts one there).
ops_java21_home() {
  if [ -n "${PARSIMONY_JAVA_HOME:-}" ]; then echo "$PARSIMONY_JAVA_HOME"; return; fi
  local d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] || continue
    v="$("$d/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)"
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "${d%/}"; return; fi
  done
  return 1
}

# ops_fresh_requested ARGS... — true when the caller asked for a fresh start: --fresh among ARGS, or
# PARSIMONY_FRESH=1 (which ops/up.sh --fresh sets for the server scripts it runs).
ops_fresh_requested() {
  [ "${PARSIMONY_FRESH:-0}" = 1 ] && return 0
  local arg
  for arg in "$@"; do [ "$arg" = --fresh ] && return 0; done
  return 1
}

# ops_wipe_requested ARGS... — true when the caller of a down script asked to remove the data too.
ops_wipe_requested() {
  local arg
  for arg in "$@"; do [ "$arg" = --wipe ] && return 0; done
  return 1
}
