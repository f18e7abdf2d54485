#!/usr/bin/env bash
# Installs what the end-to-end tests and the demo need, outside the repository, once:
#  - n8n into $HSQB_CACHE/n8n-<version> (npm install --ignore-scripts, then the two native addons
#    n8n needs rebuilt against the Node that will run it: sqlite3 and isolated-vm). --ignore-scripts
#    because an optional addon (Kafka) downloads sources in its build and fails offline.
#    n8n 2.x runs on Node 24 (fetched into the cache by .ci/node24.sh; 2.41.3 does not install
#    here); n8n 1.x on the Node given with --node (default: the first `node` on PATH outside the
#    cache). About 5 + 2 minutes on a fresh machine.
#  - Debian's chromium and chromium-driver (for the browser checks), if /usr/bin/chromium is missing.
# Idempotent: a marker file records a complete, verified install; run it as often as you like.
# Works the same from a shell, from `npm start` and from `npm run`: the repository's npm settings
# (.npmrc's ignore-scripts=true among them) are cleared before npm runs here (scripts/lib/clean-npm-env.sh).
# Usage: bash scripts/install-n8n.sh [--version=2.41.1] [--node=/path/to/node] [--no-chromium]
set -euo pipefail
WITH_CHROMIUM=1
N8N_VERSION=2.41.1
NODE_BINARY=""
for arg in "$@"; do
	case "$arg" in
	--no-chromium) WITH_CHROMIUM=0 ;;
	--version=*) N8N_VERSION="${arg#--version=}" ;;
	--node=*) NODE_BINARY="${arg#--node=}" ;;
	*) echo "usage: $0 [--version=2.41.1] [--node=/path/to/node] [--no-chromium]" >&2; exit 2 ;;
	esac
done
cd "$(dirname "$0")/.."
source scripts/lib/clean-npm-env.sh
N8N_MAJOR="${N8N_VERSION%%.*}"

log() { echo "[install-n8n] $*"; }

if [ -z "$NODE_BINARY" ]; then
	if [ "$N8N_MAJOR" -ge 2 ]; then
		source .ci/node24.sh
		NODE_BINARY="$(command -v node)"
	else
		# The machine's own Node: the first node on PATH that is not the cached Node 24.
		NODE_BINARY="$(type -ap node | grep -v "/node24/" | head -n1 || true)"
		[ -n "$NODE_BINARY" ] || { log "no Node on PATH for n8n $N8N_VERSION; pass --node=/path/to/node (Node 20 or 22)"; exit 1; }
	fi
fi
NODE_BINARY="$(readlink -f "$NODE_BINARY")"
clean_npm_env "$NODE_BINARY"
# npm, node-gyp and the addons' build scripts all use the `node` first on PATH.
export PATH="$(dirname "$NODE_BINARY"):$PATH"
HSQB_CACHE="${HSQB_CACHE:-$HOME/.cache/hsqb}"
N8N_DIR="$HSQB_CACHE/n8n-$N8N_VERSION"
MARKER="$N8N_DIR/.hsqb-install-complete"
NODE_VERSION="$("$NODE_BINARY" --version)"
STAMP="n8n@$N8N_VERSION node@$NODE_VERSION"

# The install works when n8n is the right version and its native addons load under its Node.
verify_n8n() {
	local dir="$1"
	[ -f "$dir/node_modules/n8n/package.json" ] || return 1
	(cd "$dir" && "$NODE_BINARY" -e "
		const v = require('n8n/package.json').version;
		if (v !== '$N8N_VERSION') { console.error('n8n ' + v + ' installed, want $N8N_VERSION'); process.exit(1); }
		require('sqlite3');
		if ($N8N_MAJOR >= 2) require('isolated-vm');
	") || return 1
}

# Records which Node n8n was built for; the e2e harness and the demo start n8n with it.
mark_complete() {
	echo "$STAMP" >"$1/.hsqb-install-complete"
	echo "$NODE_BINARY" >"$1/.hsqb-node"
}

install_n8n() {
	if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$STAMP" ] && [ -f "$N8N_DIR/.hsqb-node" ]; then
		log "n8n $N8N_VERSION already installed in $N8N_DIR (Node $NODE_VERSION)"
		return
	fi
	# An install made by hand the same way (without the marker) is kept if it verifies.
	if verify_n8n "$N8N_DIR" 2>/dev/null; then
		mark_complete "$N8N_DIR"
		log "n8n $N8N_VERSION found complete in $N8N_DIR (verified under Node $NODE_VERSION, marked)"
		return
	fi

	local started=$SECONDS
	local staging="$N8N_DIR.partial"
	# A finished download is kept: a failed native build (missing compiler, say) resumes at the rebuild.
	if [ -f "$staging/.hsqb-downloaded" ] && [ "$(cat "$staging/.hsqb-downloaded")" = "n8n@$N8N_VERSION" ]; then
		log "resuming the install in $staging (n8n $N8N_VERSION downloaded before)"
	else
		rm -rf "$staging"
		mkdir -p "$staging"
		# n8n 1.x names an xlsx tarball on a CDN that is often unreachable; the registry's 0.18.5 is the same code line.
		local overrides=""
		if [ "$N8N_MAJOR" -lt 2 ]; then overrides=',"overrides":{"xlsx":"0.18.5"}'; fi
		echo "{\"name\":\"n8n-host\",\"private\":true,\"description\":\"n8n for the n8n-nodes-hubspot-quickbooks e2e tests and demo\"$overrides}" >"$staging/package.json"
		log "npm install n8n@$N8N_VERSION --ignore-scripts into $staging (a few minutes)"
		(cd "$staging" && npm install "n8n@$N8N_VERSION" --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error)
		echo "n8n@$N8N_VERSION" >"$staging/.hsqb-downloaded"
	fi
	# n8n 2.x loads isolated-vm (its 7.x builds on Node 24 only); n8n 1.x starts without it, and its
	# isolated-vm 6.x does not build on Node 20, so 1.x gets sqlite3 alone.
	local addons="sqlite3"
	if [ "$N8N_MAJOR" -ge 2 ]; then addons="sqlite3 isolated-vm"; fi
	log "rebuilding native addons ($addons) against Node $NODE_VERSION"
	# --ignore-scripts=false: a rebuild is nothing but the addons' install scripts.
	(cd "$staging" && npm rebuild $addons --ignore-scripts=false --no-audit --no-fund --loglevel=error)
	if ! verify_n8n "$staging"; then
		log "n8n installed but does not load (see above); left in $staging for inspection"
		log "the native build needs python3, make and a C++ compiler (Debian: apt-get install python3 make g++)"
		exit 1
	fi
	mark_complete "$staging"
	rm -rf "$N8N_DIR"
	mv "$staging" "$N8N_DIR"
	log "n8n $N8N_VERSION installed in $N8N_DIR in $((SECONDS - started)) s"
}

install_chromium() {
	if [ -x /usr/bin/chromium ]; then
		log "chromium present: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
		return
	fi
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then sudo="sudo"; else
			log "chromium is missing and this is not root (no sudo): install the Debian packages chromium and chromium-driver"
			exit 1
		fi
	fi
	local started=$SECONDS
	log "apt-get install chromium chromium-driver"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
	log "chromium installed in $((SECONDS - started)) s: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
}

install_n8n
if [ "$WITH_CHROMIUM" = 1 ]; then install_chromium; fi
