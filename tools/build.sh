#!/bin/sh
# Install what rpcbindd needs on Debian 12 (as root), then configure and
# build it in the source tree. Extra arguments go to ./configure.
set -eu
cd "$(dirname "$0")/.."

build_pkgs="autoconf automake libtool pkg-config make gcc libtirpc-dev libcap-ng-dev libseccomp-dev"
test_pkgs="rpcbind iproute2 nmap nfs-ganesha nfs-ganesha-mem nfs-common libnfs-utils clang libclang-rt-14-dev procps stress-ng"

missing=""
for p in $build_pkgs $test_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "build.sh: missing packages:$missing (run as root to install them)" >&2
		exit 1
	fi
	# Installing rpcbind, nfs-common or nfs-ganesha must not start their
	# daemons on this host: a policy-rc.d that says "no" keeps them down.
	created_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		created_policy=1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
	[ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
if [ ! -f Makefile ] || [ -n "${1:-}" ]; then
	./configure --enable-werror "$@"
fi
make -j"$(nproc)"
