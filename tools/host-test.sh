#!/bin/sh
# The real-systemd stage of the test command: the Debian package built from
# this tree (or the one given), installed, updated, restarted, killed,
# rebooted, removed and purged in a Debian 12 container booted with
# systemd-nspawn (tests/host/lifecycle.sh). Everything lives in
# build-host/: the debootstrap'ed tree (cached: a second run reuses it),
# the package build, the run's scratch tree and logs.
#
# usage: tools/host-test.sh [DEB]   (root; DEB defaults to a fresh
#        `dpkg-buildpackage -us -uc -b` of a copy of this tree's files)
# Output: TAP (one line per step) on stdout and in build-host/host.log;
# exit 0 only if every step passed.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/build-host
mkdir -p "$out"
log=$out/host.log
: > "$log"
start=$(date +%s)

fail_setup() {	# fail_setup WHAT: the stage could not start; one TAP line
	echo "not ok 1 - setup: $1" | tee -a "$log"
	echo "1..1" | tee -a "$log"
	exit 1
}

[ "$(id -u)" = 0 ] || fail_setup "root needed (debootstrap, systemd-nspawn)"

# The tools this stage needs and the host tests do not otherwise.
missing=""
for p in systemd-container debootstrap dpkg-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing \
	    >> "$out/setup.log" 2>&1 || fail_setup "installing$missing failed (see build-host/setup.log)"
fi

deb=${1:-}
if [ -z "$deb" ]; then
	# Build from the files of the tree under test (tracked ones, as they
	# are now), in a copy: dpkg-buildpackage writes into its tree.
	[ -d debian ] || fail_setup "no debian/ in this tree to build the package from"
	rm -rf "$out/src" "$out"/rpcbindd_* "$out"/rpcbindd-dbgsym_* && mkdir -p "$out/src" || exit 1
	if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
		git -C "$top" ls-files -z | (cd "$top" && xargs -0 tar -cf - --no-recursion) |
		    tar -C "$out/src" -xf - || fail_setup "copying the tree failed"
	else
		tar -cf - --exclude=./build-host --exclude=./build-san --exclude=./build-fuzz \
		    --exclude=./build-mut . | tar -C "$out/src" -xf - || fail_setup "copying the tree failed"
	fi
	(
		cd "$out/src" &&
		{ dpkg-checkbuilddeps > /dev/null 2>&1 ||
		    DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q ./ ; } &&
		DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b
	) > "$out/package.log" 2>&1 || {
		tail -n 20 "$out/package.log" | sed 's/^/# /' | tee -a "$log"
		fail_setup "dpkg-buildpackage -us -uc -b failed (see build-host/package.log)"
	}
	deb=$(ls "$out"/rpcbindd_*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || fail_setup "dpkg-buildpackage made no rpcbindd_*.deb"
	echo "# package built in $(($(date +%s) - start)) s: ${deb##*/}" | tee -a "$log"
fi

sh tests/host/lifecycle.sh "$deb" "$out" | tee -a "$log"
rc=$?
# A run cut short (no plan line) fails even if what it printed passed.
grep -q '^not ok ' "$log" && rc=1
grep -q '^1\.\.[0-9]' "$log" || { echo "not ok - lifecycle: ended without its plan" | tee -a "$log"; rc=1; }
echo "# host stage: $(($(date +%s) - start)) s" | tee -a "$log"
exit "$rc"
