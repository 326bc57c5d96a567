#!/usr/bin/env bash
# `npm run bench -- NAME`: runs bench/NAME.ts (rules-tier, template-cache, free-answers, frontier, call-cost, memory, cache-lookup, kafka-throughput), starting the
# servers a benchmark needs when they are not running. Figures are ratios against a baseline
# measured in the same run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
parsimony_ensure_deps
cd "$PARSIMONY_ROOT"
name="${1:-rules-tier}"
[ -f "bench/$name.ts" ] || { echo "no benchmark bench/$name.ts; have: $(ls bench | sed 's/\.ts$//' | tr '\n' ' ')" >&2; exit 2; }
case "$name" in
  kafka-*) bash ops/up.sh kafka registry ;;
  cache-*) bash ops/up.sh elasticsearch ;;
  memory) bash ops/up.sh ;; # `run` on a backlog needs them all; `extract` none
  free-answers | frontier | call-cost) ;; # the simulator (and the in-memory or file template cache), no servers
esac
node "bench/$name.ts"
