#!/usr/bin/env bash
# Stops the servers started by ops/up.sh. Their data stays in $PARSIMONY_RUN for the next start;
# --wipe removes it too (runtime state, data included; downloads in $PARSIMONY_CACHE are kept).
# Usage: bash ops/down.sh [--wipe] [kafka] [registry] [elasticsearch]   (default: all three)
set -euo pipefail
OPS_SERVICE=down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=()
options=()
for arg in "$@"; do
  case "$arg" in
    --wipe) options+=("$arg") ;;
    -*) ops_log "unknown option $arg (usage: bash ops/down.sh [--wipe] [kafka] [registry] [elasticsearch])"; exit 2 ;;
    *) services+=("$arg") ;;
  esac
done
[ ${#services[@]} -gt 0 ] || services=(elasticsearch registry kafka)
status=0
for service in "${services[@]}"; do
  bash "$PARSIMONY_ROOT/ops/$service/down.sh" "${options[@]}" || status=1
done
exit $status
