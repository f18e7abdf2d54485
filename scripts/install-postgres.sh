#!/usr/bin/env bash
# The PostgreSQL server the queue-mode stack starts (a throw-away cluster on a free port, in a temp dir,
# made with initdb and pg_ctl): Debian's postgresql package. The package also creates the `postgres`
# user, which runs the cluster when this is root (PostgreSQL refuses to run as root).
# Idempotent: does nothing when an initdb is installed under /usr/lib/postgresql/<version>/bin.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/postgres
