#!/bin/sh
# Install what building rpcbindd needs on Debian 12 (as root: compilers and
# libraries only, never a service), then configure and build it in the source
# tree. Extra arguments go to ./configure. What the tests need besides
# (rpcbind, nfs-ganesha, nmap, clang, lintian...) is installed by
# tools/run-tests.sh through tools/test-deps.sh, not here.
set -eu
cd "$(dirname "$0")/.."

build_pkgs="autoconf automake libtool pkg-config make gcc libtirpc-dev libcap-ng-dev libseccomp-dev"

# The daemon runs as _rpc, the user Debian's rpcbind package creates; a
# fresh host without rpcbind has none. Created as rpcbind's postinst would
# (its adduser --system accepts it later).
if [ "$(id -u)" = 0 ] && ! getent passwd _rpc >/dev/null; then
	useradd --system --gid nogroup --home-dir /run/rpcbind --no-create-home \
		--shell /usr/sbin/nologin _rpc
fi

missing=""
for p in $build_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "build.sh: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
if [ ! -f Makefile ] || [ -n "${1:-}" ]; then
	./configure --enable-werror "$@"
fi
make -j"$(nproc)"
