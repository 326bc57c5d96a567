#!/usr/bin/env bash
# Starts the servers the service and its tests use — Kafka, the schema registry, Elasticsearch —
# on 127.0.0.1, in parallel; each is left alone when it already answers. `bash ops/down.sh` stops them.
# Usage: bash ops/up.sh [kafka] [registry] [elasticsearch]   (default: all three)
set -euo pipefail
OPS_SERVICE=up
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(kafka registry elasticsearch)
pids=()
for service in "${services[@]}"; do
  [ -x "$PARSIMONY_ROOT/ops/$service/up.sh" ] || { ops_log "unknown service $service"; exit 2; }
  bash "$PARSIMONY_ROOT/ops/$service/up.sh" &
  pids+=($!)
done
failed=()
for i in "${!services[@]}"; do
  wait "${pids[$i]}" || failed+=("${services[$i]}")
done
if [ ${#failed[@]} -gt 0 ]; then
  ops_log "failed to start: ${failed[*]} (their logs are above)"
  exit 1
fi
ops_log "ready: ${services[*]}"
