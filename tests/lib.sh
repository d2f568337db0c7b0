# tests/lib.sh — sourced by every system test (bash).
#
# A system test calls `ns_enter "$@"` first: the script re-runs itself inside
# a fresh network namespace (only `lo`, up) and a private mount namespace with
# a tmpfs on /run (so /run/rpcbind.sock, /var/run/rpcbind.sock and the
# abstract "\0/run/rpcbind.sock" are the test's own), and the namespace is
# deleted afterwards. Nothing here touches the host's port 111 or /run.
#
# Results are TAP: ok/not_ok/check print "ok N - text" lines; call
# done_testing at the end. Every wait is bounded; every process started is
# stopped by its PID (daemon_stop, and a trap on exit).

set -u

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${RPCBINDD:=$top_builddir/rpcbindd/rpcbindd}"
REF_RPCBIND=${REF_RPCBIND:-/usr/sbin/rpcbind}
TESTBIN=$top_builddir/tests
export top_srcdir top_builddir RPCBINDD REF_RPCBIND TESTBIN

t_n=0
t_failed=0

ok()     { t_n=$((t_n + 1)); echo "ok $t_n - $*"; }
not_ok() { t_n=$((t_n + 1)); t_failed=$((t_failed + 1)); echo "not ok $t_n - $*"; }
diag()   { sed 's/^/# /'; }
bail()   { echo "Bail out! $*"; exit 1; }

# check DESC CMD...: ok when CMD exits 0; its output is shown on failure.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc"; printf '%s\n' "$out" | diag; fi
}
# check_fail DESC CMD...: ok when CMD exits non-zero.
check_fail() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then not_ok "$desc"; printf '%s\n' "$out" | diag; else ok "$desc"; fi
}
# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; { echo "expected:"; printf '%s\n' "$2"; echo "got:"; printf '%s\n' "$3"; } | diag
	fi
}
# check_grep DESC REGEX TEXT
check_grep() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"; else
		not_ok "$1"; { echo "no line matches: $2"; printf '%s\n' "$3"; } | diag
	fi
}
done_testing() { echo "1..$t_n"; exit 0; }

# probe_lines FILE STATUS NAME: turn a C probe's "ok - / not ok - / # "
# lines into TAP; a status above 1 (the probe itself failed) is a failure.
probe_lines() {
	local f=$1 rc=$2 line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		"# "*) printf "%s\n" "${line#\# }" | diag ;;
		*) printf "%s\n" "$line" | diag ;;
		esac
	done <"$f"
	[ "$rc" -le 1 ] || not_ok "$3 exited $rc"
}
# The running daemon's resident memory, in kB.
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$DPID/status"; }

# have_ref: true when Debian's rpcbind is there to compare with; otherwise
# one failed check (a contrast that cannot run is a failure, not a skip).
have_ref() {
	[ -x "$REF_RPCBIND" ] && return 0
	not_ok "Debian's rpcbind ($REF_RPCBIND) is missing: tools/build.sh installs it"
	return 1
}
need_cmd() { command -v "$1" >/dev/null 2>&1 || bail "missing tool: $1 (tools/build.sh installs it)"; }

ns_enter() {
	[ -n "${RPCBT_NS:-}" ] && return 0
	[ "$(id -u)" = 0 ] || bail "system tests need root (network namespaces)"
	need_cmd ip; need_cmd unshare
	local ns rc
	ns=rpcbt-$$-$RANDOM
	ip netns add "$ns" || bail "ip netns add failed"
	ip netns exec "$ns" ip link set lo up
	RPCBT_NS=$ns ip netns exec "$ns" unshare -m --propagation private \
		bash -c 'mount -t tmpfs -o mode=755 tmpfs /run && mkdir -p /run/lock && exec bash "$0" "$@"' "$0" "$@"
	rc=$?
	# Anything a failed test left behind dies with its namespace.
	local pids
	pids=$(ip netns pids "$ns" 2>/dev/null)
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null
	ip netns del "$ns"
	exit $rc
}

# Inside the namespace: clients run as other users (setpriv) must read the
# LeakSanitizer suppressions too, and the build tree may be private.
if [ -n "${RPCBT_NS:-}" ] && [ -n "${LSAN_OPTIONS:-}" ] &&
    [ -f "$top_srcdir/tests/lsan.supp" ]; then
	cp "$top_srcdir/tests/lsan.supp" /run/lsan.supp && chmod 644 /run/lsan.supp &&
		export LSAN_OPTIONS="suppressions=/run/lsan.supp:print_suppressions=0"
fi

# Memory bounds are checked in the normal build. Under ASan freed memory
# waits in a quarantine, so a sanitizer build gets this much slack.
RSS_SLACK_KB=0
grep -q 'define RPCBINDD_SANITIZERS 1' "$top_builddir/autoconfig.h" 2>/dev/null &&
	RSS_SLACK_KB=8192

T=$(mktemp -d /tmp/rpcbt.XXXXXX)
DPID=""
cleanup() {
	[ -z "$DPID" ] || { kill "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; }
	rm -rf "$T"
}
trap cleanup EXIT

# wait_until SECONDS CMD...: poll CMD every 50 ms, at most SECONDS.
wait_until() {
	local n=$(($1 * 20))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# Each probe is bounded too: rpcinfo can wait far longer than wait_until's
# step when something takes the connection and never answers.
portmapper_up() {
	[ -S /run/rpcbind.sock ] &&
		timeout -s KILL 3 rpcinfo -T udp 127.0.0.1 100000 2 &&
		timeout -s KILL 3 rpcinfo -T tcp 127.0.0.1 100000 4
}

# stop_pid PID [SECONDS]: SIGTERM, wait at most SECONDS (5), then SIGKILL,
# and reap it. 0 when it exited by itself within the time.
stop_pid() {
	local pid=$1 n=$((${2:-5} * 20)) rc=0
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
	if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; rc=1; fi
	wait "$pid" 2>/dev/null
	return $rc
}

# register_nfs_root: the 40-entry NFS table (status 1; nlockmgr 1 3 4;
# mountd 1 2 3; nfs 3 4; nfs_acl 3: 10 x udp, tcp, udp6, tcp6 at wildcard
# addresses, ports from 20001) registered as root over the local socket
# with libtirpc's rpcb_set. Prints the number of failures.
register_nfs_root() {
	local pv p v nid port=20000 fails=0 a
	for pv in 100024:1 100021:1 100021:3 100021:4 100005:1 100005:2 100005:3 \
	    100003:3 100003:4 100227:3; do
		p=${pv%:*}; v=${pv#*:}
		for nid in udp tcp udp6 tcp6; do
			port=$((port + 1))
			case $nid in
			*6) a="::.$((port / 256)).$((port % 256))" ;;
			*)  a="0.0.0.0.$((port / 256)).$((port % 256))" ;;
			esac
			[ "$("$TESTBIN/clients/rpcbtool" -t 3 set "$p" "$v" "$nid" "$a" 2>&1)" = TRUE ] ||
				fails=$((fails + 1))
		done
	done
	echo $fails
}

# daemon_start [ARGS...]: start rpcbindd in the foreground (background job),
# log in $T/daemon.log, wait until it answers on udp, tcp and the socket.
daemon_start() {
	"$RPCBINDD" -f "$@" >"$T/daemon.log" 2>&1 &
	DPID=$!
	wait_until 5 portmapper_up || { cat "$T/daemon.log" | diag; bail "rpcbindd did not come up"; }
}
# ref_start [ARGS...]: the same for Debian's rpcbind (reference daemon).
ref_start() {
	"$REF_RPCBIND" -f "$@" >"$T/ref.log" 2>&1 &
	DPID=$!
	wait_until 5 portmapper_up || { cat "$T/ref.log" | diag; bail "rpcbind did not come up"; }
}
# daemon_stop: SIGTERM, wait at most 5 s, then SIGKILL. Returns the exit status.
daemon_stop() {
	local rc=0 n=100
	[ -n "$DPID" ] || return 0
	kill "$DPID" 2>/dev/null
	while kill -0 "$DPID" 2>/dev/null && [ $n -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
	kill -0 "$DPID" 2>/dev/null && kill -9 "$DPID"
	wait "$DPID" || rc=$?
	DPID=""
	rm -f /run/rpcbind.sock /run/rpcbind.lock
	return $rc
}
