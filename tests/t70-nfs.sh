#!/bin/bash
# t70-nfs: a real NFS server stack on rpcbindd (what a Debian NFS server
# registers, and how its clients look it up). Three hosts (tests/net.sh);
# on the server a private /run (ns_enter) and a private tmpfs /var/lib/nfs.
#  1. rpcbindd -w -h 198.51.100.1 -h 203.0.113.1;
#  2. rpc.statd (private state dir, no notify) registers status 100024
#     through the local socket, owned by statd's uid;
#  3. nfs-ganesha (FSAL_MEM, NFSv3+v4, NLM, fixed ports 2049/20048/32803/20049)
#     registers nfs, mountd, nlockmgr, rquotad; its log has no registration
#     error; its NLM found statd (SM_UNMON_ALL in statd's log);
#  4. from the LAN: nfs-ls, nfs-cp (write, read back, cmp), nfs-cat over
#     NFSv3 (libnfs: PMAP v2 GETPORT over TCP for mountd and nfs) and NFSv4;
#     showmount -e lists /export;
#  5. from the internet host: with the defaults libnfs's NFSv3 attempt gets
#     past the portmapper (the export itself refuses it: MNT3ERR_ACCES); with
#     --allow-lookups=198.51.100.0/24 it fails at the portmapper step (one
#     connection, no MOUNT), while the LAN still works; rpcinfo -p, a UDP
#     DUMP, a UDP NULL and nmap --script rpcinfo get nothing;
#  6. rpcbindd restarted with -w after SIGTERM and 7. after kill -9, ganesha
#     and statd left running: the listing is identical and the LAN still
#     mounts and reads; the listings are printed as diagnostics;
#  8. negative control: rpcbindd without -h (LAN address not served): the
#     LAN's NFSv3 fails, NFSv4 (no portmapper) still works; back with -h the
#     LAN works again;
#  9. ganesha and statd unregister through rpcbindd on SIGTERM.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

for c in rpcinfo ganesha.nfsd rpc.statd showmount nfs-ls nfs-cp nfs-cat nmap mount timeout cmp; do
	need_cmd "$c"
done
HOPTS="-w -h $SRV_LAN4 -h $SRV_WAN4"
URL=nfs://$SRV_LAN4/export
GCONF=$T/ganesha.conf
GLOG=$T/ganesha.log
SLOG=$T/statd.log
GPID=""
SPID=""

nfs_cleanup() {
	stop_pid "$GPID" 10; GPID=""
	stop_pid "$SPID" 5; SPID=""
}

net_setup
at_exit nfs_cleanup

# Private state for statd and ganesha, in this mount namespace only (the
# host's /var/lib/nfs is never written; /run and /var/run are ns_enter's tmpfs).
mount -t tmpfs -o mode=755 tmpfs /var/lib/nfs || bail "tmpfs on /var/lib/nfs"
mkdir -p /var/lib/nfs/statd/sm /var/lib/nfs/statd/sm.bak /var/lib/nfs/ganesha /run/ganesha ||
	bail "state directories"
chown -R statd /var/lib/nfs/statd || bail "chown statd's state directory"
STATD_UID=$(id -u statd) || bail "no user statd"

cat >"$GCONF" <<EOF
NFS_CORE_PARAM {
	Protocols = 3, 4;
	Enable_NLM = true;
	Enable_RQUOTA = true;
	NFS_Port = 2049;
	MNT_Port = 20048;
	NLM_Port = 32803;
	# Not rquota's usual 875: rpc.statd binds its sockets to random
	# reserved ports (bindresvport), and one of them on 875 made ganesha
	# fail to start ("Cannot bind RQUOTA udp6 socket, error 98").
	Rquota_Port = 20049;
}
NFS_KRB5 { Active_krb5 = false; }
NFSV4 { Graceless = true; }
# Without Inode_Size FSAL_MEM keeps no file data (reads return 'a's).
MEM { Inode_Size = 1048576; }
EXPORT {
	Export_ID = 1;
	Path = /export;
	Pseudo = /export;
	Protocols = 3, 4;
	Transports = TCP, UDP;
	Squash = No_Root_Squash;
	# Nobody but the LAN: the internet host is refused by MOUNT itself.
	Access_Type = None;
	CLIENT {
		Clients = 198.51.100.0/24;
		Access_Type = RW;
	}
	FSAL { Name = MEM; }
}
EOF

# The non-portmapper entries of `rpcinfo -p` as "prog vers proto port".
pmap_entries() { rpcinfo -p 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && $1 != 100000 { print $1, $2, $3, $4 }'; }
ganesha_registered() {
	local p
	p=$(pmap_entries)
	grep -q '^100003 3 tcp 2049$' <<<"$p" && grep -q '^100003 4 tcp 2049$' <<<"$p" &&
		grep -q '^100005 3 tcp 20048$' <<<"$p" && grep -q '^100005 3 udp 20048$' <<<"$p" &&
		grep -q '^100021 4 udp 32803$' <<<"$p" && grep -q '^100021 4 tcp 32803$' <<<"$p"
}
statd_registered() { pmap_entries | grep -q '^100024 1 udp ' && pmap_entries | grep -q '^100024 1 tcp '; }

# Clients, every one bounded.
lan()  { on_lan timeout -s KILL 20 "$@" 2>&1; }
inet() { on_inet timeout -s KILL 20 "$@" 2>&1; }

# lan_nfs TAG URLARGS SIZE: the LAN host writes a file of SIZE bytes with
# nfs-cp, lists the export, copies the file back with nfs-cp and reads it
# with nfs-cat; both compare equal to what was written.
SEQ=0
lan_nfs() {
	local tag=$1 args=$2 f out
	SEQ=$((SEQ + 1))
	f=f$SEQ
	head -c "$3" /dev/urandom >"$T/$f.src"
	check "$tag: LAN nfs-cp writes /export/$f" lan nfs-cp "$T/$f.src" "$URL/$f$args"
	out=$(lan nfs-ls "$URL$args")
	check_grep "$tag: LAN nfs-ls lists $f" " $f\$" "$out"
	check "$tag: LAN nfs-cp reads it back, identical (cmp)" \
		sh -c 'timeout -s KILL 20 ip netns exec "$1" nfs-cp "$2" "$3" && cmp "$3" "$4"' _ \
		"$NS_LAN" "$URL/$f$args" "$T/$f.back" "$T/$f.src"
	check "$tag: LAN nfs-cat reads it, identical (cmp)" \
		sh -c 'timeout -s KILL 20 ip netns exec "$1" nfs-cat "$2" >"$3" && cmp "$3" "$4"' _ \
		"$NS_LAN" "$URL/$f$args" "$T/$f.cat" "$T/$f.src"
}
# lan_v3_reads TAG: the NFSv3 path only (portmapper lookups), reading f1.
lan_v3_reads() {
	check "$1: LAN NFSv3 nfs-cat $URL/f1 (PMAP GETPORT mountd, nfs), identical" \
		sh -c 'timeout -s KILL 20 ip netns exec "$1" nfs-cat "$2" >"$3" && cmp "$3" "$4"' _ \
		"$NS_LAN" "$URL/f1" "$T/read.$SEQ" "$T/f1.src"
	SEQ=$((SEQ + 1))
}
ganesha_log_clean() {
	local bad
	# ("Cannot register %s V%d on UDP" etc.; D-Bus's "register_path"
	# complaints are about the missing system bus, not the portmapper.)
	bad=$(grep -iE 'rpcb|regist|portmap|pmap|svc_reg' "$GLOG" | grep -v ' :DBUS :')
	check_eq "ganesha's log has no rpcbind/registration error ($1)" "" "$bad"
}
still_running() {
	check "ganesha (pid $GPID) still running, not restarted ($1)" kill -0 "$GPID"
	check "rpc.statd (pid $SPID) still running ($1)" kill -0 "$SPID"
}
show() { { echo "rpcinfo $1:"; listing; } | diag; }

# --- 1. rpcbindd --------------------------------------------------------------
daemon_start $HOPTS
check "rpcbindd $HOPTS is up: the LAN address answers a v2 NULL" \
	timeout -s KILL 3 rpcinfo -T udp $SRV_LAN4 100000 2

# --- 2. rpc.statd ---------------------------------------------------------------
rpc.statd -F -d --no-notify -P /var/lib/nfs/statd >"$SLOG" 2>&1 &
SPID=$!
if wait_until 15 statd_registered; then ok "rpc.statd registered status 100024 udp and tcp"; else
	not_ok "rpc.statd registered status 100024 udp and tcp"; tail -n 20 "$SLOG" | diag; fi
out=$(listing | awk '$1 == 100024')
check_eq "rpcinfo: status on udp, tcp, udp6, tcp6, each owned by statd's uid $STATD_UID" \
	"udp $STATD_UID tcp $STATD_UID udp6 $STATD_UID tcp6 $STATD_UID" \
	"$(awk '{ printf "%s%s %s", (NR > 1 ? " " : ""), $3, $NF }' <<<"$out")"

# --- 3. nfs-ganesha ---------------------------------------------------------------
t0=$(date +%s)
ganesha.nfsd -F -L "$GLOG" -f "$GCONF" -p /run/ganesha/ganesha.pid >"$T/ganesha.out" 2>&1 &
GPID=$!
if wait_until 30 ganesha_registered; then
	ok "ganesha registered nfs 3,4 on 2049, mountd 3 on 20048, nlockmgr 4 on 32803 ($(($(date +%s) - t0)) s)"
else
	not_ok "ganesha registered nfs, mountd, nlockmgr"
	{ pmap_entries; tail -n 30 "$GLOG"; cat "$T/ganesha.out"; } | diag
fi
check_grep "ganesha's log: NFS SERVER INITIALIZED" 'NFS SERVER INITIALIZED' "$(cat "$GLOG")"
check_eq "ganesha's pid file names the process started" "$GPID" "$(cat /run/ganesha/ganesha.pid 2>&1)"
check_eq "rpcinfo: ganesha's nfs 3,4, mountd 1,3, nlockmgr 4, rquotad 1,2, each on udp, tcp, udp6, tcp6, owned by superuser" \
	"100003:3:4 100003:4:4 100005:1:4 100005:3:4 100011:1:4 100011:2:4 100021:4:4" \
	"$(listing | awk '$1 ~ /^1000(03|05|21|11)$/ && $3 ~ /^(udp|tcp)6?$/ && $NF == "superuser" { n[$1 ":" $2]++ }
		END { for (k in n) print k ":" n[k] }' | sort | xargs)"
check "ganesha's NLM found statd through the portmapper (SM_UNMON_ALL in statd's log)" \
	wait_until 10 grep -q 'SM_UNMON_ALL' "$SLOG"
ganesha_log_clean "after start"
show "after statd and ganesha registered"

# --- 4. the LAN client --------------------------------------------------------------
lan_nfs "NFSv3" "" 100000
# libnfs 4.0's NFSv4 WRITE of 4000 bytes or more fails on the client side
# ("ZDR error: Failed to encode COMPOUND4args"), so the NFSv4 file is small;
# NFSv4 reads of the 100000-byte NFSv3 file work.
lan_nfs "NFSv4" "?version=4" 2000
check "NFSv4: LAN nfs-cat reads the 100000-byte f1 written over NFSv3, identical" \
	sh -c 'timeout -s KILL 20 ip netns exec "$1" nfs-cat "$2" >"$3" && cmp "$3" "$4"' _ \
	"$NS_LAN" "$URL/f1?version=4" "$T/f1.v4" "$T/f1.src"
out=$(lan showmount -e $SRV_LAN4)
check_grep "LAN showmount -e $SRV_LAN4 lists /export" '^/export ' "$out"

# --- 5. the internet host -------------------------------------------------------------
out=$(inet nfs-ls "$URL?debug=2")
printf '%s\n' "$out" | diag
check_grep "defaults: the internet host's NFSv3 gets past the portmapper; MOUNT refuses it (MNT3ERR_ACCES)" \
	'MNT3ERR_ACCES' "$out"
check_eq "defaults: libnfs connected twice (portmapper, mountd)" 2 "$(grep -c 'connection established' <<<"$out")"
out=$(inet rpcinfo -p $SRV_WAN4)
check_grep "defaults: internet 'rpcinfo -p $SRV_WAN4' fails (authentication error)" '[Aa]uthentication error' "$out"

show "before the restart with --allow-lookups"
before=$(listing)
daemon_stop || { not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; }
daemon_start $HOPTS --allow-lookups=198.51.100.0/24
show "after the restart with --allow-lookups"
check_eq "-w restart with --allow-lookups: the listing is identical" "$before" "$(listing)"
out=$(inet nfs-ls "$URL?debug=2")
printf '%s\n' "$out" | diag
check_grep "--allow-lookups: the internet host's NFSv3 fails" 'Failed to mount' "$out"
check_eq "--allow-lookups: ... at the portmapper (one connection, no MOUNT reply)" "1 0" \
	"$(grep -c 'connection established' <<<"$out") $(grep -c 'MNT3ERR' <<<"$out")"
check_eq "--allow-lookups: libnfs's step (v2 GETPORT mountd 3 tcp over TCP) from the internet: AUTH_TOOWEAK" \
	"denied auth 5" "$(on_inet "$X" -R call tcp $SRV_LAN4 2 getport 100005 3 tcp 2>&1)"
lan_nfs "--allow-lookups, NFSv3" "" 100000
out=$(inet rpcinfo -p $SRV_WAN4)
check_grep "--allow-lookups: internet 'rpcinfo -p $SRV_WAN4' fails" '[Aa]uthentication error|rpcinfo: can.t contact' "$out"
out=$(inet rpcinfo -T udp $SRV_WAN4)
check "--allow-lookups: internet 'rpcinfo -T udp $SRV_WAN4' (DUMP over UDP) lists nothing" \
	sh -c "! printf '%s\n' \"\$1\" | grep -Eq '^ +[0-9]{6,} +[0-9]+ '" _ "$out"
check_fail "--allow-lookups: internet 'rpcinfo -T udp $SRV_WAN4 100000 4' (NULL) gets no answer" \
	on_inet timeout -s KILL 20 rpcinfo -T udp $SRV_WAN4 100000 4
out=$(on_inet timeout -s KILL 60 nmap -n -Pn -sU -sT -p111 --max-retries 1 --host-timeout 30s \
	--script rpcinfo $SRV_WAN4 2>&1)
grep -E '^111/|rpcinfo|^\|' <<<"$out" | diag
check_grep "--allow-lookups: nmap from the internet reached $SRV_WAN4:111" '^111/(tcp|udp) ' "$out"
check_eq "--allow-lookups: nmap --script rpcinfo lists no program" "" \
	"$(grep -E '^\|[_ ] +[0-9]{6,} ' <<<"$out" | awk '{ print $2 }' | sort -u | xargs)"

# Back to the defaults (another -w restart under running servers).
daemon_stop || { not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; }
daemon_start $HOPTS
check_eq "-w restart back to the defaults: the listing is identical" "$before" "$(listing)"

# --- 6. -w restart after SIGTERM ------------------------------------------------------
show "before the SIGTERM restart"
before=$(listing)
if daemon_stop; then ok "rpcbindd exits 0 on SIGTERM"; else not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; fi
daemon_start $HOPTS
show "after the SIGTERM restart"
check_eq "SIGTERM, restart with -w: the listing (owners included) is identical" "$before" "$(listing)"
still_running "SIGTERM restart"
lan_v3_reads "after the SIGTERM restart"
lan_nfs "after the SIGTERM restart, NFSv3" "" 100000
out=$(lan showmount -e $SRV_LAN4)
check_grep "after the SIGTERM restart: LAN showmount -e lists /export" '^/export ' "$out"

# --- 7. -w restart after kill -9 -------------------------------------------------------
show "before kill -9"
before=$(listing)
kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=""
# The stale socket and lock file stay, as after a crash.
daemon_start $HOPTS
show "after kill -9 and the restart"
check_eq "kill -9, restart with -w: the listing (owners included) is identical" "$before" "$(listing)"
still_running "kill -9 restart"
lan_v3_reads "after kill -9"
lan_nfs "after kill -9, NFSv3" "" 100000
ganesha_log_clean "after the restarts"

# --- 8. negative control: the LAN address not served --------------------------------------
daemon_stop || { not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; }
daemon_start -w
out=$(lan nfs-cat "$URL/f1")
if cmp -s "$T/f1.src" <(printf '%s' "$out"); then
	not_ok "negative control: without -h $SRV_LAN4 the LAN's NFSv3 read fails"
else
	ok "negative control: without -h $SRV_LAN4 the LAN's NFSv3 read fails"
	printf '%s\n' "$out" | head -n 3 | diag
fi
check_fail "negative control: ... and nfs-ls over NFSv3 fails" on_lan timeout -s KILL 20 nfs-ls "$URL"
check "control: NFSv4 (no portmapper) still works from the LAN" on_lan timeout -s KILL 20 nfs-ls "$URL?version=4"
daemon_stop || { not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; }
daemon_start $HOPTS
lan_v3_reads "back with -h $SRV_LAN4"

# --- 9. clean shutdown of the servers ----------------------------------------------------
stop_pid "$GPID" 20 && ok "ganesha exits on SIGTERM" || not_ok "ganesha exits on SIGTERM within 20 s"
GPID=""
check "ganesha unregistered nfs, mountd, nlockmgr, rquotad" \
	wait_until 5 sh -c '! rpcinfo -p | awk "{ print \$1 }" | grep -Eq "^1000(03|05|21|11)\$"'
stop_pid "$SPID" 5 && ok "rpc.statd exits on SIGTERM" || not_ok "rpc.statd exits on SIGTERM within 5 s"
SPID=""
check "rpc.statd unregistered status" wait_until 5 sh -c '! rpcinfo -p | grep -q "^ *100024 "'
show "at the end"
if daemon_stop; then ok "rpcbindd exits 0 on SIGTERM"; else not_ok "rpcbindd exits 0 on SIGTERM"; tail -n 20 "$T/daemon.log" | diag; fi
done_testing
