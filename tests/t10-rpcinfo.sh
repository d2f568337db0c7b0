#!/bin/bash
# t10-rpcinfo: Debian's rpcinfo against the daemon, over the local socket,
# UDP/TCP on 127.0.0.1 and UDP/TCP on ::1: the portmapper lists itself, a
# registration appears in every listing and disappears with -d, only its
# owner or root may delete it, NULL pings answer on every transport, and
# -m prints the three statistics tables whose counters move.
#
# Runs against the reference too: RPCBINDD=/usr/sbin/rpcbind tests/t10-rpcinfo.sh
# Addresses are matched loosely where rpcbind (wildcard 0.0.0.0/::) and
# rpcbindd (loopback only) legitimately differ.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
B=$RPCBTOOL
need_exe "$B"

P1=536870913  # 0x20000001, a plain registration (no server behind it)
P2=536870914  # 0x20000002, registered by uid 65534
PE=536871065  # 0x20000099, the echo server

# Field N of the values line SKIP lines below the line matching RE (rpcinfo -m).
stat_field() { # RE SKIP FIELD TEXT
	printf '%s\n' "$4" | awk -v re="$1" -v skip="$2" -v f="$3" '
		t == 0 && $0 ~ re { t = 1; n = skip; next }
		t == 1 && n > 0 { n--; next }
		t == 1 { print $f; exit }'
}

daemon_start

# --- the portmapper lists itself ------------------------------------------
out=$(rpcinfo -p 2>&1)
for v in 2 3 4; do
	for p in udp tcp; do
		check_grep "rpcinfo -p (local) lists 100000 v$v $p 111" \
			"^ +100000 +$v +$p +111 +portmapper" "$out"
	done
done
check_eq "rpcinfo -p lists only udp and tcp" "" \
	"$(printf '%s\n' "$out" | awk 'NR > 1 && $3 != "udp" && $3 != "tcp"')"
for h in 127.0.0.1 ::1; do
	out=$(rpcinfo -p "$h" 2>&1)
	check_grep "rpcinfo -p $h lists 100000 v2 udp" "^ +100000 +2 +udp +111 +portmapper" "$out"
	check_grep "rpcinfo -p $h lists 100000 v2 tcp" "^ +100000 +2 +tcp +111 +portmapper" "$out"
done

out=$(rpcinfo 2>&1)
for n in local udp tcp udp6 tcp6; do
	for v in 3 4; do
		check_grep "rpcinfo (v3 dump) lists 100000 v$v $n, owner superuser" \
			"^ +100000 +$v +$n +[^ ]+ +portmapper +superuser\$" "$out"
	done
done
check_grep "the local entry's address is the socket path" \
	"^ +100000 +[34] +local +/(var/)?run/rpcbind.sock " "$out"
check_grep "the udp entry's port is 111" "^ +100000 +4 +udp +[0-9.]+\.0\.111 " "$out"
check_grep "the tcp6 entry's port is 111" "^ +100000 +4 +tcp6 +[0-9a-f:]+\.0\.111 " "$out"
check_eq "v2 of the portmapper is listed only for udp and tcp" "tcp udp" \
	"$(printf '%s\n' "$out" | awk '$1 == 100000 && $2 == 2 { print $3 }' | sort | xargs)"

sline=$(rpcinfo -s 2>&1 | awk '$1 == 100000')
check_eq "rpcinfo -s: versions 2,3,4" "2,3,4" \
	"$(printf '%s\n' "$sline" | awk '{ print $2 }' | tr , '\n' | sort -n | paste -sd,)"
check_eq "rpcinfo -s: netids local,tcp,tcp6,udp,udp6" "local,tcp,tcp6,udp,udp6" \
	"$(printf '%s\n' "$sline" | awk '{ print $3 }' | tr , '\n' | sort | paste -sd,)"
check_eq "rpcinfo -s: service and owner" "portmapper superuser" \
	"$(printf '%s\n' "$sline" | awk '{ print $4, $5 }')"
for h in 127.0.0.1 ::1; do
	check_grep "rpcinfo -s $h lists the portmapper" \
		"^ +100000 +[234,]+ +[a-z0-9,]+ +portmapper +superuser" "$(rpcinfo -s "$h" 2>&1)"
done

# The listing over every transport (v3 DUMP; -T udp sends it over UDP).
for t in "udp 127.0.0.1" "tcp 127.0.0.1" "udp6 ::1" "tcp6 ::1" "local"; do
	set -- $t
	check_grep "rpcinfo -T $t lists 100000 v4 local" \
		"^ +100000 +4 +local " "$(rpcinfo -T $t 2>&1)"
done

# -l: GETADDRLIST, addresses merged into the one the caller used.
out=$(rpcinfo -l 127.0.0.1 100000 4 2>&1)
check_grep "rpcinfo -l 127.0.0.1: inet/udp 127.0.0.1.0.111" \
	"^ +100000 +4 +inet/udp/clts +127\.0\.0\.1\.0\.111 +portmapper" "$out"
check_grep "rpcinfo -l 127.0.0.1: inet/tcp 127.0.0.1.0.111" \
	"^ +100000 +4 +inet/tcp/cots_ord +127\.0\.0\.1\.0\.111 +portmapper" "$out"
out=$(rpcinfo -l ::1 100000 4 2>&1)
check_grep "rpcinfo -l ::1: inet6/udp ::1.0.111" \
	"^ +100000 +4 +inet6/udp/clts +::1\.0\.111 +portmapper" "$out"
check_grep "rpcinfo -l ::1: inet6/tcp ::1.0.111" \
	"^ +100000 +4 +inet6/tcp/cots_ord +::1\.0\.111 +portmapper" "$out"

# --- NULL pings on every transport ----------------------------------------
ready3='program 100000 version 2 ready and waiting
program 100000 version 3 ready and waiting
program 100000 version 4 ready and waiting'
check_eq "rpcinfo -u 127.0.0.1 100000 (versions 2-4 via PROG_MISMATCH)" "$ready3" \
	"$(rpcinfo -u 127.0.0.1 100000 2>&1)"
check_eq "rpcinfo -t 127.0.0.1 100000" "$ready3" "$(rpcinfo -t 127.0.0.1 100000 2>&1)"
check_eq "rpcinfo -T udp6 ::1 100000" "$ready3" "$(rpcinfo -T udp6 ::1 100000 2>&1)"
check_eq "rpcinfo -T tcp6 ::1 100000" "$ready3" "$(rpcinfo -T tcp6 ::1 100000 2>&1)"
check_eq "rpcinfo -T local localhost 100000 4" "program 100000 version 4 ready and waiting" \
	"$(rpcinfo -T local localhost 100000 4 2>&1)"
check_eq "rpcinfo -u 127.0.0.1 100000 2" "program 100000 version 2 ready and waiting" \
	"$(rpcinfo -u 127.0.0.1 100000 2 2>&1)"
check_eq "rpcinfo -a 127.0.0.1.0.111 -T udp 100000 2" "program 100000 version 2 ready and waiting" \
	"$(rpcinfo -a 127.0.0.1.0.111 -T udp 100000 2 2>&1)"
check_eq "rpcinfo -a ::1.0.111 -T tcp6 100000 4" "program 100000 version 4 ready and waiting" \
	"$(rpcinfo -a ::1.0.111 -T tcp6 100000 4 2>&1)"
check_fail "rpcinfo -u 127.0.0.1 $P1 1 fails (not registered)" rpcinfo -u 127.0.0.1 $P1 1

# --- registrations appear and disappear -----------------------------------
check_eq "rpcb_set $P1 v1 udp" TRUE "$("$B" set $P1 1 udp 127.0.0.1.3.1 2>&1)"
check_eq "rpcb_set $P1 v1 tcp6" TRUE "$("$B" set $P1 1 tcp6 ::1.3.2 2>&1)"
check_grep "rpcinfo lists $P1 v1 udp" "^ +$P1 +1 +udp +127\.0\.0\.1\.3\.1 +- +superuser\$" "$(rpcinfo 2>&1)"
check_grep "rpcinfo -T tcp6 ::1 lists $P1 v1 tcp6" "^ +$P1 +1 +tcp6 +::1\.3\.2 +- +superuser\$" \
	"$(rpcinfo -T tcp6 ::1 2>&1)"
check_grep "rpcinfo -p lists $P1 v1 udp 769" "^ +$P1 +1 +udp +769\$" "$(rpcinfo -p 2>&1)"
check_grep "rpcinfo -p 127.0.0.1 lists $P1 v1 udp 769" "^ +$P1 +1 +udp +769\$" "$(rpcinfo -p 127.0.0.1 2>&1)"
check_grep "rpcinfo -s: $P1 on udp,tcp6 (any order)" "^ +$P1 +1 +(udp,tcp6|tcp6,udp) +- +superuser\$" \
	"$(rpcinfo -s 2>&1)"
check_grep "rpcinfo -l 127.0.0.1 $P1 1" "^ +$P1 +1 +inet/udp/clts +127\.0\.0\.1\.3\.1 " \
	"$(rpcinfo -l 127.0.0.1 $P1 1 2>&1)"

# An unprivileged user's registration: the owner is its uid (SO_PEERCRED).
check_eq "uid 65534 registers $P2 v1 udp" TRUE "$(as_nobody "$B" set $P2 1 udp 127.0.0.1.3.3 2>&1)"
check_grep "rpcinfo shows owner 65534" "^ +$P2 +1 +udp +127\.0\.0\.1\.3\.3 +- +65534\$" "$(rpcinfo 2>&1)"
check_grep "rpcinfo -s shows owner 65534" "^ +$P2 +1 +udp +- +65534\$" "$(rpcinfo -s 2>&1)"

# -d: root deletes anything; a user only its own entries.
check_fail "uid 65534 cannot rpcinfo -d root's $P1 1" as_nobody rpcinfo -d $P1 1
check_grep "$P1 still listed after the refused -d" "^ +$P1 +1 +udp " "$(rpcinfo 2>&1)"
check "root rpcinfo -d $P1 1" rpcinfo -d $P1 1
out=$(rpcinfo 2>&1)
check_eq "$P1 gone from rpcinfo (all netids)" "" "$(printf '%s\n' "$out" | awk -v p=$P1 '$1 == p')"
check_eq "$P1 gone from rpcinfo -p" "" "$(rpcinfo -p 2>&1 | awk -v p=$P1 '$1 == p')"
check "uid 65534 rpcinfo -d its own $P2 1" as_nobody rpcinfo -d $P2 1
check_eq "$P2 gone" "" "$(rpcinfo 2>&1 | awk -v p=$P2 '$1 == p')"

# A real server: rpcinfo -u/-t look it up (GETPORT) and ping it.
start_server $PE
check_eq "rpcinfo -u 127.0.0.1 $PE 1 (echo server)" "program $PE version 1 ready and waiting" \
	"$(rpcinfo -u 127.0.0.1 $PE 1 2>&1)"
check_eq "rpcinfo -t 127.0.0.1 $PE 1" "program $PE version 1 ready and waiting" \
	"$(rpcinfo -t 127.0.0.1 $PE 1 2>&1)"
check_eq "rpcinfo -T udp6 ::1 $PE 1" "program $PE version 1 ready and waiting" \
	"$(rpcinfo -T udp6 ::1 $PE 1 2>&1)"
check_eq "rpcinfo -T tcp6 ::1 $PE 1" "program $PE version 1 ready and waiting" \
	"$(rpcinfo -T tcp6 ::1 $PE 1 2>&1)"
stop_server
check_eq "the server unregistered on SIGTERM" "" "$(rpcinfo 2>&1 | awk -v p=$PE '$1 == p')"

# --- -m: statistics --------------------------------------------------------
out=$(rpcinfo -m 2>&1)
check_grep "rpcinfo -m: PORTMAP (version 2) table" "^PORTMAP \(version 2\) statistics" "$out"
check_grep "rpcinfo -m: RPCBIND (version 3) table" "^RPCBIND \(version 3\) statistics" "$out"
check_grep "rpcinfo -m: RPCBIND (version 4) table" "^RPCBIND \(version 4\) statistics" "$out"
check_grep "rpcinfo -m: v4 extra counters" "^VERADDR +INDRECT +GETLIST +GETSTAT" "$out"
# Counters with two numbers are success/total.
g0=$(stat_field '^PORTMAP' 1 4 "$out")
"$B" -T udp -V 2 rgetaddr 100000 2 udp >/dev/null 2>&1
"$B" -T tcp -V 2 rgetaddr $P1 1 tcp >/dev/null 2>&1
out=$(rpcinfo -m 2>&1)
g1=$(stat_field '^PORTMAP' 1 4 "$out")
check_eq "two GETPORTs (one hit, one miss) move PORTMAP GETPORT ${g0:-?}" \
	"$((${g0%%/*} + 1))/$((${g0#*/} + 2))" "$g1"
d0=$(stat_field '^RPCBIND \(version 3\)' 1 5 "$out")
rpcinfo >/dev/null 2>&1
d1=$(stat_field '^RPCBIND \(version 3\)' 1 5 "$(rpcinfo -m 2>&1)")
check_eq "one v3 DUMP (rpcinfo) moves RPCBIND v3 DUMP" "$((d0 + 1))" "$d1"
s0=$(stat_field '^VERADDR' 0 4 "$(rpcinfo -m 2>&1)")
s1=$(stat_field '^VERADDR' 0 4 "$(rpcinfo -m 2>&1)")
check_eq "GETSTAT counts itself" "$((s0 + 1))" "$s1"
for h in 127.0.0.1 ::1; do
	check_grep "rpcinfo -m $h" "^RPCBIND \(version 4\) statistics" "$(rpcinfo -m "$h" 2>&1)"
done

check "still answering" rpcinfo -T udp 127.0.0.1 100000 2
stop
done_testing
