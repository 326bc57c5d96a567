#!/usr/bin/env bash
# `npm test`: brings Node 24 and the dependencies when missing, type-checks, starts the servers the
# integration tests need when they are not running, runs every test, and stops the servers it
# started (PARSIMONY_KEEP_INFRA=1 leaves them up for the next run).
set -euo pipefail
OPS_SERVICE=test
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$PARSIMONY_ROOT"

parsimony_ensure_deps

ops_log "type-checking"
npx tsc --noEmit

services=(kafka registry elasticsearch)
already=()
for service in "${services[@]}"; do
  if ops_pid_alive "$PARSIMONY_RUN/$service/pid"; then already+=("$service"); fi
done
stop_started() {
  [ "${PARSIMONY_KEEP_INFRA:-0}" = 1 ] && return 0
  for service in "${services[@]}"; do
    if [[ ! " ${already[*]} " =~ " $service " ]] && ops_pid_alive "$PARSIMONY_RUN/$service/pid"; then
      bash "ops/$service/down.sh" || true
    fi
  done
}
trap stop_started EXIT
bash ops/up.sh "${services[@]}"

ops_log "running the tests"
node --test --test-timeout=300000 --test-reporter=spec "$@" 'test/**/*.test.ts'
