#!/bin/bash
# t62-swap: a swap between rpcbindd and Debian's rpcbind loses nothing, in
# either direction, and a warm start takes the newest saved table
# (state.h, man page FILES).
#  1. The newest of rpcbindd.state and rpcbind's pair wins, both ways (the
#     files' modification times set explicitly; a tie goes to ours): the
#     one taken and the one ignored are logged with the reason; the one
#     ignored is kept aside.
#  2. rpcbindd -> rpcbind -w -> rpcbindd -w, and rpcbind -> rpcbindd -w ->
#     rpcbind -w, with the 40-entry NFS table and 2 entries of uid 65534,
#     by the binaries: the table (owners included) is identical each time;
#     rpcbindd restarted after writing rpcbind's files takes its own file.
#  3. The same through Debian's init script (/etc/init.d/rpcbind start and
#     stop, -w from the defaults file), in a pid namespace of the test's
#     own, so that start-stop-daemon and pidof see only this test's
#     processes; the script accepts the directory rpcbindd left.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
need_cmd nsenter
need_cmd start-stop-daemon
need_cmd touch
state_init
have_ref || done_testing
[ -x /etc/init.d/rpcbind ] || bail "missing /etc/init.d/rpcbind (Debian's rpcbind package)"

dlog()      { cat "$T/daemon.log"; }
# The directory as rpcbind's tmpfiles line makes it.
fresh_dir() { rm -rf "$D"; mkdir -m 0755 "$D"; chown _rpc:root "$D"; }

# The 40-entry NFS table as root (register_nfs_root, lib.sh),
# as root; then 2 entries of uid 65534. Prints the number of failures.
register_table() {
	local fails
	fails=$(register_nfs_root)
	[ "$(rb_nobody set 300001 1 udp 0.0.0.0.117.49 2>&1)" = TRUE ] || fails=$((fails + 1))
	[ "$(rb_nobody set 300001 1 tcp6 ::.117.50 2>&1)" = TRUE ] || fails=$((fails + 1))
	echo "$fails"
}
# The address served for PROG 1 udp, or "none".
addr_of()   { local a; a=$(rb getaddr "$1" 1 udp 127.0.0.1 2>/dev/null); echo "${a:-none}"; }
count_owners() { others | awk '{ n[$NF]++ } END { print n["superuser"] + 0, n["65534"] + 0 }'; }

# --- 1. the newest saved table wins, both ways --------------------------------
# rpcbind's pair, written by Debian's rpcbind: 300101. Ours: 300102.
fresh_dir
ref_start -w
check_eq "(rpcbind: one registration)" TRUE "$(rb set 300101 1 udp 0.0.0.0.117.101 2>&1)"
daemon_stop
cp "$D/rpcbind.xdr" "$D/portmap.xdr" "$T/" || bail "rpcbind wrote no warm-start files"
echo "300102 1 udp 0.0.0.0.117.102 superuser" | "$ST" write "$T/own" || bail "stfile write failed"
now=$(date +%s)
# setup OLDER NEWER: our file and rpcbind's pair with the given ages.
setup() {
	fresh_dir
	cp "$T/rpcbind.xdr" "$T/portmap.xdr" "$T/own" "$D/"
	mv "$D/own" "$F"
	chown _rpc "$D"/*; chmod 600 "$D"/*
	touch -d "@$((now - $1))" "$F"
	touch -d "@$((now - $2))" "$D/rpcbind.xdr" "$D/portmap.xdr"
}
setup 50 100
daemon_start -w
check_grep "ours newer: the older rpcbind.xdr is ignored, and the log says why" \
	"warm start: ignored rpcbind\.xdr \(modified [0-9 :.-]+ UTC\): older than rpcbindd\.state \(modified [0-9 :.-]+ UTC\)" "$(dlog)"
check_grep "...ours is restored" "warm start: restored 1 registrations from rpcbindd\.state " "$(dlog)"
check_eq "...its entry is served, rpcbind's is not" "127.0.0.1.117.102 none" \
	"$(addr_of 300102) $(addr_of 300101)"
check_grep "...rpcbind's pair is kept aside, logged" \
	"previous table kept aside: $D/rpcbind\.xdr is now $D/rpcbind\.xdr\.prev" "$(dlog)"
check "...as it was" cmp "$T/rpcbind.xdr" "$D/rpcbind.xdr.prev"
daemon_stop
setup 100 50
daemon_start -w
check_grep "rpcbind's newer: the older rpcbindd.state is ignored, and the log says why" \
	"warm start: ignored rpcbindd\.state \(modified [0-9 :.-]+ UTC\): older than rpcbind\.xdr \(modified [0-9 :.-]+ UTC\)" "$(dlog)"
check_grep "...rpcbind's is imported" "warm start: imported 1 registrations from rpcbind's rpcbind\.xdr " "$(dlog)"
check_eq "...its entry is served, ours is not" "127.0.0.1.117.101 none" \
	"$(addr_of 300101) $(addr_of 300102)"
check_grep "...ours is kept aside, logged" \
	"previous table kept aside: $D/rpcbindd\.state is now $D/rpcbindd\.state\.prev" "$(dlog)"
check "...as it was" cmp "$T/own" "$D/rpcbindd.state.prev"
daemon_stop

# A tie (what rpcbindd leaves: it writes rpcbind's pair, then its own file,
# within the same clock tick): ours.
setup 70 70
daemon_start -w
check_grep "a tie: rpcbind.xdr is ignored, the log says ours wins a tie" \
	"warm start: ignored rpcbind\.xdr \(modified [0-9 :.-]+ UTC\): as old as rpcbindd\.state \(modified [0-9 :.-]+ UTC\), which wins a tie" "$(dlog)"
check_eq "...ours is served, rpcbind's is not" "127.0.0.1.117.102 none" \
	"$(addr_of 300102) $(addr_of 300101)"
daemon_stop

# --- 2. by the binaries, both ways ---------------------------------------------
fresh_dir
daemon_start
check_eq "rpcbindd: the 40-entry table and 2 entries of uid 65534 register" 0 "$(register_table)"
check_eq "...42 entries: 40 root's, 2 of 65534" "40 2" "$(count_owners)"
A=$(listing)
daemon_stop
daemon_start -w
check_grep "rpcbindd -w after rpcbindd: its own file, not the rpcbind files it wrote" \
	"warm start: restored 42 registrations from rpcbindd\.state " "$(dlog)"
check_grep "...rpcbind.xdr ignored, logged" "warm start: ignored rpcbind\.xdr .*(older than|as old as) rpcbindd\.state" "$(dlog)"
daemon_stop
check_eq "rpcbindd left rpcbind's files, mode 600" "600 600" \
	"$(stat -c %a "$D/rpcbind.xdr" 2>&1) $(stat -c %a "$D/portmap.xdr" 2>&1)"
ref_start -w
check_eq "rpcbind -w after rpcbindd: rpcinfo identical, owners included" "$A" "$(listing)"
check_fail "...rpcbind read its files (and removed them)" test -e "$D/rpcbind.xdr"
daemon_stop
daemon_start -w
check_grep "rpcbindd -w after rpcbind: rpcbind's newer files are taken" \
	"warm start: imported 42 registrations from rpcbind's rpcbind\.xdr " "$(dlog)"
check_eq "...rpcinfo identical, owners included" "$A" "$(listing)"
daemon_stop

fresh_dir
ref_start -w
check_eq "rpcbind: the same table registers" 0 "$(register_table)"
B=$(others)
daemon_stop
daemon_start -w
check_eq "rpcbindd -w after rpcbind: every entry, owners included" "$B" "$(others)"
daemon_stop
ref_start -w
check_eq "rpcbind -w after that rpcbindd: every entry, owners included" "$B" "$(others)"
daemon_stop

# --- 3. through Debian's init script ------------------------------------------
# Its defaults (-w) from a file of ours; its pidfile link needs this directory.
mkdir -p /run/sendsigs.omit.d
printf 'OPTIONS="-w"\n' >"$T/default"
mount --bind "$T/default" /etc/default/rpcbind || bail "cannot bind-mount the defaults"
# A pid namespace whose init is a sleep: processes the script starts there
# outlive the script, and die with it.
unshare -p -f --mount-proc sleep 600 &
HOLD=$!
PID1=""
for i in $(seq 50); do
	PID1=$(pgrep -P "$HOLD" -x sleep) && break
	sleep 0.1
done
[ -n "$PID1" ] || bail "no pid namespace"
in_ns() { timeout -s KILL 60 nsenter -t "$PID1" -p -m "$@"; }
init_script() { in_ns /etc/init.d/rpcbind "$1" >"$T/init.out" 2>&1; }
trap 'kill -9 "$PID1" 2>/dev/null; wait "$HOLD" 2>/dev/null; umount /etc/default/rpcbind 2>/dev/null; cleanup' EXIT

rm -rf "$D"
daemon_start
check_eq "rpcbindd: the table registers" 0 "$(register_table)"
A=$(listing)
daemon_stop
check_eq "rpcbindd left $D as rpcbind's packaging makes it" "_rpc:root 755" "$(stat -c '%U:%G %a' "$D")"
init_script start; rc=$?
check_eq "/etc/init.d/rpcbind start accepts it: exit 0" 0 "$rc"
check_fail "...without 'not owned by root'" grep -q 'not owned' "$T/init.out"
check "...rpcbind answers" wait_until 5 portmapper_up
check_eq "...rpcbind -w restored the table, owners included" "$A" "$(listing)"
init_script stop; rc=$?
check_eq "/etc/init.d/rpcbind stop: exit 0" 0 "$rc"
check "...rpcbind wrote its files" test -s "$D/rpcbind.xdr" -a -s "$D/portmap.xdr"
rm -f /run/rpcbind.sock /run/rpcbind.lock
daemon_start -w
check_eq "rpcbindd -w after the init script's rpcbind: identical, owners included" "$A" "$(listing)"
check_eq "...uid 65534 still owns its entries: another user cannot unset them" FALSE \
	"$(as_uid 1 "$RPCBTOOL" -t 3 unset 300001 1 2>&1)"
daemon_stop
# And once more the way out: rpcbindd's files, the script's rpcbind.
init_script start
check "the script's rpcbind starts again" wait_until 5 portmapper_up
check_eq "...with the table" "$A" "$(listing)"
init_script stop
done_testing
