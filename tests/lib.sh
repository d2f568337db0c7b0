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

# probe_lines FILE STATUS [NAME]: the one translator from a C probe's
# "ok - " / "not ok - " / "# " lines to this script's TAP lines and
# diagnostics; a STATUS above 1 (the probe itself failed) is one more
# failure, named after NAME (default: the test's $PROBE).
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
	[ "$rc" -le 1 ] || not_ok "${3:-${PROBE##*/}} exited $rc"
}
# probe_init VAR FILE NOFILE: $PROBE is the test's C probe, $VAR when the
# environment names one, else $TESTBIN/FILE; bails unless it and rpcbtool
# are built, or when the descriptor limit cannot be raised to NOFILE (its
# many connections need descriptors here and in the daemon, which inherits
# the limit).
probe_init() {
	PROBE=${!1:-$TESTBIN/$2}
	need_exe "$PROBE" "$RPCBTOOL"
	ulimit -n "$3" || bail "cannot raise the descriptor limit"
}
# probe ARGS...: run the test's C probe ($PROBE) with ARGS; its lines become TAP.
probe() {
	local rc=0
	"$PROBE" "$@" >"$T/probe.out" 2>&1 || rc=$?
	probe_lines "$T/probe.out" $rc
}
# proto_init: for the tests that run tests/proto/rpcprobe: $PROBE, and in
# $target the daemon it checks (with rpcbind, its measured behaviour where
# ours differs on purpose).
proto_init() {
	PROBE=${RPCPROBE:-$TESTBIN/proto/rpcprobe}
	need_exe "$PROBE"
	case ${RPCBINDD##*/} in
	rpcbind) target=rpcbind ;;
	*) target=rpcbindd ;;
	esac
}
# proto_run ARGS...: rpcprobe against the running daemon, its TAP lines
# (numbered, no plan) shown as they come; this script's checks are
# numbered after them. A probe that stops early is one more failure.
proto_run() {
	local rc
	"$PROBE" --target="$target" --no-plan "$@" | tee "$T/probe.tap"
	rc=${PIPESTATUS[0]}
	t_n=$(grep -cE '^(not )?ok ' "$T/probe.tap")
	[ "$rc" = 0 ] || [ "$rc" = 1 ] || not_ok "rpcprobe ran to the end (status $rc)"
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
# need_exe FILE...: the test programs this script runs (make check builds them).
need_exe() {
	local f
	for f; do [ -x "$f" ] || bail "missing $f (make check builds it)"; done
}
# The libtirpc client every test may call (tests/clients/rpcbtool).
RPCBTOOL=${RPCBTOOL:-$TESTBIN/clients/rpcbtool}

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
	ns_del "$ns"
	exit $rc
}
# ns_del NS: kill whatever still runs in network namespace NS, delete it.
ns_del() {
	local pids
	[ -n "$1" ] || return 0
	pids=$(ip netns pids "$1" 2>/dev/null)
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null
	ip netns del "$1" 2>/dev/null
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
SPID=""
AT_EXIT=""
# at_exit CMD: one more thing for the EXIT trap to do (CMD is eval'd, the
# last one added first), before the echo server and the daemon are stopped
# and $T removed. One trap for all: a helper that set its own would drop
# the test's.
at_exit() { AT_EXIT="$1${AT_EXIT:+; $AT_EXIT}"; }
cleanup() {
	eval "$AT_EXIT"
	[ -z "$SPID" ] || stop_pid "$SPID"
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
# stop [WHAT]: daemon_stop as a check: "daemon exits 0 on SIGTERM (WHAT)",
# with the end of the daemon's log when it does not.
stop() {
	local d="daemon exits 0 on SIGTERM${*:+ ($*)}"
	if daemon_stop; then ok "$d"; else not_ok "$d"; tail -n 40 "$T/daemon.log" | diag; fi
}
# check_running DESC: a check that the daemon still runs; its log when not.
check_running() {
	if kill -0 "$DPID" 2>/dev/null; then ok "$1"; else not_ok "$1"; diag <"$T/daemon.log"; fi
}
# alive WHEN...: check_running "daemon still running WHEN".
alive() { check_running "daemon still running $*"; }

# as_uid UID CMD...: CMD as another user (uid and gid UID, no groups).
as_uid() { local u=$1; shift; setpriv --reuid="$u" --regid="$u" --clear-groups "$@"; }
NOBODY=65534
as_nobody() { as_uid $NOBODY "$@"; }

# start_server PROG: rpcbtool's svc_create() echo server for PROG version 1
# (it registers udp, tcp, udp6 and tcp6), in the background as $SPID;
# returns once it has registered. stop_server: SIGTERM (it unregisters).
start_server() {
	"$RPCBTOOL" server "$1" 1 >"$T/server.out" 2>&1 &
	SPID=$!
	wait_until 5 grep -q '^ready' "$T/server.out" ||
		{ diag <"$T/server.out"; bail "echo server did not start"; }
}
stop_server() { stop_pid "$SPID"; SPID=""; }
# rb ARGS...: rpcbtool, bounded to 3 s; rb_nobody: the same as uid 65534.
rb() { "$RPCBTOOL" -t 3 "$@"; }
rb_nobody() { as_nobody "$RPCBTOOL" -t 3 "$@"; }
# listing: the table as `rpcinfo` shows it (v3 DUMP over the local socket);
# others: its entries but the portmapper's own.
listing() { rpcinfo 2>&1; }
others() { rpcinfo 2>&1 | awk 'NR > 1 && $1 != 100000'; }
# state_init: for the warm-start tests: $ST is tests/state/stfile (it
# decodes the state file by the documented format, independently of the
# daemon), $D the state directory, $F the daemon's file in it.
state_init() {
	ST=${STFILE:-$TESTBIN/state/stfile}
	need_exe "$RPCBTOOL" "$ST"
	D=/run/rpcbind
	F=$D/rpcbindd.state
}
# port_of UADDR: the "p1.p2" that ends a universal address.
port_of() { printf '%s\n' "$1" | awk -F. '{ print $(NF - 1) "." $NF }'; }

# The daemon's counters (refused, oversize, ratelimited, spoofed, garbage,
# capped), logged as one line on SIGUSR1.
# counters: ask for a fresh line, keep it in $COUNTERS and print it; 1 when
# none came within 3 s. counter NAME: NAME's value in $COUNTERS.
# counter_now NAME: both, for one value.
COUNTERS=""
counters() {
	local before
	before=$(grep -c 'counters:' "$T/daemon.log" 2>/dev/null)
	kill -USR1 "$DPID" 2>/dev/null || return 1
	wait_until 3 sh -c "[ \$(grep -c 'counters:' '$T/daemon.log') -gt ${before:-0} ]" || {
		COUNTERS=""
		return 1
	}
	COUNTERS=$(grep 'counters:' "$T/daemon.log" | tail -n1)
	printf '%s\n' "$COUNTERS"
}
counter() {
	printf '%s\n' "$COUNTERS" | sed -n "s/.*[:,] $1 \([0-9][0-9]*\).*/\1/p"
}
counter_now() { counters >/dev/null; counter "$1"; }
# check_counted NAME [WHY]: a fresh counters line shows NAME above 0.
check_counted() {
	local c
	if counters >/dev/null; then
		printf '%s\n' "$COUNTERS" | diag
		c=$(counter "$1")
		check "counters: $1 ${c:-?} > 0${2:+ ($2)}" test "${c:-0}" -gt 0
	else
		not_ok "SIGUSR1 logs a counters line"
	fi
}
