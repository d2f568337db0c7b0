#!/bin/bash
# t02-install: a VPATH build with another prefix and unit directory installs
# under DESTDIR: the daemon, the check command, both man pages, the units
# (with the prefix's path in ExecStart), the init script as init.d/rpcbindd
# and the defaults file default/rpcbind under the sysconfdir (the defaults
# file only if there is none); and uninstalls. With the default prefix the
# init script and the defaults file go to /etc, the only place they are read.
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
    etc/init.d/rpcbindd etc/default/rpcbind; do
	check "installed: /opt/rpcbt/$f" test -s "$r/opt/rpcbt/$f"
done
check "the daemon is executable" test -x "$r/opt/rpcbt/sbin/rpcbindd"
check_grep "the unit runs the installed daemon" '^ExecStart=/opt/rpcbt/sbin/rpcbindd -f ' \
	"$(cat "$r/opt/rpcbt/units/rpcbindd.service")"
check "the init script is executable" test -x "$r/opt/rpcbt/etc/init.d/rpcbindd"
check_grep "the init script runs the installed daemon" '^DAEMON=/opt/rpcbt/sbin/rpcbindd$' \
	"$(cat "$r/opt/rpcbt/etc/init.d/rpcbindd")"
check "the defaults file is init/rpcbindd.default" \
	cmp "$top_srcdir/init/rpcbindd.default" "$r/opt/rpcbt/etc/default/rpcbind"
# An admin's (or Debian's rpcbind's) defaults file is never overwritten,
# nor removed by uninstall.
printf 'OPTIONS="-w -h 198.51.100.1"\n' >"$r/opt/rpcbt/etc/default/rpcbind"
check "make install again, over an edited defaults file" make -C "$b" install DESTDIR="$r"
check_eq "the edited defaults file is kept" 'OPTIONS="-w -h 198.51.100.1"' \
	"$(cat "$r/opt/rpcbt/etc/default/rpcbind")"
check "make uninstall keeps the edited defaults file" make -C "$b" uninstall DESTDIR="$r"
check_eq "the edited defaults file is all that is left" "./opt/rpcbt/etc/default/rpcbind" \
	"$(cd "$r" && find . -type f)"
rm -f "$r/opt/rpcbt/etc/default/rpcbind"
check "make install once more" make -C "$b" install DESTDIR="$r"
check_eq "nothing outside DESTDIR/opt/rpcbt" "opt" "$(ls "$r")"
check "make uninstall DESTDIR=..." make -C "$b" uninstall DESTDIR="$r"
check_eq "uninstall leaves no file" "" "$(find "$r" -type f)"
# The default prefix: the units, the init script and the defaults file go
# where the system reads them (what the README says).
d=$T/default
mkdir -p "$d"
( cd "$d" && "$T/src/configure" >"$T/configure-default.log" 2>&1 ) ||
	{ tail -20 "$T/configure-default.log" | diag; bail "configure with the default prefix failed"; }
check_eq "default prefix: init script in /etc/init.d" "/etc/init.d" \
	"$(sed -n 's/^initscriptdir = //p' "$d/Makefile")"
check_eq "default prefix: defaults file in /etc/default" "/etc/default" \
	"$(sed -n 's/^defaultsdir = //p' "$d/Makefile")"
check_eq "default prefix: units in /lib/systemd/system" "/lib/systemd/system" \
	"$(sed -n 's/^systemdunitdir = //p' "$d/Makefile")"
done_testing
