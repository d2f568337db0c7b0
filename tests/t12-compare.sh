#!/bin/bash
# t12-compare: with the same registrations, made in the same order, rpcinfo's
# listings of the daemon are identical to those of Debian's rpcbind, except
# the portmapper's own 100000 lines (rpcbind registers wildcard addresses,
# rpcbindd its loopback ones). The table is a realistic NFS server's (as
# Debian's NFS server registers it): status, nlockmgr v1/3/4, mountd
# v1/2/3, nfs v3/4, nfs_acl v3 on udp, tcp, udp6, tcp6 (40 entries),
# registered the way each real registrant does it: the kernel services
# (nfs, nfs_acl, nlockmgr) with v4 SET owner "0" over the local socket,
# mountd with libtirpc's rpcb_set (v3), status by an unprivileged user
# (rpc.statd runs as its own uid), and one more program by a user with
# pmap_set.
#
# Needs Debian's rpcbind ($REF_RPCBIND). Run: tests/t12-compare.sh
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
[ -x "$REF_RPCBIND" ] || bail "missing reference rpcbind $REF_RPCBIND"
B=$RPCBTOOL
need_exe "$B"

# uaddr of the wildcard address of NETID's family at PORT.
wild() { # NETID PORT
	case $1 in
	*6) echo "::.$(($2 / 256)).$(($2 % 256))" ;;
	*) echo "0.0.0.0.$(($2 / 256)).$(($2 % 256))" ;;
	esac
}

# register: the same table, in the same order, every run. Prints one line
# per call so a failed registration shows up in the comparison too.
register() {
	local n v p
	for n in udp tcp udp6 tcp6; do   # rpc.statd: its own uid, libtirpc
		case $n in udp*) p=46001 ;; *) p=46002 ;; esac
		echo "status $n $(as_uid 65534 "$B" -t 3 set 100024 1 $n "$(wild $n $p)" 2>&1)"
	done
	for v in 1 3 4; do                # lockd: the kernel, v4 SET owner "0"
		for n in udp tcp udp6 tcp6; do
			case $n in udp*) p=32769 ;; *) p=32803 ;; esac
			echo "nlockmgr $v $n $("$B" -t 3 -V 4 rset 100021 $v $n "$(wild $n $p)" 0 2>&1)"
		done
	done
	for v in 1 2 3; do                # rpc.mountd: libtirpc rpcb_set
		for n in udp tcp udp6 tcp6; do
			echo "mountd $v $n $("$B" -t 3 set 100005 $v $n "$(wild $n 20048)" 2>&1)"
		done
	done
	for v in 3 4; do                  # nfsd: the kernel
		for n in udp tcp udp6 tcp6; do
			echo "nfs $v $n $("$B" -t 3 -V 4 rset 100003 $v $n "$(wild $n 2049)" 0 2>&1)"
		done
	done
	for n in udp tcp udp6 tcp6; do
		echo "nfs_acl 3 $n $("$B" -t 3 -V 4 rset 100227 3 $n "$(wild $n 2049)" 0 2>&1)"
	done
	# one more, by another user, through the v2 API
	echo "user $(as_uid 1000 "$B" -t 3 pmap_set 536870920 1 tcp 40000 2>&1)"
}

# capture DIR: every listing, the portmapper's own lines removed.
capture() {
	local d=$1
	mkdir -p "$d"
	no_pm() { grep -Ev '^ *100000[ 	]'; }
	rpcinfo -p 2>&1 | no_pm >"$d/p"
	rpcinfo -p 127.0.0.1 2>&1 | no_pm >"$d/p-127"
	rpcinfo -s 2>&1 | no_pm >"$d/s"
	rpcinfo -s 127.0.0.1 2>&1 | no_pm >"$d/s-127"
	rpcinfo -s ::1 2>&1 | no_pm >"$d/s-v6"
	rpcinfo 2>&1 | no_pm >"$d/default"
	rpcinfo -T udp 127.0.0.1 2>&1 | no_pm >"$d/T-udp"
	rpcinfo -T tcp6 ::1 2>&1 | no_pm >"$d/T-tcp6"
	rpcinfo -l 127.0.0.1 100003 3 >"$d/l-nfs3" 2>&1
	rpcinfo -l ::1 100005 3 >"$d/l-mountd3-v6" 2>&1
	rpcinfo -l 127.0.0.1 100021 4 >"$d/l-nlm4" 2>&1
	rpcinfo -l 127.0.0.1 100024 1 >"$d/l-status" 2>&1
	"$B" -t 3 -V 4 dump 2>&1 | awk '$1 != 100000' >"$d/dump4"
	"$B" -t 3 -T tcp -V 2 dump 2>&1 | awk '$1 != 100000' >"$d/dump2"
}

ref_start
register >"$T/reg-ref"
capture "$T/ref"
daemon_stop || true

daemon_start
register >"$T/reg-dut"
capture "$T/dut"

check_eq "reference: every registration TRUE" "" "$(grep -v 'TRUE$' "$T/reg-ref")"
check_eq "daemon: registration results identical" "$(cat "$T/reg-ref")" "$(cat "$T/reg-dut")"
check_eq "the reference listed 41 entries" 41 "$(wc -l <"$T/ref/dump4")"
for f in p p-127 s s-127 s-v6 default T-udp T-tcp6 l-nfs3 l-mountd3-v6 l-nlm4 l-status dump4 dump2; do
	if diff -u "$T/ref/$f" "$T/dut/$f" >"$T/diff" 2>&1; then
		ok "identical: $f"
	else
		not_ok "identical: $f"
		diag <"$T/diff"
	fi
done

if daemon_stop; then ok "daemon exits 0 on SIGTERM"; else not_ok "daemon exits 0 on SIGTERM"; fi
done_testing
