# tests/net.sh — a three-host network for the exposure tests (t5x), sourced
# after tests/lib.sh; the functions run *inside* the namespace ns_enter made,
# which becomes the server:
#
#   LAN client  eth0 198.51.100.2/24 (+ .10-.59)   2001:db8:1::2/64
#      |  veth
#   server      lan0 198.51.100.1/24               2001:db8:1::1/64
#               wan0 203.0.113.1/24                2001:db8:2::1/64
#      |  veth                        (ip_forward=0, IPv6 forwarding=0)
#   internet    eth0 203.0.113.5/24                2001:db8:2::5/64
#               routes to 198.51.100.0/24 and 2001:db8:1::/64 via the server
#               (as towards a server with a public interface)
#
# No default route anywhere: nothing leaves the namespaces. IPv6 addresses
# are nodad. `on_lan CMD` / `on_inet CMD` run a command on the other hosts.
# net_setup adds net_cleanup to lib.sh's EXIT trap (at_exit): it kills
# whatever still runs in the two namespaces and deletes them.

SRV_LAN4=198.51.100.1
SRV_LAN6=2001:db8:1::1
SRV_WAN4=203.0.113.1
SRV_WAN6=2001:db8:2::1
LAN4=198.51.100.2
LAN6=2001:db8:1::2
INET4=203.0.113.5
INET6=2001:db8:2::5
NS_LAN=""
NS_INET=""
# expprobe (tests/exposure): hand-made calls from any address, floods.
EXPPROBE=${EXPPROBE:-$TESTBIN/exposure/expprobe}
X=$EXPPROBE
# -h for each of the server's four addresses.
SRV_ALL="-h $SRV_LAN4 -h $SRV_WAN4 -h $SRV_LAN6 -h $SRV_WAN6"

on_lan()  { ip netns exec "$NS_LAN" "$@"; }
on_inet() { ip netns exec "$NS_INET" "$@"; }

net_cleanup() {
	ns_del "$NS_LAN"
	ns_del "$NS_INET"
	NS_LAN=""
	NS_INET=""
}

# net_setup: build the network; bails out when it cannot (or when the
# probes the t5x tests send with are not built).
net_setup() {
	[ -n "${RPCBT_NS:-}" ] || bail "net_setup runs inside ns_enter's namespace"
	need_exe "$EXPPROBE" "$RPCBTOOL"
	NS_LAN=rpcbt-lan-$$
	NS_INET=rpcbt-inet-$$
	at_exit net_cleanup
	ip netns add "$NS_LAN" || bail "ip netns add $NS_LAN"
	ip netns add "$NS_INET" || bail "ip netns add $NS_INET"
	local i
	{
		echo "link add lan0 type veth peer name eth0 netns $NS_LAN"
		echo "link add wan0 type veth peer name eth0 netns $NS_INET"
		echo "addr add $SRV_LAN4/24 dev lan0"
		echo "addr add $SRV_LAN6/64 dev lan0 nodad"
		echo "addr add $SRV_WAN4/24 dev wan0"
		echo "addr add $SRV_WAN6/64 dev wan0 nodad"
		echo "link set lan0 up"
		echo "link set wan0 up"
	} | ip -batch - || bail "server side of the veth pairs"
	{
		echo "link set lo up"
		echo "addr add $LAN4/24 dev eth0"
		for i in $(seq 10 59); do echo "addr add 198.51.100.$i/24 dev eth0"; done
		echo "addr add $LAN6/64 dev eth0 nodad"
		echo "link set eth0 up"
	} | ip -n "$NS_LAN" -batch - || bail "LAN client addresses"
	{
		echo "link set lo up"
		echo "addr add $INET4/24 dev eth0"
		echo "addr add $INET6/64 dev eth0 nodad"
		echo "link set eth0 up"
		echo "route add 198.51.100.0/24 via $SRV_WAN4"
		echo "route add 2001:db8:1::/64 via $SRV_WAN6"
	} | ip -n "$NS_INET" -batch - || bail "internet host addresses and routes"
	sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0 ||
		bail "sysctl forwarding"
	# Both ends of each pair must be up before anyone binds or sends.
	wait_until 5 net_links_up || bail "veth links did not come up"
}

net_links_up() {
	ip link show lan0 | grep -q 'state UP' && ip link show wan0 | grep -q 'state UP' &&
		on_lan ip link show eth0 | grep -q 'state UP' &&
		on_inet ip link show eth0 | grep -q 'state UP'
}

# The typical NFS server table (what a Debian NFS server registers: status,
# nlockmgr, mountd, nfs, nfs_acl): 40 entries registered over the local
# socket with v4 SET, kernel style (wildcard addresses, owner "0").
# "PROG VERS UDPPORT TCPPORT NAME"
NFS_TABLE="100024 1 46237 53717 status
100021 1 32769 32803 nlockmgr
100021 3 32769 32803 nlockmgr
100021 4 32769 32803 nlockmgr
100005 1 20048 20048 mountd
100005 2 20048 20048 mountd
100005 3 20048 20048 mountd
100003 3 2049 2049 nfs
100003 4 2049 2049 nfs
100227 3 2049 2049 nfs_acl"

# p1p2 PORT: "p1.p2"
p1p2() { echo "$(($1 >> 8)).$(($1 & 255))"; }

nfs_register() {
	local prog vers up tp name n=0 r
	while read -r prog vers up tp name; do
		for e in "udp 0.0.0.0.$(p1p2 $up)" "tcp 0.0.0.0.$(p1p2 $tp)" \
			"udp6 ::.$(p1p2 $up)" "tcp6 ::.$(p1p2 $tp)"; do
			set -- $e
			r=$("$RPCBTOOL" -t 3 -V 4 rset "$prog" "$vers" "$1" "$2" 0 2>&1)
			# Anything else is named in the log (stderr: stdout is the count).
			if [ "$r" = TRUE ]; then n=$((n + 1)); else
				printf 'nfs_register: %s %s %s %s:\n%s\n' "$prog" "$vers" "$1" "$2" "$r" |
				    sed 's/^/# /' >&2
			fi
		done
	done <<<"$NFS_TABLE"
	echo "$n"
}

# The port of PROG VERS for udp or tcp in NFS_TABLE.
nfs_port() {
	awk -v p="$1" -v v="$2" -v t="$3" '$1 == p && $2 == v { print (t == "udp" ? $3 : $4); exit }' \
		<<<"$NFS_TABLE"
}

# nfs_serve DESC ARGS...: daemon_start ARGS, then the check DESC that the
# 40-entry table registers (nfs_register).
nfs_serve() {
	local d=$1
	shift
	daemon_start "$@"
	check_eq "$d" 40 "$(nfs_register)"
}

# field TEXT KEY: the word after KEY in TEXT (expprobe's "key value" reports).
field() {
	awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' <<<"$1"
}

# nfs_lookup HOSTFN PROTO ADDR: what a v2 GETPORT nfs 3 udp from HOSTFN
# (on_lan, on_inet, env) over PROTO to ADDR gets: "port 2049", "silent",
# "refused"...
nfs_lookup() {
	"$1" "$X" -t 700 call "$2" "$3" 2 getport 100003 3 udp
}
# listeners PROTO (u or t): the local addresses of port-111 sockets, sorted,
# on one line.
listeners() {
	ss -Hln "-$1" 'sport = :111' | awk '{ a = $4; sub(/:111$/, "", a); gsub(/[][]/, "", a); print a }' |
		sort -u | xargs
}
