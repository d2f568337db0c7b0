#!/bin/bash
# tests/bench/bench.sh — rpcbindd against Debian's rpcbind, in one run, in
# private network and mount namespaces (tests/lib.sh's ns_enter), and ONE
# table with both and the ratio. Run by `make bench` (root); not part of
# `make check`.
#
# Both daemons get the same 40-entry NFS table (status, nlockmgr, mountd,
# nfs, nfs_acl on udp, tcp, udp6, tcp6) and are started alternately, round
# after round (BENCH_ROUNDS, default 2; each figure is the round with the
# best throughput). The daemon runs on CPU $BENCH_DCPU (1), the load
# generator on CPU $BENCH_CCPU (0).
#
# Measured per daemon: UDP GETPORT v2 and UDP GETADDR v4 at windows 1, 16,
# 64; TCP GETPORT on one connection and reconnecting per call; p50/p99
# latency; daemon CPU us per call (utime+stime from /proc/PID/stat over the
# run / replies); RSS before and after the load; throughput with 1,000 idle
# TCP connections held vs none; RSS during and after a 5,000-connection
# flood; and instructions per call under callgrind (a run with
# BENCH_CALLGRIND_N calls minus a run with none, / N): deterministic, so
# the only figure the noise of a shared machine does not move.
#
# Under valgrind rpcbindd runs with --seccomp=off (valgrind's own system
# calls are not on the allowlist) and --state-dir=/run/cg: it still
# chroots there and drops to _rpc, so callgrind's output file is named
# /run/cg/out.N, which after the chroot lands in /run/cg/run/cg/out.N,
# a directory _rpc can write.
#
# Environment: BENCH_SECS (3) seconds per throughput run; BENCH_ROUNDS (2);
# BENCH_CALLGRIND=0 skips valgrind; BENCH_CALLGRIND_N (20000);
# BENCH_FLOOD (5000); BENCH_IDLE (1000); BENCH_RAW (tests/bench/bench.raw
# in the build tree) keeps every loadgen line and the callgrind profiles.
#
# Every wait is bounded; every process is stopped by its PID.
. "$(dirname "$0")/../lib.sh"; ns_enter "$@"
need_cmd taskset

LOADGEN=$TESTBIN/bench/loadgen
RPCBTOOL=$TESTBIN/clients/rpcbtool
[ -x "$LOADGEN" ] || bail "missing $LOADGEN (make tests/bench/loadgen)"
[ -x "$RPCBTOOL" ] || bail "missing $RPCBTOOL (make tests/clients/rpcbtool)"
[ -x "$RPCBINDD" ] || bail "missing $RPCBINDD"
[ -x "$REF_RPCBIND" ] || bail "missing $REF_RPCBIND (apt-get install rpcbind)"

SECS=${BENCH_SECS:-3}
ROUNDS=${BENCH_ROUNDS:-2}
CG=${BENCH_CALLGRIND:-1}
CGN=${BENCH_CALLGRIND_N:-20000}
FLOOD=${BENCH_FLOOD:-5000}
IDLE=${BENCH_IDLE:-1000}
DCPU=${BENCH_DCPU:-1}
CCPU=${BENCH_CCPU:-0}
RAW=${BENCH_RAW:-$top_builddir/tests/bench/bench.raw}
HZ=$(getconf CLK_TCK)
: >"$RAW" || bail "cannot write $RAW"

# Reconnecting clients leave ports in TIME_WAIT: widen the range (this
# namespace only) and rotate source addresses (loadgen --src-rotate).
sysctl -qw net.ipv4.ip_local_port_range="1024 65000" 2>/dev/null
sysctl -qw net.ipv4.tcp_tw_reuse=1 2>/dev/null

LGPID=""
trap '[ -z "$LGPID" ] || { kill "$LGPID" 2>/dev/null; wait "$LGPID" 2>/dev/null; }; cleanup' EXIT

raw() { printf '%s\n' "$*" >>"$RAW"; }
# field NAME LINE: the value of NAME=... in a loadgen line
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# The NFS server's table: 10 (program, version) pairs on 4 netids.
register_table() {
	local pv p v port netid uaddr n=0 out
	for pv in 100024:1:32765 100021:1:32768 100021:3:32768 100021:4:32768 \
	    100005:1:20048 100005:2:20048 100005:3:20048 100003:3:2049 \
	    100003:4:2049 100227:3:2049; do
		IFS=: read -r p v port <<<"$pv"
		for netid in udp tcp udp6 tcp6; do
			case $netid in
			*6) uaddr="::.$((port / 256)).$((port % 256))" ;;
			*) uaddr="0.0.0.0.$((port / 256)).$((port % 256))" ;;
			esac
			out=$("$RPCBTOOL" -t 10 set "$p" "$v" "$netid" "$uaddr" 2>&1)
			[ "$out" = TRUE ] && n=$((n + 1))
		done
	done
	[ $n = 40 ] || bail "registered $n of 40 entries"
}

# start_daemon NAME [WRAPPER...]: the daemon on CPU $DCPU, up, table set.
start_daemon() {
	local name=$1
	shift
	if [ "$name" = rpcbindd ]; then
		taskset -c "$DCPU" "$@" "$RPCBINDD" -f ${DAEMON_ARGS:-} >"$T/$name.log" 2>&1 &
	else
		taskset -c "$DCPU" "$@" "$REF_RPCBIND" -f >"$T/$name.log" 2>&1 &
	fi
	DPID=$!
	wait_until 60 portmapper_up || { diag <"$T/$name.log"; bail "$name did not come up"; }
	register_table
}

# load NAME KEY ARGS...: one loadgen run against the running daemon,
# recording rps, latency, CPU per call; keeps the best round per KEY.
declare -A R
load() {
	local name=$1 key=$2 c0 c1 line rps recv cpu
	shift 2
	c0=$(cpu_ticks "$DPID")
	line=$(taskset -c "$CCPU" "$LOADGEN" --duration="$SECS" "$@" 2>&1 | tail -1)
	c1=$(cpu_ticks "$DPID")
	raw "$name $key: $line"
	rps=$(field rps "$line"); recv=$(field recv "$line")
	[ -n "$rps" ] || { echo "# $name $key: loadgen failed: $line" >&2; return 0; }
	cpu=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v n="$recv" \
	    'BEGIN { printf "%.2f", (n > 0 ? d * 1e6 / hz / n : 0) }')
	if [ -z "${R[$name,$key,rps]:-}" ] || [ "$rps" -gt "${R[$name,$key,rps]}" ]; then
		R[$name,$key,rps]=$rps
		R[$name,$key,p50]=$(field p50_us "$line")
		R[$name,$key,p99]=$(field p99_us "$line")
		R[$name,$key,cpu]=$cpu
		R[$name,$key,lost]=$(( $(field lost "$line") + $(field errors "$line") ))
	fi
}

TESTS="udp-getport:1 udp-getport:16 udp-getport:64 udp-getaddr:1 udp-getaddr:16 udp-getaddr:64 tcp-getport:1 tcp-reconnect:1"

bench_daemon() {
	local name=$1 t mode w line
	start_daemon "$name"
	R[$name,rss_before]=$(rss_kb "$DPID")
	for t in $TESTS; do
		mode=${t%%:*} w=${t##*:}
		load "$name" "$t" --mode="$mode" --window="$w" --src-rotate=200
	done
	R[$name,rss_after]=$(rss_kb "$DPID")
	# idle connections: the same load with and without them, back to back
	load "$name" "udp-getport:16:idle0" --mode=udp-getport --window=16
	load "$name" "udp-getport:16:idle$IDLE" --mode=udp-getport --window=16 --idle="$IDLE"
	load "$name" "tcp-getport:1:idle0" --mode=tcp-getport --window=1
	load "$name" "tcp-getport:1:idle$IDLE" --mode=tcp-getport --window=1 --idle="$IDLE"
	# flood: RSS while FLOOD connections are held, and after
	sleep 1
	R[$name,rss_steady]=$(rss_kb "$DPID")
	taskset -c "$CCPU" "$LOADGEN" --mode=none --flood="$FLOOD" --hold=3 >"$T/flood.out" 2>&1 &
	LGPID=$!
	wait_until 30 grep -q '^flood connected=' "$T/flood.out" || true
	sleep 1
	R[$name,rss_flood]=$(rss_kb "$DPID")
	wait "$LGPID"; LGPID=""
	raw "$name flood: $(tr '\n' ' ' <"$T/flood.out")"
	R[$name,flood_conn]=$(field flood_connected "$(tail -1 "$T/flood.out")")
	R[$name,flood_open]=$(field flood_open "$(tail -1 "$T/flood.out")")
	sleep 2
	R[$name,rss_postflood]=$(rss_kb "$DPID")
	R[$name,alive]=no
	rpcinfo -T udp 127.0.0.1 100000 2 >/dev/null 2>&1 &&
		rpcinfo -T tcp 127.0.0.1 100000 4 >/dev/null 2>&1 && R[$name,alive]=yes
	daemon_stop || true
}

# ------------------------------------------------------------- callgrind
# cg_run NAME [LOADGEN-ARGS...]: the instructions (Ir) one daemon executes
# from start to exit with this load (none without arguments), in CG_IR; the
# profile in CG_OUT.
cg_run() {
	local name=$1 out=/run/cg/run/cg/out line
	shift
	rm -rf /run/cg
	mkdir -p /run/cg/run/cg && chown -R _rpc /run/cg && chmod 1777 /run/cg/run/cg
	if [ "$name" = rpcbindd ]; then
		# chrooted to /run/cg: /run/cg/out is /run/cg/run/cg/out outside
		DAEMON_ARGS="--seccomp=off --state-dir=/run/cg" \
			start_daemon "$name" valgrind --tool=callgrind --callgrind-out-file=/run/cg/out
	else
		# valgrind creates the file as root at start and writes it at
		# exit, after rpcbind has switched to _rpc: let _rpc write it
		start_daemon "$name" valgrind --tool=callgrind --callgrind-out-file="$out"
		chmod 666 "$out"
	fi
	CG_RECV=0 CG_BAD=0
	if [ $# -gt 0 ]; then
		line=$(taskset -c "$CCPU" "$LOADGEN" --timeout=5000 --duration=600 "$@" 2>&1 | tail -1)
		raw "$name callgrind: $line"
		CG_RECV=$(field recv "$line")
		CG_BAD=$(( $(field lost "$line") + $(field errors "$line") ))
	fi
	daemon_stop || true
	wait_until 30 test -s "$out" || true
	CG_IR=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$out" 2>/dev/null | head -1)
	CG_IR=${CG_IR:-0}
	CG_OUT=$T/cg.$name.$RANDOM.out
	cp "$out" "$CG_OUT" 2>/dev/null
}

CG_GP_FILE="" CG_GA_FILE="" CG_BASE_FILE=""
callgrind_part() {
	local name base gp ga
	need_cmd valgrind
	for name in rpcbindd rpcbind; do
		cg_run "$name"; base=$CG_IR
		[ "$name" = rpcbindd ] && CG_BASE_FILE=$CG_OUT
		cg_run "$name" --mode=udp-getport --window=8 --requests="$CGN"; gp=$CG_IR
		R[$name,cg_gp_recv]=$CG_RECV R[$name,cg_gp_bad]=$CG_BAD
		[ "$name" = rpcbindd ] && CG_GP_FILE=$CG_OUT
		cg_run "$name" --mode=udp-getaddr --window=8 --requests="$CGN"; ga=$CG_IR
		R[$name,cg_ga_recv]=$CG_RECV R[$name,cg_ga_bad]=$CG_BAD
		[ "$name" = rpcbindd ] && CG_GA_FILE=$CG_OUT
		raw "$name callgrind Ir: baseline=$base getport=$gp getaddr=$ga n=$CGN"
		if [ "$base" -gt 0 ] && [ "$gp" -gt 0 ] && [ "$ga" -gt 0 ]; then
			R[$name,ir_gp]=$(( (gp - base) / CGN ))
			R[$name,ir_ga]=$(( (ga - base) / CGN ))
		fi
	done
}

# ------------------------------------------------------------------ run
echo "# bench: $ROUNDS round(s), ${SECS}s per run, daemon on CPU $DCPU, loadgen on CPU $CCPU" >&2
for round in $(seq 1 "$ROUNDS"); do
	for name in rpcbindd rpcbind; do
		echo "# round $round: $name" >&2
		bench_daemon "$name"
	done
done
if [ "$CG" != 0 ]; then
	echo "# callgrind: $CGN calls of each kind per daemon" >&2
	callgrind_part
fi

# ---------------------------------------------------------------- table
v() { printf '%s' "${R[$1]:--}"; }
# ratio A B: A / B to 2 decimals, "-" when either is missing or B is 0
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"
		else printf "%.2f\n", a / b }'
}
row() { printf '%-34s %14s %14s %8s\n' "$@"; }

{
echo
echo "rpcbindd vs rpcbind ($(basename "$REF_RPCBIND") $(dpkg-query -W -f='${Version}' rpcbind 2>/dev/null)), $ROUNDS round(s), best round per row; ratio = rpcbindd / rpcbind"
row "measure" "rpcbindd" "rpcbind" "ratio"
row "-------" "--------" "-------" "-----"
for t in $TESTS udp-getport:16:idle0 "udp-getport:16:idle$IDLE" tcp-getport:1:idle0 "tcp-getport:1:idle$IDLE"; do
	mode=${t%%:*} rest=${t#*:} w=${rest%%:*} extra=""
	case $rest in *:idle*) extra=" ${rest#*:}" ;; esac
	label="$mode w=$w$extra"
	a=$(v "rpcbindd,$t,rps") b=$(v "rpcbind,$t,rps")
	row "$label rps" "$a" "$b" "$(ratio "$a" "$b")"
	case $extra in *idle*) continue ;; esac
	a=$(v "rpcbindd,$t,p50")/$(v "rpcbindd,$t,p99") b=$(v "rpcbind,$t,p50")/$(v "rpcbind,$t,p99")
	row "  p50/p99 us" "$a" "$b" "$(ratio "$(v "rpcbindd,$t,p99")" "$(v "rpcbind,$t,p99")")"
	a=$(v "rpcbindd,$t,cpu") b=$(v "rpcbind,$t,cpu")
	row "  daemon CPU us/call" "$a" "$b" "$(ratio "$a" "$b")"
	a=$(v "rpcbindd,$t,lost") b=$(v "rpcbind,$t,lost")
	row "  lost+errors" "$a" "$b" ""
done
for k in rss_before:"RSS kB before load" rss_after:"RSS kB after load" rss_steady:"RSS kB steady (before flood)"     rss_flood:"RSS kB during $FLOOD-conn flood" rss_postflood:"RSS kB after flood"     flood_conn:"flood: connections made" flood_open:"flood: not closed by daemon, 3 s" alive:"answers after flood"; do
	key=${k%%:*} label=${k#*:}
	a=$(v "rpcbindd,$key") b=$(v "rpcbind,$key")
	case $key in rss*) r=$(ratio "$a" "$b") ;; *) r="" ;; esac
	row "$label" "$a" "$b" "$r"
done
if [ "$CG" != 0 ]; then
	a=$(v rpcbindd,ir_gp) b=$(v rpcbind,ir_gp)
	row "instructions/GETPORT (callgrind)" "$a" "$b" "$(ratio "$a" "$b")"
	a=$(v rpcbindd,ir_ga) b=$(v rpcbind,ir_ga)
	row "instructions/GETADDR v4" "$a" "$b" "$(ratio "$a" "$b")"
fi
} | tee -a "$RAW"

# -------------------------------------------------------------- targets
target() {	# target DESC OK(0/1/-)
	case $2 in 1) s=HOLDS ;; 0) s=FAILS ;; *) s="n/a" ;; esac
	printf '%-6s %s\n' "$s" "$1"
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "-"; else print (a + 0 >= b + 0) ? 1 : 0 }'; }
{
echo
echo "targets:"
r=$(ratio "$(v rpcbindd,udp-getport:64,rps)" "$(v rpcbind,udp-getport:64,rps)")
target "UDP GETPORT window 64 >= 3.5x rpcbind (${r}x)" "$(ge "$r" 3.5)"
r=$(ratio "$(v rpcbindd,udp-getaddr:16,rps)" "$(v rpcbind,udp-getaddr:16,rps)")
target "UDP GETADDR v4 window 16 >= 6x rpcbind (${r}x)" "$(ge "$r" 6)"
worse=""
for t in $TESTS; do
	a=$(v "rpcbindd,$t,p99") b=$(v "rpcbind,$t,p99")
	[ "$(ge "$b" "$a")" = 0 ] && worse="$worse $t($a>$b)"
done
target "p99 latency no worse than rpcbind at any window${worse:+ (worse:$worse)}" "$([ -z "$worse" ] && echo 1 || echo 0)"
if [ "$CG" != 0 ]; then
	a=$(v rpcbindd,ir_gp); target "instructions per GETPORT <= 1500 ($a)" "$(ge 1500 "$a")"
	a=$(v rpcbindd,ir_ga); target "instructions per GETADDR v4 <= 3000 ($a)" "$(ge 3000 "$a")"
fi
for t in udp-getport:16 tcp-getport:1; do
	r=$(ratio "$(v "rpcbindd,$t:idle$IDLE,rps")" "$(v "rpcbindd,$t:idle0,rps")")
	target "$t with $IDLE idle TCP connections within 10% of none (${r})" "$(ge "$r" 0.9)"
done
a=$(v rpcbindd,rss_before) b=$(v rpcbindd,rss_after)
target "RSS steady <= 2.5 MiB (${a} kB before the load, ${b} kB after it)" \
	"$([ "$(ge 2560 "$a")$(ge 2560 "$b")" = 11 ] && echo 1 || echo 0)"
a=$(v rpcbindd,rss_flood); target "RSS during $FLOOD connections <= 4 MiB (${a} kB)" "$(ge 4096 "$a")"
a=$(v rpcbindd,rss_postflood) b=$(v rpcbindd,rss_steady)
target "RSS after the flood back to steady (${a} kB vs ${b} kB, 128 kB slack)" \
	"$(ge "$((b + 128))" "$a")"
} | tee -a "$RAW"

# cg_per_call FILE: exclusive Ir per call of each function, the run with
# the load minus the baseline run (start-up and registrations cancel out).
cg_per_call() {
	{
		callgrind_annotate --auto=no --threshold=100 "$CG_BASE_FILE" 2>/dev/null | sed 's/^/B /'
		callgrind_annotate --auto=no --threshold=100 "$1" 2>/dev/null | sed 's/^/L /'
	} | awk -v n="$CGN" '
		$2 ~ /^[0-9,]+$/ && $0 !~ /PROGRAM TOTALS|=>|events annotated/ && $0 ~ /:/ {
			ir = $2; gsub(",", "", ir)
			fn = $0; sub(/^[BL] +[0-9,]+ +\([ 0-9.%]+\) +/, "", fn)
			sub(/ \[.*\]$/, "", fn); sub(/^.*\/\.\//, "", fn)
			if ($1 == "B") base[fn] += ir; else load[fn] += ir
		}
		END {
			for (f in load) { d = (load[f] - base[f]) / n; if (d >= 1) printf "%8.1f  %s\n", d, f }
			for (f in base) if (!(f in load) && base[f] / n >= 1) printf "%8.1f  %s\n", -base[f] / n, f
		}' | sort -rn | head -25
}

if [ "$CG" != 0 ] && command -v callgrind_annotate >/dev/null && [ -s "$CG_BASE_FILE" ]; then
	for f in "$CG_GP_FILE:GETPORT v2" "$CG_GA_FILE:GETADDR v4"; do
		[ -s "${f%%:*}" ] || continue
		echo
		echo "rpcbindd, instructions per UDP ${f#*:} call by function (exclusive Ir, callgrind run with $CGN calls minus the run with none, / $CGN):"
		cg_per_call "${f%%:*}"
	done | tee -a "$RAW"
	cp "$CG_BASE_FILE" "${RAW%.raw}.callgrind.baseline" 2>/dev/null
	cp "$CG_GP_FILE" "${RAW%.raw}.callgrind.getport" 2>/dev/null
	cp "$CG_GA_FILE" "${RAW%.raw}.callgrind.getaddr" 2>/dev/null
	echo "# callgrind profiles of rpcbindd: ${RAW%.raw}.callgrind.{baseline,getport,getaddr}" >&2
fi
exit 0
