#!/usr/bin/env bash
# The fault suite: `npm run test:faults` (full: 100,000 records, every fault, writes docs/faults.json)
# or `npm run test:faults -- --trimmed` (CI: 20,000 records, one of each fault). It starts its own
# Kafka, registry and Elasticsearch on other ports than the shared ones, in $FAULTS_RUN (default
# .run/faults), and stops them when it ends. Settings: see test/faults/suite.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../ops/node-env.sh"
cd "$PARSIMONY_ROOT"
parsimony_ensure_deps
[ "${1:-}" = -- ] && shift
exec node test/faults/suite.ts "$@"
