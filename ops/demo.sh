#!/usr/bin/env bash
# `npm run demo`: the embedded default on the shipped sample — file in, file out, no servers.
# Brings Node 24 and the dependencies when missing. Outputs go to out/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
parsimony_ensure_deps
cd "$PARSIMONY_ROOT"
mkdir -p out
for input in examples/narratives.jsonl examples/bad-narratives.jsonl; do
  name="$(basename "$input" .jsonl)"
  node src/cli/main.ts validate --input "$input" --output "out/$name.valid.jsonl" --dead-letters "out/$name.dead-letters.jsonl"
done
echo "outputs: out/*.valid.jsonl (accepted records), out/*.dead-letters.jsonl (rejected, with reasons)"
