#!/bin/bash
# t59-ratelimit-evict: pushing a source prefix's bucket out of the rate
# limit's table gives it no fresh burst (a forged-source flood must not
# reset a real client's limit). Three hosts (tests/net.sh); the server on
# 2001:db8:2::1 with --rate-limit=50 --rate-burst=100, and a route to
# 2001:db8:8000::/33 via the internet host, where forged sources live
# (their replies die there).
#  1. expprobe evict for 5 s from the internet host: every 20 ms, 20 v2
#     GETPORTs from the victim 2001:db8:2::5 (1,000 a second to its /56),
#     then one forged from each of the 8 /56s that the old unkeyed table put
#     in the victim's 8 slots, and 6,000 forged from 6,000 other /56s in
#     all (more than the 4,096 buckets): the victim gets at most
#     rate x T + burst, T being how long it sent plus 0.5 s for requests
#     still queued (rpcbindd with the unkeyed table gave it 3,753 of 5,000);
#     and still at least half its rate (it is limited, not shut out);
#  2. the counters line shows ratelimited > 0; the daemon stops cleanly.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"
. "$(dirname "$0")/net.sh"

RATE=50
BURST=100

net_setup
ip -6 route add 2001:db8:8000::/33 via $INET6 || bail "route to the forged sources"
daemon_start -h $SRV_WAN6 --rate-limit=$RATE --rate-burst=$BURST
check_eq "a v2 GETPORT over udp6 from the internet host is answered" 111 \
	"$(on_inet "$RPCBTOOL" -t 3 -H $SRV_WAN6 -T udp6 -V 2 rgetaddr 100000 2 udp 2>&1)"

r=$(on_inet "$X" -t 1000 evict $SRV_WAN6 $INET6 6000 5 2>&1)
printf 'eviction attack: %s\n' "$r" | diag
sent=$(field "$r" sent)
got=$(field "$r" answered)
ms=$(field "$r" in)
check "the victim sent its lookups (${sent:-0} >= 4000)" test "${sent:-0}" -ge 4000
check_eq "8 forged lookups a round from the colliding /56s, 6000 others" \
	"$(( ${sent:-0} / 20 * 8 )) 6000" "$(field "$r" colliders) $(field "$r" churn)"
max=$(( BURST + RATE * (${ms:-0} + 500) / 1000 ))
min=$(( RATE * ${ms:-0} / 1000 / 2 ))
check "eviction attack: the victim got ${got:-?} replies in ${ms:-?} ms, at most rate x T + burst ($max)" \
	test "${got:-999999}" -le "$max"
check "  and still at least half its rate (${got:-?} >= $min)" test "${got:-0}" -ge "$min"

check_counted ratelimited
stop
done_testing
