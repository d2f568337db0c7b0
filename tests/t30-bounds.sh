#!/bin/bash
# t30-bounds: the daemon's connection and registry bounds (include/bounds.h;
# what the known portmapper attacks exhaust),
# driven by tests/bounds/bndprobe for everything that needs many sockets.
#
#  1. idle timeout (--idle-timeout=2): a silent TCP connection is closed in
#     2-4 s, a busy one stays open, local-socket connections (path and
#     abstract) idle 5 s stay open and answer (the kernel keeps one for ever);
#  2. TCP cap (--max-connections=16): the oldest idle connection is evicted
#     for a new one, the others stay; 200 connections at once leave the
#     daemon answering with at most 16 alive;
#  3. slow and garbage streams: a record one byte per 50 ms is answered,
#     oversized records (0x7fffffff, 20000, RB_RECORD_MAX + 1, two fragments
#     over the cap) close the connection, 50 half-sent records and 250 idle
#     connections (loopback TCP has a share of 256: a remote flood of 1000
#     is t58's and t81's) do not stall a fresh lookup (portmap 4.0,
#     CVE-2021-46828);
#  4. local connection cap (RB_LOCAL_CONN_MAX 256): the 257th is closed at
#     once, the daemon keeps answering, local connections work again after;
#     one user holds at most 32, and root still registers meanwhile;
#  5. registration quota: 128 entries per non-root owner, 256 for all the
#     users that are neither root nor service users together, a reserve for
#     root (RB_REG_MAX 1024, RB_REG_ROOT_RESERVE 256; t31 has the rest);
#  6. memory: VmRSS grows by less than 2 MiB across 2 and across 3.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
# 1000 idle connections and 256 local ones.
probe_init BNDPROBE bounds/bndprobe 4096
B=$RPCBTOOL

# probe ARGS (lib.sh): bndprobe's checks become this script's.
mem_check() {	# BEFORE_KB WHAT
	local after
	after=$(rss_kb)
	echo "VmRSS ${1} kB before $2, ${after} kB after" | diag
	check "VmRSS grew by less than $(((2048 + RSS_SLACK_KB) / 1024)) MiB across $2 (${1} -> ${after} kB)" \
		test $((after - $1)) -lt $((2048 + RSS_SLACK_KB))
}

# --- 1. idle timeout ----------------------------------------------------------
daemon_start --idle-timeout=2
# The four run side by side (about 5 s in all). The daemon sweeps idle
# connections once a second, so a silent one goes between the timeout and
# the timeout plus one sweep: 2000-3000 ms, accepted as 1900-3400 (100 ms
# early for clock rounding, 400 ms late for a loaded machine).
"$PROBE" idle-silent 1900 3400 >"$T/p1" 2>&1 & p1=$!
"$PROBE" idle-busy 4000 500 >"$T/p2" 2>&1 & p2=$!
"$PROBE" local-idle path 5 >"$T/p3" 2>&1 & p3=$!
"$PROBE" local-idle abstract 5 >"$T/p4" 2>&1 & p4=$!
for i in 1 2 3 4; do
	eval "pid=\$p$i"
	rc=0; wait "$pid" || rc=$?
	probe_lines "$T/p$i" $rc
done
check_eq "NULL over the local socket after all that" OK "$("$B" -t 3 -T local -V 2 null 2>&1)"
alive "after the idle tests"
stop "idle timeout 2 s"

# --- 2. connection cap and eviction ------------------------------------------
daemon_start --max-connections=16
rss0=$(rss_kb)
probe evict 16
probe flood 200 16
alive "after 200 connections against a cap of 16"
check_eq "rpcinfo -p over TCP still works" 100000 \
	"$(rpcinfo -p 127.0.0.1 2>&1 | awk '$1 == 100000 && $3 == "tcp" { print $1; exit }')"
probe flood 200 16
mem_check "$rss0" "the cap tests (16 + 2 x 200 connections)"
stop "cap 16"

# --- 3. slow and garbage streams (default cap) -------------------------------
daemon_start
rss0=$(rss_kb)
"$PROBE" slow 50 >"$T/slow" 2>&1 & ps=$!
probe garbage
probe half 50
probe idle-many 250
rc=0; wait "$ps" || rc=$?
probe_lines "$T/slow" $rc
alive "after slow, oversized and half-sent records"
mem_check "$rss0" "the stream tests (garbage, 50 half records, 250 idle)"

# --- 4. local connection cap ---------------------------------------------------
probe local-cap 256
check_eq "rpcinfo (local socket) works after the local cap test" 100000 \
	"$(rpcinfo 2>&1 | awk '$1 == 100000 { print $1; exit }')"
alive "after 258 local connections"

# An unprivileged user who holds local connections (they never time out)
# must not lock root, the kernel's rpcb_clnt and rpc.statd out: a non-root
# uid may hold RB_LOCAL_PER_UID (32) of them, and root has a reserve.
mkfifo "$T/hold"
as_uid 65534 "$PROBE" hold-local 256 20 <"$T/hold" >"$T/hold.out" 2>&1 & hp=$!
exec 9>"$T/hold"
if wait_until 10 grep -q '^held ' "$T/hold.out"; then
	check_eq "uid 65534 asking for 256 local connections holds 32" \
		"held 32" "$(grep '^held ' "$T/hold.out")"
	check_eq "root registers while uid 65534 holds its 32" TRUE \
		"$("$B" -t 3 set $((0x20030000)) 1 tcp 127.0.0.1.8.5 2>&1)"
	"$B" -t 3 unset $((0x20030000)) 1 >/dev/null 2>&1
	check_eq "another user still gets a local connection" TRUE \
		"$(as_uid 65533 "$B" -t 3 set $((0x20030001)) 1 tcp 127.0.0.1.8.6 2>&1)"
	as_uid 65533 "$B" -t 3 unset $((0x20030001)) 1 >/dev/null 2>&1
else
	not_ok "uid 65534 holds local connections"; diag <"$T/hold.out"
fi
exec 9>&-
wait "$hp"
check "after uid 65534 lets go, root registers" "$B" -t 3 set $((0x20030000)) 1 tcp 127.0.0.1.8.5
"$B" -t 3 unset $((0x20030000)) 1 >/dev/null 2>&1

# --- 5. registration quota -----------------------------------------------------
count_owner() { "$B" -t 3 -V 4 dump 2>&1 | awk -v o="$1" '$5 == o' | wc -l; }
P0=$((0x20010000))
PR=$((0x20020000))
base=$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)
check_eq "uid 65534 registers 130 programs: 128 TRUE, then FALSE" "TRUE*128 FALSE*2" \
	"$(as_uid 65534 "$PROBE" set-many $P0 130 tcp 127.0.0.1.8.1 2>&1)"
check_eq "128 entries owned by 65534" 128 "$(count_owner 65534)"
check_eq "its identical SET again: TRUE (no new entry)" "TRUE*1" \
	"$(as_uid 65534 "$PROBE" set-many $P0 1 tcp 127.0.0.1.8.1 2>&1)"
check_eq "another netid for a new entry: FALSE" "FALSE*1" \
	"$(as_uid 65534 "$PROBE" set-many $P0 1 udp 127.0.0.1.8.1 2>&1)"
check_eq "another user (65533) is not limited by 65534's quota" "TRUE*2" \
	"$(as_uid 65533 "$PROBE" set-many $((P0 + 200)) 2 tcp 127.0.0.1.8.2 2>&1)"
check_eq "root's rpcb_set still succeeds" TRUE "$("$B" -t 3 set $PR 1 tcp 127.0.0.1.8.3 2>&1)"
check_grep "rpcinfo lists root's entry" "^ *$PR +1 +tcp +127\.0\.0\.1\.8\.3 .*superuser" "$(rpcinfo 2>&1)"
check_eq "uid 65534 unregisters the 130 (absent ones TRUE too)" "TRUE*130" \
	"$(as_uid 65534 "$PROBE" unset-many $P0 130 tcp 2>&1)"
check_eq "no entry of 65534 left" 0 "$(count_owner 65534)"
check_eq "uid 65534 may register again" "TRUE*1" \
	"$(as_uid 65534 "$PROBE" set-many $P0 1 tcp 127.0.0.1.8.1 2>&1)"
as_uid 65534 "$PROBE" unset-many $P0 1 tcp >/dev/null 2>&1
as_uid 65533 "$PROBE" unset-many $((P0 + 200)) 2 tcp >/dev/null 2>&1
check_eq "root UNSET" TRUE "$("$B" -t 3 unset $PR 1 2>&1)"
check_eq "the table is back to its $base entries" "$base" "$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)"

# Non-root owners that are not service users stop at RB_REG_OTHERS_MAX
# together, whatever room is left in the table.
total=0
for u in 1001 1002 1003 1004 1005 1006 1007; do
	o=$(as_uid $u "$PROBE" set-many $((P0 + (u - 1000) * 1000)) 128 tcp 127.0.0.1.9.1 2>&1)
	n=$(printf '%s\n' "$o" | grep -o 'TRUE\*[0-9]*' | cut -d'*' -f2)
	total=$((total + ${n:-0}))
done
check_eq "7 users x 128: the other users' entries stop at 256 together" \
	256 $total
check_eq "root's registration still succeeds with the table full for users" TRUE \
	"$("$B" -t 3 set $PR 2 tcp 127.0.0.1.8.4 2>&1)"
check_eq "a new user is refused" "FALSE*1" \
	"$(as_uid 1008 "$PROBE" set-many $((P0 + 9000)) 1 tcp 127.0.0.1.9.2 2>&1)"
check "rpcinfo -p still answers over TCP with a full table" rpcinfo -p 127.0.0.1
for u in 1001 1002 1003 1004 1005 1006 1007; do
	as_uid $u "$PROBE" unset-many $((P0 + (u - 1000) * 1000)) 128 tcp >/dev/null 2>&1
done
"$B" -t 3 unset $PR 2 >/dev/null 2>&1
check_eq "the table is back to its $base entries again" "$base" "$("$B" -t 3 -V 4 dump 2>/dev/null | wc -l)"

alive "at the end"
stop "default options"
done_testing
