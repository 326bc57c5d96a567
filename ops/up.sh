#!/usr/bin/env bash
# Starts the servers the service and its tests use — Kafka, the schema registry, Elasticsearch —
# on 127.0.0.1, in parallel; each is left alone when it already answers. `bash ops/down.sh` stops them.
# Usage: bash ops/up.sh [--fresh] [kafka] [registry] [elasticsearch]   (default: all three)
#
# Data is kept: a server started again finds what it held when it stopped (Kafka's topics and
# offsets, Elasticsearch's indices — the template cache among them), in $PARSIMONY_RUN/<server>/.
# The schema registry keeps its schemas in memory only: they are gone after a restart, and
# `parsimony topics apply` registers them again. --fresh (or PARSIMONY_FRESH=1) starts the servers
# it starts with no data; a server already running is left as it is (stop it first: ops/down.sh).
set -euo pipefail
OPS_SERVICE=up
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=()
for arg in "$@"; do
  case "$arg" in
    --fresh) export PARSIMONY_FRESH=1 ;;
    -*) ops_log "unknown option $arg (usage: bash ops/up.sh [--fresh] [kafka] [registry] [elasticsearch])"; exit 2 ;;
    *) services+=("$arg") ;;
  esac
done
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
