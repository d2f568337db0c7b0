#!/bin/bash
# t01-cli: the command line, the man page and the unit, without sockets.
# Every bad option exits 1 with one line naming it, before anything is
# opened (run as a non-root-owned check: nothing may appear in /run).
. "$(dirname "$0")/lib.sh"

# bad ARGS... EXPECTED-WORD: exit 1, one line on stderr containing the word.
bad() {
	local want=${!#} out rc
	out=$("$RPCBINDD" "${@:1:$#-1}" 2>&1 >/dev/null); rc=$?
	if [ "$rc" = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
	    printf '%s' "$out" | grep -qF -- "$want"; then
		ok "rejects: ${*:1:$#-1}"
	else
		not_ok "rejects: ${*:1:$#-1}"; printf 'rc=%s\n%s\n' "$rc" "$out" | diag
	fi
}

bad -x "-x"
bad --bogus "--bogus"
bad -h "-h"
bad -h 1.2.3.999 "1.2.3.999"
bad -h "bad name" "bad name"
bad -h eth/0 "eth/0"
bad --allow-dump=198.51.100.0/33 "198.51.100.0/33"
bad --allow-dump=198.51.100.0/24,, "--allow-dump"
bad --allow-lookups=example.org "example.org"
bad --rate-limit=-5 "--rate-limit"
bad --rate-burst=0 "--rate-burst"
bad --rate-limit-log-only=yes "takes no value"
bad --user= "--user"
bad --state-dir=relative/dir "absolute"
bad --idle-timeout=0 "--idle-timeout"
bad --idle-timeout=5s "--idle-timeout"
bad --idle-timeout "--idle-timeout"
bad --max-connections=1025 "--max-connections"
bad --max-connections=-1 "--max-connections"
bad stray "stray"
args=(); for i in $(seq 1 65); do args+=(-h "198.51.100.$i"); done
bad "${args[@]}" "more than 64"

out=$("$RPCBINDD" --version); rc=$?
check_eq "--version prints the version and exits 0" "0 rpcbindd $(sed -n 's/^AC_INIT(\[rpcbindd\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")" "$rc $out"
out=$("$RPCBINDD" --help); rc=$?
check_grep "--help exits 0 and lists -h" '^  -h address' "$out"
check_grep "--help lists --max-connections" 'max-connections' "$out"

need_cmd groff
out=$(LC_ALL=C.UTF-8 groff -man -ww -Tutf8 "$top_srcdir/man/rpcbindd.8" 2>&1 >/dev/null)
check_eq "man page renders without warnings" "" "$out"
for opt in -a -d -f -h -i -l -r -s -v -w --config --idle-timeout --max-connections --allow-dump \
    --allow-lookups --rate-limit --rate-burst --rate-limit-log-only --user \
    --service-users --state-dir --seccomp --help --version; do
	# In the page, "-d" is written ".B \-d" (or .BI with an argument).
	pat=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	check_grep "man page documents $opt" "^\.BI? +$pat([ =\"]|\$)" \
		"$(cat "$top_srcdir/man/rpcbindd.8")"
done

out=$(LC_ALL=C.UTF-8 groff -man -ww -Tutf8 "$top_srcdir/man/rpcbindd.conf.5" 2>&1 >/dev/null)
check_eq "rpcbindd.conf(5) renders without warnings" "" "$out"
# The page's example is a file the parser accepts (--version exits after).
sed -n '/^\.nf$/,/^\.fi$/p' "$top_srcdir/man/rpcbindd.conf.5" | sed '1d;$d' |
	sed 's/\\-/-/g' > "$T/example.conf"
out=$("$RPCBINDD" --config="$T/example.conf" --version 2>&1); rc=$?
check_eq "rpcbindd.conf(5)'s example is accepted" "0 rpcbindd" "$rc ${out%% *}"
check_grep "...and holds the options it shows" '^rate-limit = 2000$' "$(cat "$T/example.conf")"

need_cmd systemd-analyze
unit=$top_builddir/init/rpcbindd.service
sock=$top_srcdir/init/rpcbindd.socket
[ -f "$unit" ] || bail "missing $unit (make builds it)"
check_grep "the service runs the installed daemon with rpcbind's options" \
	'^ExecStart=/.*/rpcbindd -f \$OPTIONS \$RPCBIND_OPTIONS$' "$(cat "$unit")"
check_grep "the service is reached as rpcbind.service" '^Alias=rpcbind.service$' "$(cat "$unit")"
check_grep "the socket is reached as rpcbind.socket" '^Alias=rpcbind.socket$' "$(cat "$sock")"
check_eq "the socket listens on loopback and the local socket only" \
	"ListenDatagram=127.0.0.1:111 ListenDatagram=[::1]:111 ListenStream=/run/rpcbind.sock ListenStream=127.0.0.1:111 ListenStream=@/run/rpcbind.sock ListenStream=[::1]:111" \
	"$(grep '^Listen' "$sock" | sort | tr '\n' ' ' | sed 's/ $//')"
for k in User=_rpc CapabilityBoundingSet= NoNewPrivileges=yes ProtectSystem=strict \
    PrivateTmp=yes PrivateDevices=yes MemoryDenyWriteExecute=yes Type=notify \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' RuntimeDirectoryPreserve=yes; do
	check_grep "the service sets $k" "^$k\$" "$(cat "$unit")"
done
# verify wants the ExecStart binary to exist: point copies at the build.
sed "s|^ExecStart=[^ ]*|ExecStart=$RPCBINDD|" "$unit" > "$T/rpcbindd.service"
cp "$sock" "$T/rpcbindd.socket"
out=$(cd "$T" && systemd-analyze verify rpcbindd.socket rpcbindd.service 2>&1)
check_eq "systemd-analyze verify is clean" "" "$(printf '%s\n' "$out" | grep -v -e '^$' \
	-e "Command 'man rpcbindd(8)'" || true)"
score=$(cd "$T" && systemd-analyze security --offline=yes rpcbindd.service 2>&1 |
	sed -n 's/.*Overall exposure level for rpcbindd.service: \([0-9.]*\).*/\1/p')
check "systemd-analyze security rates the service 2.0 or better (got ${score:-nothing})" \
	awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }'
done_testing
