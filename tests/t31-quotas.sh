#!/bin/bash
# t31-quotas: what local users may hold (include/bounds.h, rpcbindd/quota.c)
# and what they may make the daemon log.
#
#  1. --service-users: uids and names; an unknown name given is one message
#     and exit 1; the default "statd" is skipped quietly where no such user
#     exists, and is rpc.statd's uid where it does;
#  2. registrations: 7 uids x 128 stop at the other users' shared cap
#     (RB_REG_OTHERS_MAX 256); the service user (rpc.statd's uid) and root
#     still register; 65 "subordinate" uids x 4 stop at the same cap;
#  3. local connections (never timed out): 8 uids x 32 idle connections stop
#     at RB_LOCAL_OTHERS_MAX (128); a service user holding 32, then rpc.statd's
#     uid and root still connect and register; 65 "subordinate" uids x 2
#     stop at the same cap;
#  4. the log: 2,000 over-quota SETs whose netid carries "\n" and a forged
#     line add no line starting with the forged text and at most
#     (LOG_LIMIT_BURST + 2) lines per started LOG_LIMIT_INTERVAL (the
#     limiter's 10 lines, its "suppressed" line and the minute's summary);
#     with -d the per-call debug lines are escaped too. (The default
#     --service-users, statd, is checked here as well.)
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd setpriv
need_cmd getent
probe_init BNDPROBE bounds/bndprobe 4096
B=$RPCBTOOL

# The figures of include/bounds.h and include/log.h the checks derive from.
REG_OTHERS=256 PER_OWNER=128 LOCAL_OTHERS=128 PER_UID=32
LOG_BURST=10 LOG_INTERVAL=60

# trues OUTPUT: how many TRUE in bndprobe's run-length answers.
trues() { printf '%s\n' "$1" | grep -o 'TRUE\*[0-9]*' | cut -d'*' -f2 | awk '{ s += $1 } END { print s + 0 }'; }
P0=$((0x20040000))

# --- 1. the option -------------------------------------------------------------
out=$("$RPCBINDD" -f --service-users=no-such-user-here 2>&1); rc=$?
check_eq "--service-users with an unknown name exits 1" 1 "$rc"
check_eq "  with one line naming it" "1 1" \
	"$(printf '%s\n' "$out" | wc -l) $(printf '%s\n' "$out" | grep -c "no-such-user-here")"
out=$("$RPCBINDD" -f --service-users=5000,, 2>&1); rc=$?
check_eq "--service-users with an empty element exits 1" 1 "$rc"
printf 'service-users = no-such-user-here\n' >"$T/conf"
out=$("$RPCBINDD" -f --config="$T/conf" 2>&1); rc=$?
check_eq "service-users in a --config file is read (unknown name: exit 1)" 1 "$rc"
check_grep "  saying the user does not exist" "no-such-user-here.*does not exist" "$out"

# Without a statd user the default is skipped quietly: a passwd without it.
grep -v '^statd:' /etc/passwd >"$T/passwd"
mount --bind "$T/passwd" /etc/passwd || bail "cannot bind-mount a passwd file"
daemon_start
ok "no statd user: the daemon starts with the default --service-users"
check_eq "  and says nothing about it" "" "$(grep -i "service\|'statd'" "$T/daemon.log")"
stop "default service users, no statd user"
umount /etc/passwd

# --- 2. registrations -----------------------------------------------------------
# rpc.statd's user is a service user by default: it must exist here.
STATD_UID=$(getent passwd statd | cut -d: -f3)
[ -n "$STATD_UID" ] || bail "no statd user (nfs-common creates it; tools/build.sh installs it)"
SVC2=5001
daemon_start --service-users=statd,$SVC2
base=$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)
total=0
for u in 1001 1002 1003 1004 1005 1006 1007; do
	o=$(as_uid $u "$PROBE" set-many $((P0 + (u - 1000) * 1000)) $PER_OWNER tcp 127.0.0.1.9.1 2>&1)
	total=$((total + $(trues "$o")))
done
check_eq "7 users x $PER_OWNER: the other users stop at $REG_OTHERS together" $REG_OTHERS $total
check_eq "a new other user is refused" "FALSE*1" \
	"$(as_uid 1008 "$PROBE" set-many $((P0 + 9000)) 1 tcp 127.0.0.1.9.2 2>&1)"
n=0
for nid in udp tcp udp6 tcp6; do
	n=$((n + $(trues "$(as_uid "$STATD_UID" "$PROBE" set-many 100024 1 $nid 127.0.0.1.3.1 2>&1)")))
done
check_eq "rpc.statd's uid ($STATD_UID, a service user) still registers status on 4 netids" 4 $n
check_eq "a second service user ($SVC2) registers $PER_OWNER" "TRUE*$PER_OWNER" \
	"$(as_uid $SVC2 "$PROBE" set-many $((P0 + 20000)) $PER_OWNER tcp 127.0.0.1.9.3 2>&1)"
check_eq "root's rpcb_set still succeeds" TRUE "$("$B" -t 3 set $((P0 + 30000)) 1 tcp 127.0.0.1.8.4 2>&1)"
for u in 1001 1002 1003 1004 1005 1006 1007; do
	as_uid $u "$PROBE" unset-many $((P0 + (u - 1000) * 1000)) $PER_OWNER tcp >/dev/null 2>&1
done
as_uid $SVC2 "$PROBE" unset-many $((P0 + 20000)) $PER_OWNER tcp >/dev/null 2>&1
as_uid "$STATD_UID" "$PROBE" unset-many 100024 1 "" >/dev/null 2>&1
"$B" -t 3 unset $((P0 + 30000)) 1 >/dev/null 2>&1
check_eq "the table is back to its $base entries" "$base" "$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)"

# One user with subordinate uids (rootless containers) has 65,536 of them.
total=0
for i in $(seq 0 64); do
	o=$(as_uid $((200000 + i)) "$PROBE" set-many $((P0 + 40000 + i * 10)) 4 tcp 127.0.0.1.9.4 2>&1)
	total=$((total + $(trues "$o")))
done
check_eq "65 subordinate uids x 4: no more than the others' $REG_OTHERS" $REG_OTHERS $total
check_eq "rpc.statd's uid still registers" "TRUE*1" \
	"$(as_uid "$STATD_UID" "$PROBE" set-many 100024 1 tcp 127.0.0.1.3.1 2>&1)"
as_uid "$STATD_UID" "$PROBE" unset-many 100024 1 tcp >/dev/null 2>&1
for i in $(seq 0 64); do
	as_uid $((200000 + i)) "$PROBE" unset-many $((P0 + 40000 + i * 10)) 4 tcp >/dev/null 2>&1
done
check_eq "the table is back to its $base entries again" "$base" "$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)"
alive "after the registration quotas"

# --- 3. local connections ------------------------------------------------------
# hold UID N TAG: uid holds N idle local connections until $T/hold-TAG is
# closed (fd 9 here); its "held K" goes to $T/held-UID-TAG.
holders=""
hold() {
	as_uid "$1" "$PROBE" hold-local "$2" 60 <"$T/hold-$3" >"$T/held-$1-$3" 2>&1 &
	holders="$holders $!"
}
# held_all TAG UID...: every holder has said how many it holds.
held_all() {
	local tag=$1 u; shift
	for u in "$@"; do grep -q '^held ' "$T/held-$u-$tag" 2>/dev/null || return 1; done
}
sum_held() {
	local tag=$1 u s=0; shift
	for u in "$@"; do s=$((s + $(sed -n 's/^held //p' "$T/held-$u-$tag"))); done
	echo $s
}
release() {	# closes the fifo: every holder lets go; waits for them
	local p
	exec 9>&-
	for p in $holders; do wait "$p" 2>/dev/null; done
	holders=""
}

OTHERS="1001 1002 1003 1004 1005 1006 1007 1008"
mkfifo "$T/hold-a"
for u in $OTHERS; do hold $u $PER_UID a; done
exec 9>"$T/hold-a"
if wait_until 30 held_all a $OTHERS; then
	check_eq "8 users x $PER_UID idle local connections: the others hold $LOCAL_OTHERS" \
		$LOCAL_OTHERS "$(sum_held a $OTHERS)"
	check_eq "a fresh other user gets none" "held 0" \
		"$(as_uid 1009 "$PROBE" hold-local 1 0 </dev/null 2>&1 | grep '^held ')"
	mkfifo "$T/hold-s"
	hold $SVC2 $PER_UID s
	exec 8>"$T/hold-s"
	if wait_until 10 held_all s $SVC2; then
		check_eq "service user $SVC2 still gets its $PER_UID" "held $PER_UID" \
			"$(grep '^held ' "$T/held-$SVC2-s")"
	else
		not_ok "service user $SVC2 holds local connections"; diag <"$T/held-$SVC2-s"
	fi
	check_eq "rpc.statd's uid connects and registers meanwhile" TRUE \
		"$(as_uid "$STATD_UID" "$B" -t 3 set 100024 1 tcp 127.0.0.1.3.1 2>&1)"
	as_uid "$STATD_UID" "$B" -t 3 unset 100024 1 >/dev/null 2>&1
	check_eq "root connects and registers meanwhile" TRUE \
		"$("$B" -t 3 set $((P0 + 30000)) 1 tcp 127.0.0.1.8.5 2>&1)"
	"$B" -t 3 unset $((P0 + 30000)) 1 >/dev/null 2>&1
	check_eq "a fresh service-user connection (statd's uid) answers a NULL call" OK \
		"$(as_uid "$STATD_UID" "$B" -t 3 -T local -V 2 null 2>&1)"
	exec 8>&-
else
	not_ok "8 users hold local connections"; for u in $OTHERS; do diag <"$T/held-$u-a"; done
fi
release

SUB=$(seq 200000 200064)
mkfifo "$T/hold-b"
for u in $SUB; do hold $u 2 b; done
exec 9>"$T/hold-b"
# shellcheck disable=SC2086
if wait_until 60 held_all b $SUB; then
	# shellcheck disable=SC2086
	check_eq "65 subordinate uids x 2 local connections: at most the others' $LOCAL_OTHERS" \
		$LOCAL_OTHERS "$(sum_held b $SUB)"
	check_eq "rpc.statd's uid still registers" TRUE \
		"$(as_uid "$STATD_UID" "$B" -t 3 set 100024 1 tcp 127.0.0.1.3.1 2>&1)"
	as_uid "$STATD_UID" "$B" -t 3 unset 100024 1 >/dev/null 2>&1
else
	not_ok "65 subordinate uids hold local connections"
fi
release
check_eq "after they let go, another user connects and registers" TRUE \
	"$(as_uid 1001 "$B" -t 3 set $((P0 + 1)) 1 tcp 127.0.0.1.8.6 2>&1)"
as_uid 1001 "$B" -t 3 unset $((P0 + 1)) 1 >/dev/null 2>&1
alive "after the local connection quotas"
stop "--service-users=statd,$SVC2"

# --- 4. the log ------------------------------------------------------------------
FORGED='rpcbindd: FORGED'
NETID=$'x\n'"$FORGED"
daemon_start
check_eq "uid 1001 fills its $PER_OWNER" "TRUE*$PER_OWNER" \
	"$(as_uid 1001 "$PROBE" set-many $P0 $PER_OWNER tcp 127.0.0.1.9.1 2>&1)"
before=$(wc -l <"$T/daemon.log")
t0=$(date +%s)
check_eq "2000 over-quota SETs with a newline and a forged line in the netid: FALSE" \
	"FALSE*2000" "$(as_uid 1001 "$PROBE" set-many $((P0 + 1000)) 2000 "$NETID" 127.0.0.1.9.1 2>&1)"
secs=$(($(date +%s) - t0))
after=$(wc -l <"$T/daemon.log")
check_eq "no log line starts with the forged text" 0 "$(grep -c "^$FORGED" "$T/daemon.log")"
# Each started window of LOG_INTERVAL s: LOG_BURST lines, the limiter's
# "suppressed" line and the loop's once-a-minute summary; the flood may
# straddle one window boundary more than its length says.
bound=$(( (secs / LOG_INTERVAL + 2) * (LOG_BURST + 2) ))
if [ $((after - before)) -le $bound ]; then
	ok "the flood added $((after - before)) log lines, at most $bound (${secs} s)"
else
	not_ok "the flood added $((after - before)) log lines, at most $bound (${secs} s)"
	tail -n 20 "$T/daemon.log" | diag
fi
check_grep "the refusal is logged with the netid escaped" \
	'x\\x0arpcbindd: FORGED by 1001 refused' "$(cat "$T/daemon.log")"
for u in 1002 1003 1004 1005 1006; do
	as_uid $u "$PROBE" set-many $((P0 + u * 1000)) $PER_OWNER tcp 127.0.0.1.9.1 >/dev/null 2>&1
done
check_eq "uids 1001 to 1006 asked for 6 x $PER_OWNER: they hold the other users' $REG_OTHERS" \
	$REG_OTHERS "$("$B" -t 3 -V 4 dump 2>/dev/null | awk '$5 >= 1001 && $5 <= 1006' | wc -l)"
check_eq "with the default --service-users rpc.statd's uid still registers" "TRUE*1" \
	"$(as_uid "$STATD_UID" "$PROBE" set-many 100024 1 tcp 127.0.0.1.3.1 2>&1)"
as_uid 1001 "$PROBE" unset-many $P0 $PER_OWNER tcp >/dev/null 2>&1
for u in 1002 1003 1004 1005 1006; do
	as_uid $u "$PROBE" unset-many $((P0 + u * 1000)) $PER_OWNER tcp >/dev/null 2>&1
done
as_uid "$STATD_UID" "$PROBE" unset-many 100024 1 tcp >/dev/null 2>&1
alive "after the log flood"
stop "log flood"

# With -d every SET and UNSET is logged (debug): escaped as well.
daemon_start -d
check_eq "root SETs and UNSETs an entry with the forged netid (debug log)" "TRUE*1 TRUE*1" \
	"$("$PROBE" set-many $P0 1 "$NETID" 127.0.0.1.9.1 2>&1) $("$PROBE" unset-many $P0 1 "$NETID" 2>&1)"
check_eq "no debug line starts with the forged text" 0 "$(grep -c "^$FORGED" "$T/daemon.log")"
check_grep "the debug line shows the netid escaped" \
	'SET.*x\\x0arpcbindd: FORGED' "$(cat "$T/daemon.log")"
stop "-d"
done_testing
