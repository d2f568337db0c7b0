#!/bin/bash
# t04-deps: installing for a host pulls build dependencies only, and the
# test dependencies are installed under a policy-rc.d that is removed
# whatever happens. tools/build.sh and tools/test-deps.sh run against a fake
# apt-get, dpkg-query and deb-systemd-helper (first in PATH) that log what
# they are asked and what policy-rc.d answers while apt runs; nothing is
# installed and the host's /usr/sbin/policy-rc.d is not touched.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || bail "needs root (the scripts install only as root)"
fb=$T/bin
mkdir -p "$fb"
pol=$T/policy-rc.d
# Every package is missing.
printf '#!/bin/sh\nexit 1\n' >"$fb/dpkg-query"
# apt-get: log the arguments and policy-rc.d's answer; FAKE_APT says how
# an install ends (fail, ok, hang: write the pid, sleep, bounded).
cat >"$fb/apt-get" <<'EOS'
#!/bin/sh
echo "apt-get $*" >>"$T/apt.log"
[ "$1" = update ] && exit 0
if [ -x "$POLICY_RC_D" ]; then "$POLICY_RC_D" rpcbind start; echo "policy $?" >>"$T/apt.log"
else echo "policy none" >>"$T/apt.log"; fi
case "$FAKE_APT" in
ok) exit 0 ;;
hang) echo $$ >"$T/apt.pid"; sleep 20; exit 0 ;;
*) exit 100 ;;
esac
EOS
printf '#!/bin/sh\necho "deb-systemd-helper $*" >>"$T/apt.log"\n' >"$fb/deb-systemd-helper"
chmod 755 "$fb"/*
export T POLICY_RC_D=$pol
run() {	# MODE SCRIPT: run a tools/ script with the fakes, return its status
	rm -f "$T/apt.log"
	FAKE_APT=$1 PATH="$fb:$PATH" sh "$top_srcdir/tools/$2" >"$T/out.log" 2>&1
}

run fail test-deps.sh
check_eq "test-deps.sh: apt failing fails the script" 1 "$([ $? != 0 ] && echo 1)"
check_grep "test-deps.sh: policy-rc.d says 101 while apt installs" '^policy 101$' "$(cat "$T/apt.log")"
check "test-deps.sh: policy-rc.d removed after apt failed" test ! -e "$pol"

run ok test-deps.sh
check_eq "test-deps.sh: succeeds when apt does" 0 "$?"
check "test-deps.sh: policy-rc.d removed after apt succeeded" test ! -e "$pol"
log=$(cat "$T/apt.log")
for p in rpcbind nfs-ganesha nfs-common nmap clang lintian debhelper devscripts; do
	check_grep "test-deps.sh installs $p" "^apt-get install .* $p( |$)" "$log"
done
check_grep "test-deps.sh: nfs-ganesha installed disabled" \
	'^deb-systemd-helper disable nfs-ganesha\.service$' "$log"

# Stopped by a signal while apt runs: the trap still removes the file.
rm -f "$T/apt.pid"
FAKE_APT=hang PATH="$fb:$PATH" sh "$top_srcdir/tools/test-deps.sh" >"$T/out.log" 2>&1 &
sp=$!
wait_until 10 test -s "$T/apt.pid"
check "test-deps.sh: policy-rc.d in place while apt runs" test -x "$pol"
kill -TERM "$sp"
kill -TERM "$(cat "$T/apt.pid")" 2>/dev/null
wait "$sp"
check_eq "test-deps.sh: a TERM ends it with 143" 143 "$?"
check "test-deps.sh: policy-rc.d removed after a TERM" test ! -e "$pol"

# A policy-rc.d that was there before is the admin's: left as it was.
printf '#!/bin/sh\nexit 0\n' >"$pol"
chmod 755 "$pol"
run fail test-deps.sh
check_eq "test-deps.sh: an existing policy-rc.d is kept unchanged" \
	"$(printf '#!/bin/sh\nexit 0')" "$(cat "$pol" 2>&1)"
rm -f "$pol"

# build.sh, what the README's first command runs on a host: build
# dependencies only, no daemon, no policy-rc.d games; and the _rpc user the
# daemon runs as, which only rpcbind's package would have created.
printf '#!/bin/sh\n[ "$1" = passwd ] && [ "$2" = _rpc ] && exit 2\nexec /usr/bin/getent "$@"\n' >"$fb/getent"
printf '#!/bin/sh\necho "useradd $*" >>"$T/apt.log"\n' >"$fb/useradd"
chmod 755 "$fb/getent" "$fb/useradd"
run fail build.sh
check_grep "build.sh creates the system user _rpc when there is none" \
	'^useradd --system .*_rpc$' "$(cat "$T/apt.log")"
check_grep "build.sh asks apt for the build dependencies" '^apt-get install .* libtirpc-dev( |$)' \
	"$(cat "$T/apt.log")"
check_eq "build.sh asks apt for no service or test tool" "" \
	"$(grep '^apt-get install' "$T/apt.log" | tr ' ' '\n' |
	    grep -xE 'rpcbind|nfs-ganesha.*|nfs-common|nfs-kernel-server|nmap|clang|lintian|debhelper')"
check_grep "build.sh installs with no policy-rc.d to remove" '^policy none$' "$(cat "$T/apt.log")"
done_testing
