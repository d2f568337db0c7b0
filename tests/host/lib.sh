# Helpers for the real-systemd tests: a Debian 12 tree made by debootstrap
# (cached), booted with systemd-nspawn, entered with nsenter. Sourced by the
# scripts of tests/host/; they run as root on the host itself (nspawn needs
# the host's cgroups), never in the namespaces of tests/lib.sh.
#
# Output is TAP: every step is one line "ok N - STEP: WHAT" or
# "not ok N - STEP: WHAT", followed by "# " lines saying why it failed.
# A step that cannot run because an earlier one broke the container fails
# too, naming the cause, so the count of steps never changes.

HOST_SUITE=bookworm
# What the cached tree holds: a booting systemd, the tools the steps use,
# the libraries rpcbtool and rpcbindd link with, and Debian's NFS client
# side (rpcbind, nfs-common) as a host that runs it has it.
HOST_PKGS="systemd,systemd-sysv,dbus,iproute2,procps,netbase,libtirpc3,libcap-ng0,libseccomp2,rpcbind,nfs-common"
HOST_BOOT_SECS=${HOST_BOOT_SECS:-120}	# boot to is-system-running: ~5 s idle, 2 cores loaded
HOST_STOP_SECS=${HOST_STOP_SECS:-60}	# power-off to nspawn's exit
HOST_CMD_SECS=${HOST_CMD_SECS:-120}	# one command inside (an apt-get run at most)

t_n=0
t_failed=0
t_ok() { t_n=$((t_n + 1)); echo "ok $t_n - $*"; }
t_notok() { t_n=$((t_n + 1)); t_failed=$((t_failed + 1)); echo "not ok $t_n - $*"; }
t_diag() { sed 's/^/# /'; }
t_done() { echo "1..$t_n"; [ "$t_failed" = 0 ]; }

# step NAME CMD...: run CMD (a shell function or command) as one step; its
# output goes to the step log and, when it fails, its last lines to TAP.
# Needs the container up when HOST_NEED_CT is set (the default); without it,
# fails naming HOST_DOWN_WHY.
HOST_NEED_CT=1
HOST_DOWN_WHY="the container is not running"
step() {
	_name=$1; shift
	if [ -n "$HOST_NEED_CT" ] && ! ct_alive; then
		t_notok "$_name (not run: $HOST_DOWN_WHY)"
		return 1
	fi
	echo "=== $_name" >> "$HOST_LOG"
	if "$@" > "$HOST_WORK/step.out" 2>&1; then
		cat "$HOST_WORK/step.out" >> "$HOST_LOG"
		t_ok "$_name"
	else
		cat "$HOST_WORK/step.out" >> "$HOST_LOG"
		t_notok "$_name"
		tail -n 15 "$HOST_WORK/step.out" | t_diag
		return 1
	fi
}

# The apt mirror the host itself uses (deb822 .sources first, then one-line
# sources.list entries); the Debian default when none names one.
host_mirror() {
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	    awk '/^URIs:/ && $2 ~ /debian\/?$/ && $2 !~ /security/ { print $2; exit }')
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
	    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) {
		if ($i ~ /debian\/?$/ && $i !~ /security/) { print $i; exit } ; break } }')
	echo "${m:-http://deb.debian.org/debian}"
}

# in_chroot TREE CMD...: a command in the (not booted) tree, with the
# host's network, for apt's downloads.
in_chroot() {
	_t=$1; shift
	cp -L /etc/resolv.conf "$_t/etc/resolv.conf" 2>/dev/null
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	    DEBIAN_FRONTEND=noninteractive chroot "$_t" "$@"
}

# tree_cache DIR: the debootstrap'ed tree in DIR, made once and reused
# while DIR.stamp records the same suite and packages. Also fetches (not
# installs) what the container needs later without network: rpcbind's
# own .deb for `apt-get install --reinstall --no-download`.
tree_cache() {
	_c=$1
	_want="$HOST_SUITE $HOST_PKGS"
	if [ -d "$_c" ] && [ "$(cat "$_c.stamp" 2>/dev/null)" = "$_want" ]; then
		echo "reusing $_c"
		return 0
	fi
	rm -rf "$_c" "$_c.stamp" "$_c.tmp"
	_m=$(host_mirror)
	echo "debootstrap $HOST_SUITE from $_m"
	debootstrap --variant=minbase --include="$HOST_PKGS" "$HOST_SUITE" \
	    "$_c.tmp" "$_m" || return 1
	in_chroot "$_c.tmp" apt-get update -q || return 1
	in_chroot "$_c.tmp" apt-get install -y -q --reinstall --download-only rpcbind || return 1
	ls "$_c.tmp"/var/cache/apt/archives/rpcbind_*.deb || return 1
	# A root login on the console for whoever debugs a kept scratch tree.
	in_chroot "$_c.tmp" passwd -d root > /dev/null
	mv "$_c.tmp" "$_c" && echo "$_want" > "$_c.stamp"
}

# ---- the booted container --------------------------------------------------
CT_TREE=""
CT_NSPAWN=""	# the nspawn process
CT_PID1=""	# the container's init, as the host sees it

ct_alive() {
	[ -n "$CT_PID1" ] && [ -d "/proc/$CT_PID1" ] && [ ! -e "$HOST_WORK/nspawn.rc" ]
}

# The cgroups nspawn makes (payload/, supervisor/) under the host's
# hierarchies; remembered before a boot, so only the new ones are removed.
cg_list() {
	find /sys/fs/cgroup -maxdepth 10 -type d \( -name payload -o -name supervisor \) \
	    2>/dev/null | sort
}

# ct_boot TREE: boot it in the background; wait (bounded) until systemd in
# it answers is-system-running with running or degraded.
ct_boot() {
	CT_TREE=$1
	rm -f "$HOST_WORK/nspawn.rc" "$HOST_WORK/nspawn.pid"
	cg_list > "$HOST_WORK/cgroups.before"
	# --keep-unit: no host systemd bus to register a scope with. The
	# machine's name is this run's, so two runs (two worktrees) never
	# share nspawn's /run/systemd/nspawn/propagate/NAME.
	sh -c 'systemd-nspawn -D "$1" -b --private-network --register=no \
	    --keep-unit --console=passive --machine="rpcbindd-test-$3" \
	    >> "$2/nspawn.log" 2>&1 & echo $! > "$2/nspawn.pid"; wait $!
	    echo $? > "$2/nspawn.rc"' ct "$CT_TREE" "$HOST_WORK" "$$" &
	CT_PID1=""
	CT_NSPAWN=""
	_i=0
	while [ "$_i" -lt $((HOST_BOOT_SECS * 5)) ]; do
		_i=$((_i + 1))
		[ -e "$HOST_WORK/nspawn.rc" ] && break
		sleep 0.2
		[ -n "$CT_NSPAWN" ] || CT_NSPAWN=$(cat "$HOST_WORK/nspawn.pid" 2>/dev/null)
		[ -n "$CT_NSPAWN" ] || continue
		if [ -z "$CT_PID1" ]; then
			# The init is nspawn's child in a PID namespace of its own.
			for _c in $(pgrep -P "$CT_NSPAWN"); do
				[ "$(readlink "/proc/$_c/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] &&
				    CT_PID1=$_c && break
			done
			[ -n "$CT_PID1" ] || continue
		fi
		_s=$(ct_sh 'systemctl is-system-running' 2>/dev/null)
		case $_s in
		running|degraded)
			echo "booted ($_s) after $((_i / 5)) s: nspawn $CT_NSPAWN, init $CT_PID1"
			[ "$_s" = running ] || ct_sh 'systemctl --failed --no-legend'
			return 0;;
		esac
	done
	echo "not booted after $((_i / 5)) s (is-system-running: ${_s:-no answer})"
	tail -n 20 "$HOST_WORK/nspawn.log"
	return 1
}

# ct_sh SCRIPT: run a shell script inside the container as its root, in
# all its namespaces, bounded by HOST_CMD_SECS.
ct_sh() {
	[ -n "$CT_PID1" ] || { echo "no container" >&2; return 1; }
	timeout -k 5 "$HOST_CMD_SECS" nsenter -t "$CT_PID1" -a \
	    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	    DEBIAN_FRONTEND=noninteractive SYSTEMD_PAGER= sh -c "$1"
}

# ct_wait_exit SECS: wait for nspawn to exit; prints its exit status.
ct_wait_exit() {
	_i=0
	while [ ! -e "$HOST_WORK/nspawn.rc" ] && [ "$_i" -lt $(($1 * 5)) ]; do
		sleep 0.2; _i=$((_i + 1))
	done
	[ -e "$HOST_WORK/nspawn.rc" ] || return 1
	wait 2>/dev/null	# reap the wrapper shell
	cat "$HOST_WORK/nspawn.rc"
}

# ct_stop: power off (bounded), then kill nspawn by its PID, then remove
# the cgroups it left.
ct_stop() {
	if ct_alive; then
		ct_sh 'systemctl poweroff' > /dev/null 2>&1
		ct_wait_exit "$HOST_STOP_SECS" > /dev/null ||
		    echo "no power-off within $HOST_STOP_SECS s: killing nspawn $CT_NSPAWN"
	fi
	if [ -n "$CT_NSPAWN" ] && [ ! -e "$HOST_WORK/nspawn.rc" ]; then
		kill -TERM "$CT_NSPAWN" 2>/dev/null
		ct_wait_exit 10 > /dev/null || { kill -KILL "$CT_NSPAWN" 2>/dev/null; ct_wait_exit 10 > /dev/null; }
	fi
	CT_PID1=""
	cg_clean
}

# cg_clean: remove (deepest first) the payload/supervisor cgroups that did
# not exist before the boot; rmdir removes only empty ones. Fails if any
# is left.
cg_clean() {
	cg_list > "$HOST_WORK/cgroups.after"
	_left=0
	for _d in $(comm -13 "$HOST_WORK/cgroups.before" "$HOST_WORK/cgroups.after"); do
		[ -d "$_d" ] || continue
		find "$_d" -depth -type d -exec rmdir {} \; 2>/dev/null
		[ -d "$_d" ] && { echo "cgroup left: $_d"; _left=1; }
	done
	return "$_left"
}
