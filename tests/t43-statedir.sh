#!/bin/bash
# t43-statedir: what --state-dir accepts. The daemon chowns its state
# directory to its user and group root, mode 0755 (as rpcbind's packaging
# does, and Debian's init script insists on), so it must refuse one that is not
# a dedicated state directory, with one line naming the path and the reason,
# exit 1, before any change to it: /, a shared (sticky, other-writable)
# directory, one owned by another user, one holding other files, a symbolic
# link, one under a directory others can write. A fresh /run/rpcbind, and
# the one Debian's rpcbind leaves (root's, with its .xdr files), are used.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
need_cmd unshare

mode() { stat -c '%U:%G %a' "$1" 2>&1; }

# refuse DESC DIR REASON-REGEX [CHECKED-DIR]: started as root with
# --state-dir=DIR, the daemon exits 1 with one line, and CHECKED-DIR (DIR
# by default) keeps its owner and mode. The root file system is read-only
# for the daemon: a daemon that would change / fails instead of doing it.
refuse() {
	local desc=$1 dir=$2 why=$3 chk=${4:-$2} before out rc
	before=$(mode "$chk")
	out=$(timeout -s KILL 5 unshare -m --propagation private sh -c \
		'mount -o remount,bind,ro / && exec "$@"' sh \
		"$RPCBINDD" -f --state-dir="$dir" 2>&1); rc=$?
	check_eq "$desc: exit 1, one line" "1 1" "$rc $(printf '%s\n' "$out" | wc -l)"
	check_grep "$desc: the line names the path and the reason" \
		"^rpcbindd: cannot use the state directory $dir: $why\$" "$out"
	check_eq "$desc: owner and mode unchanged" "$before" "$(mode "$chk")"
	check_fail "$desc: no socket was made" test -e /run/rpcbind.sock
	rm -f /run/rpcbind.sock /run/rpcbind.lock
}

refuse "/" / "it is the root directory"
refuse "/run/.." /run/.. "name the directory itself, not \\. or \\.\\." /

mkdir -m 1777 /run/shared
refuse "a /tmp-like directory (1777)" /run/shared "it is sticky \\(a shared directory\\)"
mkdir -m 0770 /run/groupw
refuse "a group-writable directory" /run/groupw "it is writable by its group or others \\(a shared directory\\)"

mkdir -m 0700 /run/nobodys; chown nobody /run/nobodys
refuse "a directory owned by another user" /run/nobodys \
	"it is owned by uid $(id -u nobody), neither root nor the daemon's user"

mkdir -m 0755 /run/etc
cp /etc/passwd /etc/group /etc/hostname /run/etc/
cp /etc/passwd /run/etc/rpcbind.xdr
refuse "a populated directory (a copy of /etc files)" /run/etc \
	"it holds '(passwd|group|hostname)', which is neither the daemon's nor rpcbind's: not a state directory"
check "...its files are all still root's" sh -c '! find /run/etc ! -user root | grep -q .'
mkdir -m 0755 /run/nl
: >"/run/nl/rpcbind.xdr"; : >"/run/nl/$(printf 'x\nrpcbindd: forged')"
refuse "a directory holding a name with a newline (still one line)" /run/nl \
	"it holds 'x\?rpcbindd: forged', which is neither the daemon's nor rpcbind's: not a state directory"

mkdir -m 0755 /run/target
ln -s /run/target /run/link
refuse "a symbolic link to a directory" /run/link "it is a symbolic link" /run/target
: >/run/plainfile
refuse "a file" /run/plainfile "it is not a directory"

mkdir -m 1777 /run/open
mkdir -m 0755 /run/open/state
refuse "a directory whose parent others can write" /run/open/state \
	"/run/open, on its path, is writable by others than root"
refuse "...a missing one there" /run/open/new \
	"/run/open, on its path, is writable by others than root" /run/open
check_fail "...which was not made" test -e /run/open/new
mkdir -m 0755 /run/deep /run/deep/er; chown nobody /run/deep
refuse "a directory with a non-root ancestor" /run/deep/er/state \
	"/run/deep, on its path, is not owned by root" /run/deep/er

# Accepted: the default, made fresh; Debian rpcbind's, taken over.
daemon_start
check_eq "a fresh /run/rpcbind: made, _rpc:root, mode 755 (rpcbind's tmpfiles line)" "_rpc:root 755" "$(mode /run/rpcbind)"
check_grep "...which Debian's init script accepts (its own test)" '^drwxr-xr-x [0-9]+ _rpc root ' "$(ls -dl /run/rpcbind)"
daemon_stop
check_eq "...and the daemon exits 0" 0 "$?"
rm -rf /run/rpcbind
mkdir -m 0755 /run/rpcbind
: >/run/rpcbind/rpcbind.xdr; : >/run/rpcbind/portmap.xdr
: >/run/rpcbind/rpcbindd.state.bad-1700000000
daemon_start
check_eq "Debian rpcbind's /run/rpcbind (root's, 755, its .xdr files): taken over" \
	"_rpc:root 755" "$(mode /run/rpcbind)"
daemon_stop
# The directory as rpcbind's tmpfiles line makes it, with the files both
# daemons keep there, is accepted as it is.
rm -rf /run/rpcbind; mkdir -m 0755 /run/rpcbind; chown _rpc:root /run/rpcbind
for f in rpcbindd.state rpcbindd.state.prev rpcbind.xdr.prev portmap.xdr.prev \
    rpcbind.xdr.tmp portmap.xdr.tmp rpcbindd.state.prev.bad-1700000000; do
	: >"/run/rpcbind/$f"; chown _rpc "/run/rpcbind/$f"; chmod 600 "/run/rpcbind/$f"
done
daemon_start
check_eq "rpcbind's own layout (_rpc:root 755, with .prev and .tmp files): kept" \
	"_rpc:root 755" "$(mode /run/rpcbind)"
daemon_stop
check_eq "...and the daemon exits 0" 0 "$?"
# A trailing slash names the same directory.
daemon_start --state-dir=/run/rpcbind/
check_eq "/run/rpcbind/ (trailing slash): its root is the state directory" \
	/run/rpcbind "$(readlink /proc/$DPID/root)"
daemon_stop
done_testing
