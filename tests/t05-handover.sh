#!/bin/bash
# t05-handover: what the Debian package's scripts ask systemd, against a
# fake systemctl that keeps unit states in files (the real-systemd test
# boots a container; this one checks the decisions, in a second): the
# takeover stops the portmapper and its dependents in one transaction and
# starts them again in one, says once that only loopback is served, obeys
# policy-rc.d; the removal hands everything back; after an rpcbind update
# only the units that went down with its socket are started again.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
H=$top_srcdir/debian/handover
[ -f "$H" ] || bail "missing $H"
fb=$T/bin S=$T/state
mkdir -p "$fb" "$S" /run/systemd/system
# systemctl: is-active, show (RequiredBy, BoundBy, RequisiteOf, Listen,
# InactiveEnterTimestampMonotonic), start, stop, try-restart, daemon-reload.
# Stopping rpcbind.socket stops what requires it, as systemd does.
cat >"$fb/systemctl" <<'EOS'
#!/bin/bash
echo "systemctl $*" >>"$S/log"
cmd=$1; shift
stop1() { [ -e "$S/$1.active" ] || return 0; rm -f "$S/$1.active"; cat "$S/clock" >"$S/$1.inact"; }
case $cmd in
is-active) [ -e "$S/$1.active" ] && { echo active; exit 0; }; echo inactive; exit 3 ;;
show)
	props=() units=()
	while [ $# -gt 0 ]; do
		case $1 in -p) props+=("$2"); shift 2 ;; --value) shift ;; *) units+=("$1"); shift ;; esac
	done
	for u in "${units[@]}"; do for p in "${props[@]}"; do
		case $p in
		RequiredBy) cat "$S/$u.requiredby" 2>/dev/null || echo ;;
		Listen) cat "$S/listen" ;;
		InactiveEnterTimestampMonotonic) cat "$S/$u.inact" 2>/dev/null || echo 0 ;;
		*) echo ;;
		esac
	done; done ;;
stop)
	for u in "$@"; do
		for d in $(cat "$S/$u.requiredby" 2>/dev/null); do stop1 "$d"; done
		stop1 "$u"
	done ;;
start) for u in "$@"; do touch "$S/$u.active"; done ;;
esac
exit 0
EOS
printf '#!/bin/sh\necho "logger $*" >>"$S/log"\n' >"$fb/logger"
printf '#!/bin/sh\necho "dpkg-divert $*" >>"$S/log"\n' >"$fb/dpkg-divert"
chmod 755 "$fb"/*
export S
# A host running Debian's rpcbind and rpc-statd; nfs-mountd.service also
# requires the socket but is not running.
host() {
	rm -rf "$S" /run/rpcbindd.handover /run/rpcbindd.takeover && mkdir -p "$S/keep"
	touch "$S/rpcbind.socket.active" "$S/rpcbind.service.active" "$S/rpc-statd.service.active"
	echo "rpc-statd.service nfs-mountd.service rpcbind.service" >"$S/rpcbind.socket.requiredby"
	printf '%s\n' "/run/rpcbind.sock (Stream)" "127.0.0.1:111 (Datagram)" "[::1]:111 (Stream)" >"$S/listen"
	echo 5000000000 >"$S/clock"
}
h() { PATH="$fb:$PATH" HANDOVER_STATE_DIR="$S/keep" POLICY_RC_D="$T/policy" sh "$H" "$@" >"$T/out" 2>&1; }
calls() { grep -E '^systemctl (start|stop|try-restart|daemon-reload)' "$S/log"; }

host
h takeover
check_eq "takeover: stop both units in one call, reload, start what ran in one call" \
"systemctl stop rpcbind.service rpcbind.socket
systemctl daemon-reload
systemctl start rpcbind.socket rpcbind.service rpc-statd.service" "$(calls)"
check "takeover: rpc-statd runs again" test -e "$S/rpc-statd.service.active"
check "takeover: nfs-mountd (not running before) is not started" test ! -e "$S/nfs-mountd.service.active"
check_eq "takeover: the journal says once that only loopback is served" 1 \
	"$(grep -c '^logger .*loopback and the local socket only' "$S/log")"
check_eq "takeover: rpc-statd noted as a unit to keep" "rpc-statd.service" "$(cat "$S/keep/dependents")"

host
printf '%s\n' "/run/rpcbind.sock (Stream)" "127.0.0.1:111 (Datagram)" "198.51.100.1:111 (Datagram)" >"$S/listen"
h takeover
check_eq "takeover with a LAN address named: no loopback-only notice" 0 "$(grep -c '^logger' "$S/log")"

host
printf '#!/bin/sh\nexit 101\n' >"$T/policy"; chmod 755 "$T/policy"
h takeover
check_eq "policy-rc.d 101: nothing stopped or started" "systemctl daemon-reload" "$(calls)"
check_grep "...and it says so" 'policy-rc.d forbids: stop rpcbind.service' "$(cat "$T/out")"
rm -f "$T/policy"

host
h upgrade
check_eq "upgrade: the service restarts, the socket (and rpc-statd) stay" \
"systemctl daemon-reload
systemctl try-restart rpcbind.service" "$(calls)"

# Removal: the prerm's release, then the postrm as dpkg runs it.
host
h release
check_eq "release: one stop call" "systemctl stop rpcbind.service rpcbind.socket" "$(calls)"
check_eq "release: notes what ran, the portmapper first" \
"rpcbind.socket
rpcbind.service
rpc-statd.service" "$(cat /run/rpcbindd.handover)"
: >"$S/log"
# The postrm finds policy-rc.d in PATH (this host may have one saying 101).
mkdir -p "$T/pol"; printf '#!/bin/sh\nexit 0\n' >"$T/pol/policy-rc.d"; chmod 755 "$T/pol/policy-rc.d"
PATH="$T/pol:$fb:$PATH" sh "$top_srcdir/debian/rpcbindd.postrm" remove >"$T/out" 2>&1
check_eq "postrm remove: exit 0" 0 "$?"
check_grep "postrm remove: the diversion goes, rpcbind's binary back" \
	'^dpkg-divert --package rpcbindd --remove --rename --divert /sbin/rpcbind\.distrib /sbin/rpcbind$' "$(cat "$S/log")"
check_eq "postrm remove: reload, then start rpcbind and rpc-statd in one call" \
"systemctl --system daemon-reload
systemctl start rpcbind.socket rpcbind.service rpc-statd.service" "$(grep '^systemctl' "$S/log")"
check "postrm remove: the note is gone" test ! -e /run/rpcbindd.handover
host
h release
: >"$S/log"
printf '#!/bin/sh\nexit 101\n' >"$T/pol/policy-rc.d"
PATH="$T/pol:$fb:$PATH" sh "$top_srcdir/debian/rpcbindd.postrm" remove >"$T/out" 2>&1
check_eq "postrm remove under policy-rc.d 101: reload only" "systemctl --system daemon-reload" \
	"$(grep '^systemctl' "$S/log")"

# An rpcbind update: its preinst stopped the socket (and rpc-statd with
# it) at t=10 s, its postinst started the portmapper again.
host
echo 1 >"$S/keep/dependents"; echo rpc-statd.service >"$S/keep/dependents"
echo "rpc-statd.service nfs-mountd.service old.service lost.service rpcbind.service" >"$S/rpcbind.socket.requiredby"
rm -f "$S/rpc-statd.service.active"
echo 10000000000 >"$S/rpcbind.socket.inact"
echo 9999000000 >"$S/rpc-statd.service.inact"		# 1 s before the socket
echo 100000000 >"$S/old.service.inact"		# stopped long before
h revive
check_eq "revive: starts rpc-statd (down with the socket) and nothing else" \
	"systemctl start rpc-statd.service" "$(calls)"
# The same, rpc-statd unloaded since (no time known): it ran at the takeover.
host
echo rpc-statd.service >"$S/keep/dependents"
rm -f "$S/rpc-statd.service.active"
echo 10000000000 >"$S/rpcbind.socket.inact"
h revive
check_eq "revive: a kept unit with no stop time is started" "systemctl start rpc-statd.service" "$(calls)"
host
: >"$S/keep/dependents"
rm -f "$S/rpc-statd.service.active"
echo 10000000000 >"$S/rpcbind.socket.inact"
h revive
check_eq "revive: an unkept unit with no stop time is not" "" "$(calls)"
echo 30000000 >"$S/rpcbind.socket.inact"	# 30 s after boot: 0 is in the window
h revive
check_eq "revive: ...even when the socket went down early after boot" "" "$(calls)"
host
rm -f "$S/rpcbind.socket.active" "$S/rpc-statd.service.active"
echo 10000000000 >"$S/rpcbind.socket.inact"; echo 9999000000 >"$S/rpc-statd.service.inact"
h revive
check_eq "revive: nothing while the portmapper's socket is down (rpcbind's choice)" "" "$(calls)"

rmdir /run/systemd/system
host
h takeover
check_eq "no systemd running (a chroot): nothing asked" "" "$(cat "$S/log" 2>/dev/null)"
done_testing
