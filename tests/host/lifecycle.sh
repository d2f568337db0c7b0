#!/bin/sh
# The rpcbindd package's life on a Debian 12 host under a real systemd 252:
# a debootstrap'ed tree booted with systemd-nspawn runs Debian's rpcbind
# with rpc-statd and 40 registrations; then the package is installed,
# Debian's rpcbind is reinstalled (as its security updates do), rpcbindd is
# upgraded, restarted, SIGKILLed, the container rebooted with a LAN address
# that comes up late, and the package removed and purged. After each step:
# who serves port 111, how it is sandboxed, the table, rpc-statd.
#
# usage: lifecycle.sh DEB [WORKDIR]
#   DEB      the rpcbindd .deb under test (built on this host: same arch)
#   WORKDIR  where the cached tree and the run's scratch tree live
#            (default build-host/)
# Environment: RPCBTOOL (default tests/clients/rpcbtool, built), the
# HOST_*_SECS bounds of tests/host/lib.sh. Root only. Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"

DEB=${1:-}
HOST_WORK=${2:-$top/build-host}
RPCBTOOL=${RPCBTOOL:-$top/tests/clients/rpcbtool}
mkdir -p "$HOST_WORK" || exit 1
HOST_WORK=$(cd "$HOST_WORK" && pwd)
HOST_LOG=$HOST_WORK/lifecycle.log
: > "$HOST_LOG"
: > "$HOST_WORK/nspawn.log"
SCRATCH=$HOST_WORK/run-tree

trap 'ct_stop >> "$HOST_LOG" 2>&1' EXIT
trap 'exit 1' INT TERM HUP

# In the container: source the checks, run one.
ct() { ct_sh ". /root/ct.sh; $*"; }

# ---- setup (on the host) ---------------------------------------------------
HOST_NEED_CT=
tools_present() {
	[ "$(id -u)" = 0 ] || { echo "not root"; return 1; }
	bad=0
	for t in debootstrap systemd-nspawn nsenter chroot dpkg-deb pgrep ss timeout flock; do
		command -v "$t" > /dev/null || { echo "missing: $t"; bad=1; }
	done
	[ -n "$DEB" ] && [ -f "$DEB" ] || { echo "no package given or found: '$DEB'"; bad=1; }
	[ -x "$RPCBTOOL" ] || { echo "no rpcbtool at $RPCBTOOL (make check builds it)"; bad=1; }
	[ "$bad" = 0 ] && dpkg-deb -f "$DEB" Package Version Architecture
}
step "setup: tools, the package and rpcbtool present" tools_present || HOST_DOWN_WHY="setup failed"

# One container at a time on a host: nspawn --keep-unit makes its payload/
# and supervisor/ cgroups under the caller's own, the same for two runs.
HOST_LOCK_SECS=${HOST_LOCK_SECS:-1500}	# a whole other run, with its debootstrap
take_lock() {
	exec 9> /run/lock/rpcbindd-host-test.lock &&
	    flock -w "$HOST_LOCK_SECS" 9 || { echo "another run held the lock for $HOST_LOCK_SECS s"; return 1; }
}
step "setup: no other host test running (lock)" take_lock || HOST_DOWN_WHY="setup failed"

# The same package one version higher, to run its own upgrade path
# (prerm upgrade, preinst upgrade, postinst configure OLD).
make_upgrade() {
	rm -rf "$HOST_WORK/deb-up" && dpkg-deb -R "$DEB" "$HOST_WORK/deb-up" || return 1
	sed -i 's/^Version: .*/&+hosttest1/' "$HOST_WORK/deb-up/DEBIAN/control"
	dpkg-deb -Zgzip -b "$HOST_WORK/deb-up" "$HOST_WORK/rpcbindd-upgrade.deb" > /dev/null &&
	    dpkg-deb -f "$HOST_WORK/rpcbindd-upgrade.deb" Version
}

tree_ready=
scratch() {
	rm -rf "$SCRATCH" || return 1
	cp -a "$HOST_WORK/tree-$HOST_SUITE" "$SCRATCH" || return 1
	install -m 755 "$RPCBTOOL" "$SCRATCH/usr/local/bin/rpcbtool" &&
	    install -m 644 "$here/ct.sh" "$SCRATCH/root/ct.sh" &&
	    install -m 644 "$DEB" "$SCRATCH/root/rpcbindd.deb" &&
	    install -m 644 "$HOST_WORK/rpcbindd-upgrade.deb" "$SCRATCH/root/rpcbindd-upgrade.deb" || return 1
	# What the package needs beyond the tree, fetched while the host has
	# the mirror: the container has no network.
	in_chroot "$SCRATCH" apt-get install -y -q --download-only /root/rpcbindd.deb || return 1
	in_chroot "$SCRATCH" ldd /usr/local/bin/rpcbtool | grep 'not found' && return 1
	echo "$(du -sm "$SCRATCH" | cut -f1) MB"
}
if [ -n "$DEB" ] && [ -f "$DEB" ]; then
	step "setup: a second version of the package for the upgrade" make_upgrade || HOST_DOWN_WHY="setup failed"
else
	t_notok "setup: a second version of the package for the upgrade (not run: no package)"
	HOST_DOWN_WHY="setup failed"
fi
if [ "$HOST_DOWN_WHY" = "the container is not running" ]; then
	step "setup: Debian 12 tree (debootstrap, cached in $HOST_WORK/tree-$HOST_SUITE)" \
	    tree_cache "$HOST_WORK/tree-$HOST_SUITE" && tree_ready=1 || HOST_DOWN_WHY="no tree"
else
	t_notok "setup: Debian 12 tree (debootstrap, cached in $HOST_WORK/tree-$HOST_SUITE) (not run: $HOST_DOWN_WHY)"
fi
if [ -n "$tree_ready" ] && [ "$HOST_DOWN_WHY" = "the container is not running" ]; then
	step "setup: scratch copy with rpcbtool, the packages and their dependencies" scratch ||
	    HOST_DOWN_WHY="setup failed"
else
	t_notok "setup: scratch copy with rpcbtool, the packages and their dependencies (not run: $HOST_DOWN_WHY)"
fi
if [ "$HOST_DOWN_WHY" = "the container is not running" ]; then
	step "boot: systemd-nspawn -b, systemd running within $HOST_BOOT_SECS s" ct_boot "$SCRATCH" ||
	    HOST_DOWN_WHY="the container did not boot"
else
	t_notok "boot: systemd-nspawn -b, systemd running within $HOST_BOOT_SECS s (not run: $HOST_DOWN_WHY)"
fi
HOST_NEED_CT=1

# ---- Debian's rpcbind, as the host runs it before ----------------------------
step "debian: Debian's rpcbind serves port 111" ct 'wait_served 30 rpcbind'
step "debian: rpc-statd started and reachable through the portmapper" ct start_statd
step "debian: 40 registrations made with rpcb_set" ct register_table

# ---- install -------------------------------------------------------------------
# (apt refuses --no-download with a .deb file: "Pathname to install is not
# absolute"; the container has no network anyway, and its dependencies are
# in apt's cache.)
step "install: apt-get install the rpcbindd package (no network)" \
    ct 'apt-get install -y -q /root/rpcbindd.deb'
step "install: the portmapper on port 111 is rpcbindd, serving" ct 'wait_served 30 rpcbindd'
step "install: rpcbindd is sandboxed (uid != 0, no capability, NoNewPrivs 1, Seccomp 2)" \
    ct 'daemon_is rpcbindd && sandboxed'
step "install: the 40 registrations kept" ct check_table
step "install: rpc-statd active and reachable" ct statd_ok
step "install: rpcbind (rpcinfo) and nfs-common still installed" ct pkgs_kept
step "install: the journal says once that only loopback is served" ct said_once

# ---- Debian's rpcbind updated (the path of its security updates) --------------
step "reinstall-rpcbind: apt-get install --reinstall rpcbind (no network)" \
    ct 'apt-get install -y -q --reinstall --no-download rpcbind'
step "reinstall-rpcbind: the portmapper is still rpcbindd, serving" ct 'wait_served 30 rpcbindd'
step "reinstall-rpcbind: the table kept, rpc-statd active" ct 'check_table && statd_ok'

# ---- rpcbindd upgraded ---------------------------------------------------------
step "upgrade: apt-get install of the next version of the package" \
    ct 'apt-get install -y -q /root/rpcbindd-upgrade.deb'
step "upgrade: the portmapper is still rpcbindd, serving, sandboxed" \
    ct 'wait_served 30 rpcbindd && sandboxed'
step "upgrade: the table kept, rpc-statd active, the loopback note not repeated" \
    ct 'check_table && statd_ok && said_once'

# ---- restart, SIGKILL ----------------------------------------------------------
step "restart: systemctl restart rpcbind.service, rpcbindd back (new pid)" \
    ct 'old=$(systemctl show -p MainPID --value rpcbind.service); systemctl restart rpcbind.service && wait_served 30 rpcbindd "$old"'
step "restart: the table kept, rpc-statd active" ct 'check_table && statd_ok'
step "sigkill: systemctl kill -s KILL rpcbind.service, rpcbindd back within 20 s" \
    ct 'old=$(systemctl show -p MainPID --value rpcbind.service); systemctl kill -s KILL rpcbind.service && wait_served 20 rpcbindd "$old"'
step "sigkill: the table kept, rpc-statd active" ct 'check_table && statd_ok'

# ---- reboot with a LAN address that comes up late -------------------------------
# The LAN address as the documentation names it, with FreeBind=yes and
# ReusePort=yes (so Debian's own 0.0.0.0:111 can sit beside it after the
# way back); a veth
# pair (the container's private network has only lo) that gets
# 198.51.100.1 only when the test says so, long after the sockets.
lan_setup() {
	ct_sh 'mkdir -p /etc/systemd/system/rpcbind.socket.d &&
	cat > /etc/systemd/system/rpcbind.socket.d/lan.conf <<-EOF
	[Socket]
	FreeBind=yes
	ReusePort=yes
	ListenDatagram=198.51.100.1:111
	ListenStream=198.51.100.1:111
	EOF
	cat > /etc/systemd/system/late-lan.service <<-EOF
	[Unit]
	Description=a LAN address that comes up late (test)
	[Service]
	Type=simple
	ExecStart=/bin/sh -c "i=0; while [ ! -e /run/lan-go ] && [ \$\$i -lt 1200 ]; do sleep 0.5; i=\$\$((i + 1)); done; ip link add lan0 type veth peer name lan1 && ip link set lan1 up && ip addr add 198.51.100.1/24 dev lan0 && ip link set lan0 up"
	[Install]
	WantedBy=multi-user.target
	EOF
	systemctl daemon-reload && systemctl enable late-lan.service &&
	systemctl cat rpcbind.socket | grep -A3 "^# /etc/systemd/system/rpcbind.socket.d/lan.conf"'
}
step "reboot: the LAN drop-in (FreeBind=yes) and a late-address unit installed" lan_setup
reboot_ct() {
	ct_sh 'systemctl reboot' || true
	rc=$(ct_wait_exit "$HOST_STOP_SECS") || { echo "nspawn still running $HOST_STOP_SECS s after reboot"; return 1; }
	CT_PID1=""
	cg_clean || return 1
	# nspawn -b does not boot again by itself: 133 asks its caller to.
	[ "$rc" = 133 ] || { echo "nspawn exited $rc, not 133 (reboot)"; return 1; }
	echo "nspawn exited 133 (reboot asked)"
}
step "reboot: systemctl reboot, nspawn exits asking for a reboot" reboot_ct
HOST_NEED_CT=
if [ -n "$CT_NSPAWN" ] && [ -e "$HOST_WORK/nspawn.rc" ] && [ "$HOST_DOWN_WHY" = "the container is not running" ]; then
	step "reboot: booted again within $HOST_BOOT_SECS s" ct_boot "$SCRATCH" ||
	    HOST_DOWN_WHY="the container did not boot again"
else
	t_notok "reboot: booted again within $HOST_BOOT_SECS s (not run: no clean power-off)"
fi
HOST_NEED_CT=1
step "reboot: rpcbind.socket active, loopback served by rpcbindd before the LAN address exists" \
    ct 'ip -o addr show | grep " 198\.51\.100\.1/" && { echo "the LAN address is already up"; exit 1; }
	systemctl is-active rpcbind.socket && wait_served 30 rpcbindd && sandboxed'
step "reboot: the LAN address served once it comes up" ct 'touch /run/lan-go; lan_served'
# /run is new after a boot: the services register again, as they would.
step "reboot: 40 registrations made again, rpc-statd started" ct 'register_table && start_statd'

# ---- the way back ----------------------------------------------------------------
step "remove: apt-get remove rpcbindd" ct 'apt-get remove -y -q rpcbindd'
# The admin's LAN drop-in (lan.conf, as documented) stays in /etc: Debian's
# rpcbind.socket, which listens on 0.0.0.0:111 too, must still come up.
step "remove: rpcbind.socket listening, the admin's LAN drop-in still in place" \
    ct 'ls /etc/systemd/system/rpcbind.socket.d/lan.conf && systemctl is-active rpcbind.socket ||
	{ journalctl --no-pager -o cat -n 4 -u rpcbind.socket; exit 1; }'
step "remove: Debian's rpcbind serves port 111 from its own enabled units" ct back_to_rpcbind
step "remove: the 40 registrations handed back" ct check_table
step "remove: rpc-statd active and reachable" ct statd_ok
step "remove: nothing of rpcbindd running or enabled" ct nothing_of_rpcbindd
step "purge: apt-get purge rpcbindd leaves nothing of the package" \
    ct 'apt-get purge -y -q rpcbindd && purged'
step "purge: Debian's rpcbind serves the same table" ct 'back_to_rpcbind && check_table'
# As on a host that never had rpcbindd: rpcbind's preinst stops
# rpcbind.socket, which rpc-statd requires, and nothing starts statd again
# (Debian's own behaviour, measured on a plain Debian 12): not checked here.
step "purge: rpcbind's own update works as if rpcbindd never was there" \
    ct 'apt-get install -y -q --reinstall --no-download rpcbind && back_to_rpcbind && check_table'

HOST_NEED_CT=
power_off() {
	ct_alive || { echo "the container is not running"; return 1; }
	ct_sh 'systemctl poweroff' || true
	rc=$(ct_wait_exit "$HOST_STOP_SECS") || { echo "no power-off within $HOST_STOP_SECS s"; ct_stop; return 1; }
	echo "nspawn exited $rc"
	CT_PID1=""
	cg_clean && [ "$rc" = 0 ]
}
step "shutdown: power-off within $HOST_STOP_SECS s, no cgroup of nspawn left on the host" power_off
# The scratch tree stays for whoever reads a failure (the next run removes it).
[ "$t_failed" != 0 ] || rm -rf "$SCRATCH"
t_done
