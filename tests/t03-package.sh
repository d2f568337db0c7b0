#!/bin/bash
# t03-package: the Debian package builds from a clean copy of the tree
# (dpkg-buildpackage -us -uc -b), lintian reports no error and no warning,
# and the package holds what the takeover needs (rpcbindd as /sbin/rpcbind
# through a diversion, the drop-ins, the handover helper) and nothing that
# would fight rpcbind's own files. The clean copy is a git clone of the
# committed tree plus the uncommitted changes to tracked files, or, in a
# distribution tree (the sanitizer run), what `make distdir` packs.
. "$(dirname "$0")/lib.sh"
for c in dpkg-buildpackage lintian dpkg-deb dpkg-parsechangelog; do need_cmd "$c"; done
src=$T/src
# A git checkout of its own (not a distribution unpacked inside one, as
# the mutation runner's build-mut/src is).
if [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	git clone -q "$top_srcdir" "$src" &&
		git -C "$src" checkout -q "$(git -C "$top_srcdir" rev-parse HEAD)" ||
		bail "git clone failed"
	git -C "$top_srcdir" diff HEAD --binary >"$T/wip.diff"
	[ ! -s "$T/wip.diff" ] || git -C "$src" apply "$T/wip.diff" ||
		bail "the uncommitted changes do not apply to a clone"
else
	make -C "$top_builddir" distdir distdir="$src" >/dev/null 2>&1 ||
		bail "make distdir failed"
fi
ver=$(sed -n 's/^AC_INIT(\[rpcbindd\], \[\([^]]*\)\].*/\1/p' "$src/configure.ac")
check_eq "debian/changelog has configure.ac's version" "$ver" \
	"$(cd "$src" && dpkg-parsechangelog -S Version)"
arch=$(dpkg --print-architecture)
deb=$T/rpcbindd_${ver}_${arch}.deb
# Two jobs at most (a loaded 2-core machine), no test suite inside.
if (cd "$src" && DEB_BUILD_OPTIONS="parallel=2 nocheck" \
    dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b in a clean copy"
else
	not_ok "dpkg-buildpackage -us -uc -b in a clean copy"
	tail -30 "$T/build.log" | diag
	done_testing
fi
check "it made rpcbindd_${ver}_${arch}.deb" test -s "$deb"

# lintian as an unprivileged user when there is one (it says not to run as
# root); every tag of level error or warning fails.
lint() {
	if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
		chmod -R a+rX "$T"
		# From $T: lintian changes back to its starting directory, and
		# the checkout may sit below a directory only root can enter
		# (mktemp -d makes them 0700): "Can't cd to ...", exit 13.
		(cd "$T" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME="$T" lintian --fail-on error,warning "$@")
	else
		lintian --fail-on error,warning "$@"
	fi
}
chmod 755 "$T"
out=$(lint "$T/rpcbindd_${ver}_${arch}.changes" 2>&1)
rc=$?
check_eq "lintian: exit status 0 (no error or warning)" 0 "$rc"
check_eq "lintian: no E: or W: line" "" "$(printf '%s\n' "$out" | grep -E '^[EW]: ')"
printf '%s\n' "$out" | grep -v '^$' | diag

files=$(dpkg-deb --contents "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }')
for f in ./usr/sbin/rpcbindd ./usr/sbin/rpcbindd-check ./usr/libexec/rpcbindd/handover \
    ./lib/systemd/system/rpcbind.socket.d/10-rpcbindd-loopback.conf \
    ./lib/systemd/system/rpcbind.service.d/10-rpcbindd-hardening.conf \
    ./usr/share/man/man8/rpcbindd.8.gz ./usr/share/doc/rpcbindd/README.Debian; do
	check_grep "the package holds $f" "^${f//./\\.}\$" "$files"
done
check_grep "/sbin/rpcbind is rpcbindd (an absolute link: /sbin is /usr/sbin on merged-/usr)" \
	'^\./sbin/rpcbind -> /usr/sbin/rpcbindd$' "$files"
check_eq "no unit, init script or defaults file of its own (rpcbind's stay in charge)" "" \
	"$(printf '%s\n' "$files" | grep -E 'rpcbindd\.(service|socket)|^\./etc/')"

x=$T/x
mkdir -p "$x/ctl" "$x/fs"
dpkg-deb -e "$deb" "$x/ctl" && dpkg-deb -x "$deb" "$x/fs" || bail "dpkg-deb could not unpack the package"
for s in preinst postinst prerm postrm; do
	check "$s: sh -n" sh -n "$x/ctl/$s"
done
check "handover: sh -n" sh -n "$x/fs/usr/libexec/rpcbindd/handover"
check_grep "preinst diverts rpcbind's /sbin/rpcbind to /sbin/rpcbind.distrib" \
	'dpkg-divert --package rpcbindd --add --rename[[:space:]]+--divert /sbin/rpcbind\.distrib /sbin/rpcbind' "$(tr -d '\\\n' <"$x/ctl/preinst")"
check_grep "postrm removes that diversion" \
	'dpkg-divert --package rpcbindd --remove --rename[[:space:]]+--divert /sbin/rpcbind\.distrib /sbin/rpcbind' \
	"$(tr -d '\\\n' <"$x/ctl/postrm")"
check_grep "a trigger on rpcbind's unit (an rpcbind update revives rpc-statd)" \
	'^interest-noawait /lib/systemd/system/rpcbind\.service$' "$(cat "$x/ctl/triggers")"
check_grep "depends on rpcbind (rpcinfo, rpcbind's units and nfs-common stay)" \
	'^Depends: .*\brpcbind\b' "$(cat "$x/ctl/control")"

# The socket drop-in replaces every address of rpcbind.socket: the lists
# are reset first and no wildcard address is left.
sock=$(grep -v '^#' "$x/fs/lib/systemd/system/rpcbind.socket.d/10-rpcbindd-loopback.conf")
check_eq "the socket drop-in resets ListenStream and ListenDatagram first" \
	"ListenStream=
ListenDatagram=" "$(printf '%s\n' "$sock" | grep -E '^Listen' | head -2)"
check_eq "the socket drop-in listens on loopback and the local sockets only" \
	"/run/rpcbind.sock
@/run/rpcbind.sock
127.0.0.1:111
127.0.0.1:111
[::1]:111
[::1]:111" "$(printf '%s\n' "$sock" | sed -n 's/^Listen[A-Za-z]*=\(..*\)/\1/p')"
# systemd reads both drop-ins over Debian's own units without a complaint
# (an unknown key or a bad value is only a warning at boot).
need_cmd systemd-analyze
u=$T/units
mkdir -p "$u"
cp /lib/systemd/system/rpcbind.service /lib/systemd/system/rpcbind.socket "$u/" ||
	bail "Debian's rpcbind units are missing (tools/test-deps.sh installs rpcbind)"
cp -r "$x/fs/lib/systemd/system/rpcbind.service.d" "$x/fs/lib/systemd/system/rpcbind.socket.d" "$u/"
check_eq "systemd-analyze verify: rpcbind's units with the drop-ins, no message" "" \
	"$(SYSTEMD_UNIT_PATH="$u:" systemd-analyze verify "$u/rpcbind.service" "$u/rpcbind.socket" 2>&1)"
svc=$(cat "$x/fs/lib/systemd/system/rpcbind.service.d/10-rpcbindd-hardening.conf")
check_grep "the service drop-in runs the daemon as _rpc" '^User=_rpc$' "$svc"
check_grep "the service drop-in leaves it no capability" '^CapabilityBoundingSet=$' "$svc"
done_testing
