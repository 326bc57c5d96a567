#!/usr/bin/env bash
# Stops the servers started by ops/up.sh and removes their runtime state (caches are kept).
# Usage: bash ops/down.sh [kafka] [registry] [elasticsearch]   (default: all three)
set -euo pipefail
OPS_SERVICE=down
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(elasticsearch registry kafka)
status=0
for service in "${services[@]}"; do
  bash "$PARSIMONY_ROOT/ops/$service/down.sh" || status=1
done
exit $status
