#!/usr/bin/env bash
# Stops the node that ops/elasticsearch/up.sh started; its data stays for the next start.
# --wipe removes its runtime folder too, data included. Nothing running is fine.
# Usage: bash ops/elasticsearch/down.sh [--wipe]
set -euo pipefail
OPS_SERVICE=elasticsearch
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ops/lib.sh
source "$here/../lib.sh"

run="$PARSIMONY_RUN/elasticsearch"
if [ ! -d "$run" ]; then
  ops_log "not running"
  exit 0
fi
wipe=0
if ops_wipe_requested "$@"; then wipe=1; fi

state="$(cat "$run/state-dir" 2>/dev/null || echo "$run")"
outcome="not running"
if ops_pid_alive "$run/pid"; then
  ops_log "stopping (pid $(cat "$run/pid"))"
  outcome=stopped
fi
# TERM to the CLI launcher stops the server process gracefully.
ops_stop_pidfile "$run/pid" 60
# The server process itself, should the launcher have died without it (the pid file is the
# server's own; it is checked to still be an Elasticsearch process before it is signalled).
if ops_pid_alive "$state/es.pid" && grep -qa 'org.elasticsearch' "/proc/$(cat "$state/es.pid")/cmdline" 2>/dev/null; then
  ops_log "stopping the orphaned server process (pid $(cat "$state/es.pid"))"
  outcome=stopped
  ops_stop_pidfile "$state/es.pid" 30
fi

if [ "$wipe" = 1 ]; then
  case "$state" in /var/tmp/parsimony-elasticsearch.*) rm -rf "$state" ;; esac
  rm -rf "$run"
  ops_log "$outcome; data removed"
else
  ops_log "$outcome; data kept in $state/data (--wipe removes it)"
fi
