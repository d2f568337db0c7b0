# Checks run inside the booted container (copied to /root/ct.sh, sourced by
# `nsenter ... sh -c '. /root/ct.sh; FUNCTION ARGS'`). Each function prints
# what it saw and returns 0 or 1; plain POSIX sh with Debian 12's tools
# (rpcinfo from rpcbind, ss from iproute2, rpcbtool copied in).

RPCBTOOL=/usr/local/bin/rpcbtool
# The table: ten programs of the user-defined range (0x20000100..9),
# version 1, on udp, tcp, udp6 and tcp6: 40 registrations, as many as the
# typical NFS server's table (tests/net.sh), made by root over the local socket.
PROG0=536871168
NPROGS=10
NETIDS="udp tcp udp6 tcp6"

uaddr() {	# uaddr NETID PORT
	case $1 in
	*6) echo "::.$(($2 / 256)).$(($2 % 256))";;
	*) echo "0.0.0.0.$(($2 / 256)).$(($2 % 256))";;
	esac
}

expected_table() {
	i=0
	while [ "$i" -lt "$NPROGS" ]; do
		for n in $NETIDS; do
			echo "$((PROG0 + i)) 1 $n $(uaddr "$n" $((40000 + i))) superuser"
		done
		i=$((i + 1))
	done | sort
}

register_table() {
	i=0 bad=0
	while [ "$i" -lt "$NPROGS" ]; do
		for n in $NETIDS; do
			"$RPCBTOOL" -t 10 set $((PROG0 + i)) 1 "$n" \
			    "$(uaddr "$n" $((40000 + i)))" > /dev/null || bad=$((bad + 1))
		done
		i=$((i + 1))
	done
	[ "$bad" = 0 ] || { echo "$bad rpcb_set calls failed"; return 1; }
	check_table
}

# Our part of the v3/v4 dump (rpcinfo without a host: the local socket),
# without the service-name column.
table() {
	timeout 20 rpcinfo | awk -v lo="$PROG0" -v hi=$((PROG0 + NPROGS)) \
	    '$1 >= lo && $1 < hi { print $1, $2, $3, $4, $6 }' | sort
}

check_table() {
	expected_table > /tmp/table.want
	table > /tmp/table.got
	if cmp -s /tmp/table.want /tmp/table.got; then
		echo "table: $(wc -l < /tmp/table.got) registrations as made"
		return 0
	fi
	echo "table differs from the 40 registrations made (- wanted, + got):"
	diff /tmp/table.want /tmp/table.got | grep '^[<>]' | sed 's/^</-/;s/^>/+/' | head -n 12
	echo "whole dump:"; timeout 20 rpcinfo 2>&1 | head -n 20
	return 1
}

# The processes other than init that hold a socket on port 111.
port111_pids() {
	ss -H -ltunp 'sport = :111' 2>/dev/null | grep -o 'pid=[0-9]*' |
	    sed 's/pid=//' | sort -u | grep -vx 1
}

# is_rpcbindd PID: the program PID runs is rpcbindd, whatever its name
# (a package may install it as /sbin/rpcbind): its binary names itself,
# Debian's rpcbind never says "rpcbindd".
is_rpcbindd() {
	grep -a -q rpcbindd "/proc/$1/exe" 2>/dev/null
}

# daemon_is rpcbindd|rpcbind: every process on port 111 is that daemon, and
# it is rpcbind.service's main process.
daemon_is() {
	pids=$(port111_pids)
	main=$(systemctl show -p MainPID --value rpcbind.service)
	[ -n "$pids" ] || { echo "nothing but init on port 111 (rpcbind.service main PID ${main:-none})"; ss -H -ltunp 'sport = :111'; return 1; }
	for p in $pids; do
		exe=$(readlink "/proc/$p/exe")
		if is_rpcbindd "$p"; then is=rpcbindd; else is=rpcbind; fi
		echo "port 111: pid $p $exe ($is; rpcbind.service main PID $main)"
		[ "$is" = "$1" ] || { echo "port 111 is served by $is ($exe), not $1"; return 1; }
	done
	echo "$pids" | grep -qx "$main" || { echo "rpcbind.service's main PID $main is not on port 111"; return 1; }
	echo "$main" > /tmp/daemon.pid
}

# served: the portmapper answers on loopback (v2 over UDP, v4 over TCP, v3
# over UDP6/TCP6) and on the local socket.
served() {
	timeout 20 rpcinfo -T udp 127.0.0.1 100000 2 && timeout 20 rpcinfo -T tcp 127.0.0.1 100000 4 &&
	timeout 20 rpcinfo -T udp6 ::1 100000 3 && timeout 20 rpcinfo -T tcp6 ::1 100000 3 &&
	timeout 20 rpcinfo -T local /run/rpcbind.sock 100000 4 2>/dev/null ||
	    timeout 20 rpcinfo -s > /dev/null
}

# wait_served SECS NAME [OLDPID]: until NAME (a new process, if OLDPID) is on
# port 111 and answers; bounded.
wait_served() {
	i=0
	while [ "$i" -lt $(($1 * 2)) ]; do
		m=$(systemctl show -p MainPID --value rpcbind.service)
		if [ -n "$m" ] && [ "$m" != 0 ] && [ "$m" != "${3:-}" ] &&
		    daemon_is "$2" > /dev/null 2>&1 && served > /dev/null 2>&1; then
			echo "$2 serving after $((i / 2)) s (pid $m${3:+, was $3})"
			return 0
		fi
		sleep 0.5; i=$((i + 1))
	done
	echo "no $2 serving on port 111 within $1 s${3:+ (old pid $3)}"
	systemctl status --no-pager rpcbind.service rpcbind.socket 2>&1 | head -n 20
	journalctl --no-pager -n 6 -u rpcbind.socket
	daemon_is "$2"; served
	return 1
}

# sandboxed: the daemon's /proc/PID/status (uids not 0, no capability at
# all, no_new_privs, a seccomp filter).
sandboxed() {
	p=$(cat /tmp/daemon.pid) || return 1
	grep -E '^(Uid|Gid|CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs|Seccomp):' "/proc/$p/status"
	awk '
	    $1 == "Uid:" { for (i = 2; i <= 5; i++) if ($i == 0) bad = bad " uid0" }
	    $1 ~ /^Cap(Eff|Prm|Bnd):$/ && $2 !~ /^0+$/ { bad = bad " " $1 }
	    $1 == "NoNewPrivs:" && $2 != 1 { bad = bad " NoNewPrivs" }
	    $1 == "Seccomp:" && $2 != 2 { bad = bad " Seccomp" }
	    END { if (bad != "") { print "not sandboxed:" bad; exit 1 } }' "/proc/$p/status"
}

# statd_ok: rpc-statd runs and the portmapper sends callers to it (a NULL
# call through its registration: a stale entry fails).
statd_ok() {
	systemctl is-active rpc-statd.service || { systemctl status --no-pager rpc-statd.service | head -n 15; return 1; }
	timeout 20 rpcinfo -T udp 127.0.0.1 100024 1 && timeout 20 rpcinfo -T tcp 127.0.0.1 100024 1
}

# start_statd: as mount.nfs does (start-statd), then statd_ok.
start_statd() {
	systemctl start rpc-statd.service && statd_ok
}

# back_to_rpcbind: Debian's rpcbind, from its own enabled units, on port 111.
back_to_rpcbind() {
	wait_served 30 rpcbind || return 1
	for u in rpcbind.service rpcbind.socket; do
		st=$(systemctl is-enabled "$u")
		echo "$u: $st, $(systemctl show -p FragmentPath --value "$u")"
		[ "$st" = enabled ] || return 1
	done
	systemctl show -p FragmentPath --value rpcbind.service | grep -qx /lib/systemd/system/rpcbind.service
}

# nothing_of_rpcbindd: no rpcbindd process, unit or alias left active or
# enabled.
nothing_of_rpcbindd() {
	bad=0
	for d in /proc/[0-9]*; do
		is_rpcbindd "${d#/proc/}" || continue
		echo "rpcbindd runs: pid ${d#/proc/} $(tr '\0' ' ' < "$d/cmdline")"; bad=1
	done
	for u in rpcbindd.service rpcbindd.socket; do
		st=$(systemctl is-enabled "$u" 2>&1); act=$(systemctl is-active "$u" 2>&1)
		echo "$u: enabled: $st, active: $act"
		case $st in enabled*|alias|static|linked*) bad=1;; esac
		[ "$act" != active ] || bad=1
	done
	for f in /etc/systemd/system/rpcbind.service /etc/systemd/system/rpcbind.socket; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		echo "$f -> $(readlink "$f")"
		readlink "$f" | grep -q rpcbindd && bad=1
	done
	return "$bad"
}

# purged: the package, its diversions and its files in /etc are gone.
purged() {
	bad=0
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' rpcbindd 2>/dev/null)
	echo "dpkg status of rpcbindd: '${st:-unknown}'"
	case $st in ""|un*|pn*) ;; *) bad=1;; esac
	if dpkg-divert --list | grep rpcbindd; then echo "diversions left"; bad=1; fi
	left=$(find /etc /lib/systemd /usr/lib/systemd /usr/sbin /var/lib/systemd \
	    -name '*rpcbindd*' 2>/dev/null)
	[ -z "$left" ] || { echo "files left:"; echo "$left"; bad=1; }
	nothing_of_rpcbindd || bad=1
	return "$bad"
}

# lan_served: 198.51.100.1 is up and the portmapper answers there, over
# UDP and TCP, to a client on the LAN: the other end of the veth pair, moved
# into a network namespace of its own as 198.51.100.2.
lan_served() {
	i=0
	while [ "$i" -lt 60 ] && ! ip -o addr show | grep -q ' 198\.51\.100\.1/'; do
		sleep 0.5; i=$((i + 1))
	done
	ip -o addr show | grep ' 198\.51\.100\.1/' || { echo "198.51.100.1 never came up"; return 1; }
	ss -H -ltun 'sport = :111'
	ip netns add lan-client && ip link set lan1 netns lan-client &&
	    ip -n lan-client addr add 198.51.100.2/24 dev lan1 && ip -n lan-client link set lan1 up ||
	    return 1
	ip netns exec lan-client timeout 20 rpcinfo -T udp 198.51.100.1 100000 2 &&
	    ip netns exec lan-client timeout 20 rpcinfo -T tcp 198.51.100.1 100000 3
	r=$?
	ip netns del lan-client
	return "$r"
}

# pkgs_kept: Debian's rpcbind (rpcinfo) and nfs-common still installed.
pkgs_kept() {
	bad=0
	for p in rpcbind nfs-common; do
		st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
		echo "$p: '$st'"
		case $st in ii*) ;; *) bad=1;; esac
	done
	command -v rpcinfo || bad=1
	return "$bad"
}

# said_once: the journal says exactly once, from the package, that only
# loopback and the local socket are served until a LAN address is named.
said_once() {
	journalctl --no-pager -o cat -t rpcbindd | grep -i 'loopback.*only' > /tmp/said
	cat /tmp/said
	[ "$(wc -l < /tmp/said)" = 1 ] || { echo "said $(wc -l < /tmp/said) times, not once"; return 1; }
}
