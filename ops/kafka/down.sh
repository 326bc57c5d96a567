#!/usr/bin/env bash
# Stops the broker that ops/kafka/up.sh started and removes its run dir (config, data, logs).
# Fine to run when nothing runs.
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
if [ -n "${PARSIMONY_RUN:-}" ] && [ -d "$run_dir" ]; then
  rm -rf "$run_dir"
fi
if ops_port_open "${KAFKA_PORT:-9092}"; then
  ops_log "note: something else still listens on 127.0.0.1:${KAFKA_PORT:-9092} (not started by up.sh)"
fi
