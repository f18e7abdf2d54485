#!/usr/bin/env bash
# Installs what the end-to-end tests and the demo need, outside the repository, once:
#  - n8n 2.41.1 into $HSQB_CACHE/n8n-2.41.1 (npm install --ignore-scripts, then the two native
#    addons n8n needs rebuilt against Node 24: sqlite3 and isolated-vm). --ignore-scripts because
#    an optional addon (Kafka) downloads sources in its build and fails offline; 2.41.3 does not
#    install. About 5 + 2 minutes on a fresh machine.
#  - Debian's chromium and chromium-driver (for the browser checks), if /usr/bin/chromium is missing.
# Idempotent: a marker file records a complete, verified install; run it as often as you like.
# Usage: bash scripts/install-n8n.sh [--no-chromium]   (the demo needs no browser)
set -euo pipefail
WITH_CHROMIUM=1
for arg in "$@"; do
	case "$arg" in
	--no-chromium) WITH_CHROMIUM=0 ;;
	*) echo "usage: $0 [--no-chromium]" >&2; exit 2 ;;
	esac
done
cd "$(dirname "$0")/.."
source .ci/node24.sh

N8N_VERSION=2.41.1
N8N_DIR="$HSQB_CACHE/n8n-$N8N_VERSION"
MARKER="$N8N_DIR/.hsqb-install-complete"

log() { echo "[install-n8n] $*"; }

# The install works when n8n is the right version and its native addons load under this Node.
verify_n8n() {
	local dir="$1"
	[ -f "$dir/node_modules/n8n/package.json" ] || return 1
	(cd "$dir" && node -e "
		const v = require('n8n/package.json').version;
		if (v !== '$N8N_VERSION') { console.error('n8n ' + v + ' installed, want $N8N_VERSION'); process.exit(1); }
		require('sqlite3');
		require('isolated-vm');
	") || return 1
}

install_n8n() {
	if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "n8n@$N8N_VERSION node@$(node --version)" ]; then
		log "n8n $N8N_VERSION already installed in $N8N_DIR"
		return
	fi
	# An install made by hand the same way (without the marker) is kept if it verifies.
	if verify_n8n "$N8N_DIR" 2>/dev/null; then
		echo "n8n@$N8N_VERSION node@$(node --version)" >"$MARKER"
		log "n8n $N8N_VERSION found complete in $N8N_DIR (verified, marked)"
		return
	fi

	local started=$SECONDS
	local staging="$N8N_DIR.partial"
	rm -rf "$staging"
	mkdir -p "$staging"
	echo '{"name":"n8n-host","private":true,"description":"n8n for the n8n-nodes-hubspot-quickbooks e2e tests and demo"}' >"$staging/package.json"
	log "npm install n8n@$N8N_VERSION --ignore-scripts into $staging (a few minutes)"
	(cd "$staging" && npm install "n8n@$N8N_VERSION" --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error)
	log "rebuilding native addons sqlite3 and isolated-vm against Node $(node --version)"
	(cd "$staging" && npm rebuild sqlite3 isolated-vm --no-audit --no-fund --loglevel=error)
	if ! verify_n8n "$staging"; then
		log "n8n installed but does not load (see above); left in $staging for inspection"
		exit 1
	fi
	echo "n8n@$N8N_VERSION node@$(node --version)" >"$staging/.hsqb-install-complete"
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
