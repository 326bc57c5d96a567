#!/usr/bin/env bash
# Stops the broker that ops/kafka/up.sh started; its data stays for the next start. --wipe removes
# its run dir too (config, data, logs). Fine to run when nothing runs.
# Usage: bash ops/kafka/down.sh [--wipe]
set -euo pipefail
OPS_SERVICE=kafka
# shellcheck source=ops/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

run_dir="$PARSIMONY_RUN/kafka"
pid_file="$run_dir/pid"

if ops_pid_alive "$pid_file"; then
  ops_log "stopping pid $(cat "$pid_file")"
  # Combined broker+controller shuts down in a few seconds; KILL after 30.
  ops_stop_pidfile "$pid_file" 30
else
  ops_log "not running (no live pid in $pid_file)"
  rm -f "$pid_file"
fi
if ops_wipe_requested "$@" && [ -n "${PARSIMONY_RUN:-}" ] && [ -d "$run_dir" ]; then
  rm -rf "$run_dir"
  ops_log "data removed"
elif [ -d "$run_dir/data" ]; then
  ops_log "data kept in $run_dir/data (--wipe removes it)"
fi
if ops_port_open "${KAFKA_PORT:-9092}"; then
  ops_log "note: something else still listens on 127.0.0.1:${KAFKA_PORT:-9092} (not started by up.sh)"
fi
