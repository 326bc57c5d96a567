#!/usr/bin/env bash
# The tests. Brings Node 24 and the dependencies when missing, then, by mode:
#   bash ops/test.sh unit [ARGS]  every test/**/*.test.ts but *.int.test.ts: no servers, seconds
#   bash ops/test.sh int [ARGS]   every test/**/*.int.test.ts, against Kafka, the schema registry
#                                 and Elasticsearch (or the CLI as a child process); starts the
#                                 servers that are not running and stops those it started on exit
#                                 (PARSIMONY_KEEP_INFRA=1 leaves them up for the next run)
#   bash ops/test.sh [ARGS]       all: lint (Biome), type-check, unit, int, in that order; stops
#                                 at the first that fails
# ARGS go to `node --test` (`--test-name-pattern=kNN`; give option values with `=`); a `--` before
# them is dropped. ARGS naming test files or folders run those instead of the whole set (each still
# by its mode: `bash ops/test.sh int test/smoke`). npm scripts: test:unit, test:int, test.
set -euo pipefail
OPS_SERVICE=test
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$PARSIMONY_ROOT"

mode=all
case "${1:-}" in
  unit | int | all) mode="$1"; shift ;;
esac
[ "${1:-}" = -- ] && shift

# Paths among the arguments choose the test files; everything else goes to node --test.
node_args=()
chosen=()
for arg in "$@"; do
  if [[ "$arg" != -* && -e "$arg" ]]; then chosen+=("$arg"); else node_args+=("$arg"); fi
done
# A file whose every test a pattern filters out still runs its root-level before() (not awaited
# by its after() then), so a connection opened there is never closed and the file never ends.
# Filtered runs therefore end each file once its tests are done.
for arg in "${node_args[@]}"; do
  case "$arg" in
    --test-name-pattern* | --test-skip-pattern* | --test-only) node_args+=(--test-force-exit); break ;;
  esac
done

# test_files KIND — the unit or int test files, sorted, from the chosen paths or from test/.
test_files() {
  local roots=("${chosen[@]}")
  [ ${#roots[@]} -gt 0 ] || roots=(test)
  if [ "$1" = int ]; then
    find "${roots[@]}" -type f -name '*.int.test.ts' | sort -u
  else
    find "${roots[@]}" -type f -name '*.test.ts' ! -name '*.int.test.ts' | sort -u
  fi
}

run_unit() {
  local files
  mapfile -t files < <(test_files unit)
  if [ ${#files[@]} -eq 0 ]; then ops_log "no unit test files chosen"; return 0; fi
  ops_log "unit tests (${#files[@]} files)"
  node --test --test-timeout=60000 --test-reporter=spec "${node_args[@]}" "${files[@]}"
}

services=(kafka registry elasticsearch)
already=()
stop_started() {
  [ "${PARSIMONY_KEEP_INFRA:-0}" = 1 ] && return 0
  for service in "${services[@]}"; do
    if [[ ! " ${already[*]} " =~ " $service " ]] && ops_pid_alive "$PARSIMONY_RUN/$service/pid"; then
      bash "ops/$service/down.sh" || true
    fi
  done
}

run_int() {
  local files
  mapfile -t files < <(test_files int)
  if [ ${#files[@]} -eq 0 ]; then ops_log "no integration test files chosen"; return 0; fi
  for service in "${services[@]}"; do
    if ops_pid_alive "$PARSIMONY_RUN/$service/pid"; then already+=("$service"); fi
  done
  trap stop_started EXIT
  bash ops/up.sh "${services[@]}"
  ops_log "integration tests (${#files[@]} files)"
  # Each file ends once its tests and hooks are done: a client a test failed to close (a consumer
  # whose disconnect waits on a broker) must not hold the whole suite to CI's limit.
  node --test --test-timeout=300000 --test-force-exit --test-reporter=spec "${node_args[@]}" "${files[@]}"
}

parsimony_ensure_deps

case "$mode" in
  unit) run_unit ;;
  int) run_int ;;
  all)
    ops_log "lint and format check (npm run lint)"
    npm run --silent lint
    ops_log "type-checking (npm run typecheck)"
    npm run --silent typecheck
    run_unit
    run_int
    ;;
esac
