#!/bin/bash
# t02-install: a VPATH build with another prefix and unit directory installs
# under DESTDIR: the daemon, the check command, both man pages, the units
# (with the prefix's path in ExecStart) and the init script; and uninstalls.
. "$(dirname "$0")/lib.sh"
need_cmd make
# A clean copy of the distribution (what make dist would pack), built in
# another directory: proves the file lists are complete too.
make -C "$top_builddir" distdir distdir="$T/src" >/dev/null 2>&1 ||
	bail "make distdir failed"
b=$T/build
mkdir -p "$b"
( cd "$b" && "$T/src/configure" --prefix=/opt/rpcbt --sysconfdir=/opt/rpcbt/etc \
	--with-systemdunitdir=/opt/rpcbt/units >"$T/configure.log" 2>&1 &&
	make -j2 >"$T/make.log" 2>&1 ) ||
	{ tail -20 "$T/configure.log" "$T/make.log" | diag; bail "the VPATH build of the distribution failed"; }
r=$T/root
check "make install DESTDIR=..." make -C "$b" install DESTDIR="$r"
for f in sbin/rpcbindd sbin/rpcbindd-check share/man/man8/rpcbindd.8 \
    share/man/man8/rpcbindd-check.8 share/man/man5/rpcbindd.conf.5 units/rpcbindd.service units/rpcbindd.socket \
    etc/init.d/rpcbindd.init; do
	check "installed: /opt/rpcbt/$f" test -s "$r/opt/rpcbt/$f"
done
check "the daemon is executable" test -x "$r/opt/rpcbt/sbin/rpcbindd"
check_grep "the unit runs the installed daemon" '^ExecStart=/opt/rpcbt/sbin/rpcbindd -f ' \
	"$(cat "$r/opt/rpcbt/units/rpcbindd.service")"
check_grep "the init script runs the installed daemon" '^DAEMON=/opt/rpcbt/sbin/rpcbindd$' \
	"$(cat "$r/opt/rpcbt/etc/init.d/rpcbindd.init")"
check_eq "nothing outside DESTDIR/opt/rpcbt" "opt" "$(ls "$r")"
check "make uninstall DESTDIR=..." make -C "$b" uninstall DESTDIR="$r"
check_eq "uninstall leaves no file" "" "$(find "$r" -type f)"
done_testing
