#!/usr/bin/env bash
# `npm run demo`: the embedded default on the shipped sample — file in, file out, no servers.
# The provider simulator answers from examples/truth.jsonl (outputs say "simulated"); with
# OPENAI_API_KEY or ANTHROPIC_API_KEY set, run `parsimony extract` without --simulate instead.
# The bad lines are there on purpose, so --allow-failures keeps the exit code 0 (3 otherwise).
# Brings Node 24 and the dependencies when missing. Outputs go to out/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
parsimony_ensure_deps
cd "$PARSIMONY_ROOT"
mkdir -p out
cat examples/narratives.jsonl examples/bad-narratives.jsonl > out/demo-input.jsonl
node bin/parsimony.js extract --input out/demo-input.jsonl --output out/extractions.jsonl \
  --simulate examples/truth.jsonl --report out/report.json --report-html out/report.html --allow-failures
