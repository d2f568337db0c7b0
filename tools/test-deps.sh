#!/bin/sh
# Install what the test suite needs besides the build dependencies (as root,
# on Debian 12): Debian's rpcbind and NFS programs to test against, nmap,
# clang for the fuzzers, the Debian packaging tools for tests/t03-package.sh,
# scan-build (clang-tools-14) and cppcheck for tools/analyze.sh, stress-ng
# for tools/under-load.sh.
# None of their daemons is started: a policy-rc.d that says "no" (101) is in
# place while apt runs and removed by a trap whatever happens (an
# interrupted apt must not leave every later upgrade unable to restart a
# service). nfs-ganesha, if installed here, is disabled too: enabled, it
# would take NFS from the kernel server at the next boot.
set -eu

test_pkgs="rpcbind iproute2 nmap nfs-ganesha nfs-ganesha-mem nfs-common libnfs-utils clang libclang-rt-14-dev procps debhelper lintian devscripts dpkg-dev git systemd clang-tools-14 cppcheck stress-ng"

missing=""
for p in $test_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "test-deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi

# POLICY_RC_D: only for tests/t04-deps.sh, which cannot use the real one.
policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d}
if [ ! -e "$policy" ]; then
	trap 'rm -f "$policy"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	printf '#!/bin/sh\n# tools/test-deps.sh: no daemon starts while it installs.\nexit 101\n' > "$policy"
	chmod 755 "$policy"
fi
apt-get update -q || echo "test-deps.sh: apt-get update failed; trying the lists we have" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
case " $missing " in
*" nfs-ganesha "*)
	deb-systemd-helper disable nfs-ganesha.service >/dev/null 2>&1 || true ;;
esac
