#!/usr/bin/env bash
# Stops the schema registry started by ops/registry/up.sh and removes its run folder (in-memory
# storage: nothing worth keeping, --wipe or not; `parsimony topics apply` registers the schemas
# again after the next start). Fine when nothing runs.
set -euo pipefail
OPS_SERVICE=registry
# shellcheck source=ops/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

run_dir="$PARSIMONY_RUN/registry"
if ops_pid_alive "$run_dir/pid"; then
  ops_log "stopping pid $(cat "$run_dir/pid")"
fi
ops_stop_pidfile "$run_dir/pid" 30
rm -rf "$run_dir"
ops_log "stopped"
