#!/bin/bash
# t60-warmstart: the warm-start file (include/state.h, the man page's FILES).
#  1. The 40-entry NFS table (root, over the local socket) and 2 entries of
#     uid 65534 survive a restart with -w after SIGTERM and after SIGKILL:
#     `rpcinfo` is identical, owners included; the file on disk decodes by
#     the documented format (tests/state/stfile, independent of state.c).
#  2. Contrast: Debian's rpcbind -w restores nothing after SIGKILL.
#  3. A truncated, corrupt, foreign-magic, foreign-version, symlinked,
#     directory, FIFO, foreign-owned or over-large file is logged, moved
#     aside to rpcbindd.state.bad-<epoch>, and the daemon serves without it;
#     the next registration is saved afresh. A FIFO must not hang the start;
#     setting aside must not overwrite an earlier .bad- file.
#  4. rpcbind's own rpcbind.xdr/portmap.xdr (written by Debian's rpcbind on
#     SIGTERM) are imported with their owners, then rewritten with the
#     daemon's table; a truncated or foreign-owned rpcbind.xdr is refused
#     like our own file.
#  5. Without -w an existing file is not restored: it is kept aside as
#     rpcbindd.state.prev (logged with its path), nothing is written before
#     a change, and the next -w restores it.
#  6. A SET that changes nothing does not rewrite the file.
. "$(dirname "$0")/lib.sh"; ns_enter "$@"

need_cmd rpcinfo
need_cmd setpriv
state_init

# What the file on disk holds, decoded by stfile ("" and status 1 if bad).
on_disk() { "$ST" dump "$F" 2>&1; }
disk_count_is() { [ "$("$ST" dump "$F" 2>/dev/null | wc -l)" = "$1" ] && "$ST" dump "$F" >/dev/null 2>&1; }
inode()   { stat -c %i "$F" 2>/dev/null; }
inode_not() { [ "$(inode)" != "$1" ]; }
kill9() {
	kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=""
}
bad_files() { ls -A "$D" | grep -c '^rpcbindd\.state\.bad-[0-9][0-9]*$'; }

check_eq "stfile's CRC-32 is zlib's (crc32(\"123456789\"))" cbf43926 "$("$ST" crc)"

# --- 1. the NFS table survives SIGTERM and SIGKILL ----------------------------
# The 40-entry NFS table as root (register_nfs_root, lib.sh).

rm -rf "$D"
daemon_start
check_eq "the 40-entry NFS table registers as root" 0 "$(register_nfs_root)"
check_eq "uid 65534 registers 2 entries" "TRUE TRUE" \
	"$(rb_nobody set 300001 1 udp 0.0.0.0.117.49 2>&1) $(rb_nobody set 300001 1 tcp6 ::.117.50 2>&1)"
check_eq "rpcinfo lists 42 entries besides the portmapper" 42 "$(others | wc -l)"
check_eq "...40 of them owned by superuser, 2 by 65534" "40 2" \
	"$(others | awk '$NF == "superuser"' | wc -l) $(others | awk '$NF == "65534"' | wc -l)"
before=$(listing)
check "the state file holds the 42 entries (documented format, CRC ok)" \
	wait_until 2 disk_count_is 42
check_eq "state file: owned by the daemon's user, mode 600, in a 755 dir of the user and root" \
	"_rpc 600 _rpc:root 755" "$(stat -c '%U %a' "$F") $(stat -c '%U:%G %a' "$D")"
check_eq "the file's entries are the registrations, in order, without 100000" \
	"$(rb -V 4 dump | awk '$1 != 100000')" "$(on_disk)"
check_fail "no temporary file is left behind" \
	test -e "$D/rpcbindd.state.tmp" -o -e "$D/rpcbind.xdr.tmp" -o -e "$D/portmap.xdr.tmp"
daemon_stop
check_eq "SIGTERM: exit 0" 0 "$?"

daemon_start -w
check_grep "-w logs the restore" 'warm start: restored 42 registrations' "$(cat "$T/daemon.log")"
check_eq "after SIGTERM and -w: rpcinfo identical, owners included" "$before" "$(listing)"
check_eq "the restored uid-65534 entry is still that user's: nobody may unset it" FALSE \
	"$(as_uid 1 "$RPCBTOOL" -t 3 unset 300001 1 2>&1)"

# SIGKILL after the file has caught up with the last registration.
ino=$(inode)
check_eq "one more registration (uid 65534)" TRUE "$(rb_nobody set 300002 1 udp 0.0.0.0.117.51 2>&1)"
check "the file is rewritten within 1 s of the reply" wait_until 1 inode_not "$ino"
before=$(listing)
kill9
daemon_start -w
check_eq "after SIGKILL and -w: rpcinfo identical, owners included" "$before" "$(listing)"

# SIGKILL at once, the moment the registration's reply is back: the file is
# written in the round that answered, so nothing should be lost.
lost=0
for i in 1 2 3 4 5; do
	[ "$(rb set 300010 "$i" tcp 0.0.0.0.117.$((60 + i)) 2>&1)" = TRUE ] || lost=$((lost + 100))
	kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=""
	daemon_start -w
	[ "$(rb getaddr 300010 "$i" tcp 127.0.0.1 2>&1)" = "127.0.0.1.117.$((60 + i))" ] || lost=$((lost + 1))
done
check_eq "kill -9 right after each of 5 replies: no registration lost" 0 "$lost"
daemon_stop

# --- 2. contrast: Debian's rpcbind after SIGKILL ------------------------------
if have_ref; then
	rm -rf "$D"
	ref_start -w
	check_eq "rpcbind: registrations succeed" "TRUE TRUE" \
		"$(rb set 300020 1 udp 0.0.0.0.117.70 2>&1) $(rb set 300020 1 tcp 0.0.0.0.117.70 2>&1)"
	kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=""
	ref_start -w
	check_eq "rpcbind -w after SIGKILL restores nothing (as measured with Debian's rpcbind 1.2.6)" "" \
		"$(rpcinfo 2>&1 | awk 'NR > 1 && $1 == 300020')"
	daemon_stop
	rm -rf "$D"
fi

# --- 3. unusable files are moved aside ---------------------------------------
# A valid file of 5 entries, made with the daemon's own encoder.
cat >"$T/five.txt" <<'EOF'
100024 1 udp 0.0.0.0.3.233 superuser
100024 1 tcp 0.0.0.0.3.233 superuser
100003 3 tcp 0.0.0.0.8.1 superuser
100003 3 tcp6 ::.8.1 superuser
300001 1 udp 0.0.0.0.117.49 65534
EOF
"$ST" write "$T/good" <"$T/five.txt" || bail "stfile write failed"
check_eq "stfile reads back what it wrote" "$(cat "$T/five.txt")" "$("$ST" dump "$T/good" 2>&1)"
size=$(stat -c %s "$T/good")

# A file that must load: the crafted one, through the daemon.
mkdir -p "$D"; chown _rpc "$D"; chmod 700 "$D"
cp "$T/good" "$F"
daemon_start -w
check_grep "a crafted valid file (root's) is restored" 'warm start: restored 5 registrations' "$(cat "$T/daemon.log")"
check_eq "...with its owners" "$(awk '{ print $1, $2, $3, $5 }' "$T/five.txt")" \
	"$(rb -V 4 dump | awk '$1 != 100000 { print $1, $2, $3, $5 }')"
daemon_stop

# bad_case DESC WHY-REGEX: $F has been set up; -w must refuse it.
bad_case() {
	local desc=$1 why=$2 log
	rm -rf "$D"/rpcbindd.state.bad-*
	daemon_start -w
	log=$(cat "$T/daemon.log")
	if printf '%s\n' "$log" | grep -Eq "rpcbindd\.state is unusable \(($why)\): moved to rpcbindd\.state\.bad-[0-9]+; starting without it" &&
	    [ "$(bad_files)" = 1 ] && [ -z "$(others)" ] &&
	    ! printf '%s\n' "$log" | grep -q 'warm start: restored' &&
	    [ "$(rb set 300099 1 udp 0.0.0.0.117.99 2>&1)" = TRUE ] &&
	    wait_until 1 disk_count_is 1 &&
	    [ "$(on_disk)" = "300099 1 udp 0.0.0.0.117.99 superuser" ]; then
		ok "$desc: logged, moved aside, serves empty, saves afresh"
	else
		not_ok "$desc: logged, moved aside, serves empty, saves afresh"
		{ echo "log:"; printf '%s\n' "$log"; echo "dir:"; ls -la "$D"; echo "table:"; others
		  echo "on disk:"; on_disk; } | diag
	fi
	daemon_stop
	rm -rf "$F" "$D"/rpcbindd.state.bad-*
}
CORRUPT='truncated, corrupt or of another version'
for cut in 0 3 4 12 15 16 40 $((size / 2)) $((size - 5)) $((size - 4)) $((size - 1)); do
	head -c "$cut" "$T/good" >"$F"
	bad_case "truncated to $cut of $size bytes" "$CORRUPT"
done
cp "$T/good" "$F"; printf 'X' | dd of="$F" bs=1 seek=30 conv=notrunc status=none
bad_case "one byte changed (bad CRC)" "$CORRUPT"
# A payload byte that still decodes: the first entry's program 100024
# (0x000186b8) becomes 100025. Only the CRC can tell; the control with the
# CRC recomputed shows the edited file is otherwise valid.
cp "$T/good" "$T/edited"; printf '\271' | dd of="$T/edited" bs=1 seek=15 conv=notrunc status=none
cp "$T/edited" "$F"; "$ST" fixcrc "$F"
check_eq "(control: the edited file with its CRC fixed decodes, program 100025)" \
	"100025 1 udp 0.0.0.0.3.233 superuser" "$(on_disk | head -n1)"
daemon_start -w
check_grep "(control: ...and the daemon restores it)" 'warm start: restored 5 registrations' "$(cat "$T/daemon.log")"
daemon_stop
rm -f "$F"
cp "$T/edited" "$F"
check_eq "(control: stfile sees only a bad CRC in the edited file)" "stfile: bad CRC" "$(on_disk)"
bad_case "a payload byte changed that still decodes (only the CRC is wrong)" "$CORRUPT"
# All or nothing: a valid CRC over 5 entries that claim to be 6. The 5
# must not be loaded either.
cp "$T/good" "$F"; printf '\6' | dd of="$F" bs=1 seek=11 conv=notrunc status=none; "$ST" fixcrc "$F"
check_grep "(control: stfile sees a truncated entry, not a bad CRC)" "^stfile: truncated entry$" "$(on_disk)"
bad_case "6 entries claimed, 5 present, valid CRC: none loaded" "$CORRUPT"
{ cat "$T/good"; printf '\0\0\0\0'; } >"$F"
bad_case "4 bytes appended" "$CORRUPT"
"$ST" write "$F" 0x52424454 <"$T/five.txt"
check_eq "(control: stfile sees the crafted magic)" "stfile: bad magic" "$(on_disk)"
bad_case "another magic, valid CRC" "$CORRUPT"
"$ST" write "$F" 0x52424453 2 <"$T/five.txt"
check_eq "(control: stfile sees the crafted version)" "stfile: bad version" "$(on_disk)"
bad_case "version 2, valid CRC" "$CORRUPT"
"$ST" write "$F" 0x52424453 0 <"$T/five.txt"
bad_case "version 0, valid CRC" "$CORRUPT"
cp "$T/good" "$D/elsewhere"; chown _rpc "$D/elsewhere"
ln -s elsewhere "$F"
bad_case "a symlink to a valid file" "[^)]*symbolic links[^)]*|not a regular file"
check "...the link's target is left alone" cmp "$T/good" "$D/elsewhere"
rm -f "$D/elsewhere"
ln -s /etc/passwd "$F"
bad_case "a symlink to /etc/passwd" "[^)]*symbolic links[^)]*|not a regular file"
mkdir "$F"
bad_case "a directory" "not a regular file"
# A FIFO: opening it for reading without O_NONBLOCK waits for a writer, for
# ever. Started by hand so that a hang is a failure, not a stuck test; a
# writer is then opened to let the daemon go on.
mkfifo "$F"
"$RPCBINDD" -f -w >"$T/daemon.log" 2>&1 &
DPID=$!
if timeout 4 bash -c 'until "$0" -t 1 null >/dev/null 2>&1; do sleep 0.1; done' "$RPCBTOOL"; then
	ok "a FIFO does not hang the start"
else
	not_ok "a FIFO does not hang the start"
	{ echo "log:"; cat "$T/daemon.log"; echo "wchan: $(cat /proc/$DPID/wchan 2>/dev/null)"; } | diag
	timeout 2 sh -c 'exec 3>"$1"' sh "$F" 2>/dev/null
fi
wait_until 5 portmapper_up || bail "rpcbindd did not come up after the FIFO"
check_grep "...it is refused as not a regular file and moved aside" \
	'rpcbindd\.state is unusable \(not a regular file\): moved to rpcbindd\.state\.bad-[0-9]+' \
	"$(cat "$T/daemon.log")"
daemon_stop
rm -rf "$F" "$D"/rpcbindd.state.bad-*
cp "$T/good" "$F"; chown $NOBODY "$F"
bad_case "a valid file owned by uid 65534" "owned by another user"
cp "$T/good" "$F"; truncate -s $((512 * 1024 + 1)) "$F"
bad_case "a file of 512 KiB + 1" "too large"
cp "$T/good" "$F"; truncate -s $((4 * 1024 * 1024)) "$F"
bad_case "a file of 4 MiB" "too large"

# Setting aside never destroys an earlier set-aside file: decoys named
# .bad-<epoch> for the next seconds (as left by a crash loop) stay intact.
now=$(date +%s)
for s in $(seq "$now" $((now + 5))); do echo "decoy $s" >"$D/rpcbindd.state.bad-$s"; done
head -c 20 "$T/good" >"$F"
daemon_start -w
daemon_stop
intact=0
for s in $(seq "$now" $((now + 5))); do
	echo "decoy $s" | cmp -s - "$D/rpcbindd.state.bad-$s" && intact=$((intact + 1))
done
check_eq "a file set aside does not overwrite an earlier .bad- file of the same second" \
	"6 7" "$intact $(ls -A "$D" | grep -c '^rpcbindd\.state\.bad-')"
rm -rf "$F" "$D"/rpcbindd.state.bad-*

# --- 4. import of rpcbind's own files ----------------------------------------
if have_ref; then
	rm -rf "$D"
	ref_start -w
	r=$(rb set 100024 1 udp 0.0.0.0.3.233 2>&1; rb set 100024 1 tcp 0.0.0.0.3.233 2>&1
	    rb set 100003 3 tcp6 ::.8.1 2>&1; rb pmap_set 100005 3 udp 20048 2>&1
	    rb_nobody set 300001 1 udp 0.0.0.0.117.49 2>&1)
	check_eq "rpcbind: 5 registrations (one by uid 65534)" "TRUE TRUE TRUE TRUE TRUE" "$(echo $r)"
	ref_table=$(others | sort)
	daemon_stop
	check "rpcbind wrote rpcbind.xdr and portmap.xdr on SIGTERM" \
		test -s "$D/rpcbind.xdr" -a -s "$D/portmap.xdr"
	rino=$(stat -c %i "$D/rpcbind.xdr"); pino=$(stat -c %i "$D/portmap.xdr")
	daemon_start -w
	check_grep "-w logs the import" \
		"warm start: imported 5 registrations from rpcbind's rpcbind.xdr" "$(cat "$T/daemon.log")"
	check_eq "every entry is there with its owner" "$ref_table" "$(others | sort)"
	check "our state file holds the 5 entries" wait_until 1 disk_count_is 5
	check "rpcbind.xdr and portmap.xdr are there, rewritten (new files)" \
		test -s "$D/rpcbind.xdr" -a -s "$D/portmap.xdr" -a \
		"$(stat -c %i "$D/rpcbind.xdr" 2>&1)" != "$rino" -a "$(stat -c %i "$D/portmap.xdr" 2>&1)" != "$pino"
	daemon_stop

	# portmap.xdr alone (rpcbind.xdr lost): the v2 view, owner unknown.
	rm -rf "$D"
	ref_start -w
	r=$(rb pmap_set 100005 3 udp 20048 2>&1; rb pmap_set 100005 3 tcp 20048 2>&1)
	check_eq "rpcbind: 2 pmap_set registrations" "TRUE TRUE" "$(echo $r)"
	daemon_stop
	rm -f "$D/rpcbind.xdr"
	pino=$(stat -c %i "$D/portmap.xdr")
	daemon_start -w
	check_grep "portmap.xdr alone is imported" \
		"warm start: imported 2 registrations from rpcbind's portmap.xdr" "$(cat "$T/daemon.log")"
	check_eq "...as udp/tcp entries of 0.0.0.0" \
		"100005 3 udp 0.0.0.0.78.80 100005 3 tcp 0.0.0.0.78.80" \
		"$(echo $(rb -V 4 dump | awk '$1 == 100005 { print $1, $2, $3, $4 }'))"
	check "portmap.xdr is there, rewritten" wait_until 1 sh -c '[ -s "$1" ] && [ "$(stat -c %i "$1")" != "$2" ]' sh "$D/portmap.xdr" "$pino"
	daemon_stop
fi
# rpcbind's files get the same checks as ours.
rm -rf "$D"; mkdir -p "$D"; chown _rpc "$D"; chmod 700 "$D"
printf '\0\0\0\1\0\0\0\1' >"$D/rpcbind.xdr"
daemon_start -w
check_grep "a truncated rpcbind.xdr is moved aside" \
	'rpcbind\.xdr is unusable \(undecodable\): moved to rpcbind\.xdr\.bad-[0-9]+' "$(cat "$T/daemon.log")"
check_eq "...and nothing is loaded" "" "$(others)"
daemon_stop
if have_ref; then
	rm -rf "$D"
	ref_start -w
	rb set 300040 1 udp 0.0.0.0.117.90 >/dev/null 2>&1
	daemon_stop
	chown $NOBODY "$D/rpcbind.xdr" "$D/portmap.xdr"
	daemon_start -w
	check_grep "an rpcbind.xdr owned by uid 65534 is refused" \
		'rpcbind\.xdr is unusable \(owned by another user\)' "$(cat "$T/daemon.log")"
	check_eq "...and nothing is loaded (portmap.xdr neither)" "" "$(others)"
	daemon_stop
fi

# --- 5. without -w the saved table is kept aside; the next -w restores it ---
rm -rf "$D"
daemon_start
rb set 300030 1 udp 0.0.0.0.117.80 >/dev/null 2>&1
wait_until 1 disk_count_is 1
daemon_stop
daemon_start -w
check_grep "(a -w run restores the one entry)" 'warm start: restored 1 registrations from rpcbindd.state ' "$(cat "$T/daemon.log")"
daemon_stop
saved=$(on_disk)
check_eq "(the file holds it)" "300030 1 udp 0.0.0.0.117.80 superuser" "$saved"
daemon_start
check_eq "without -w: nothing restored" "" "$(others)"
check_fail "...and no restore is logged" grep -q 'warm start' "$T/daemon.log"
check_grep "...the table is kept aside, logged with its path" \
	"^rpcbindd: previous table kept aside: $D/rpcbindd\.state is now $D/rpcbindd\.state\.prev\$" "$(cat "$T/daemon.log")"
check_eq "...rpcbindd.state.prev holds it" "$saved" "$("$ST" dump "$D/rpcbindd.state.prev" 2>&1)"
# The daemon writes in the loop round after a change; 0.5 s is many rounds.
sleep 0.5
check_fail "...and no file replaces it before a change" test -e "$F"
daemon_stop
daemon_start -w
check_grep "the next -w restores the table kept aside" \
	'warm start: restored 1 registrations from rpcbindd\.state\.prev ' "$(cat "$T/daemon.log")"
check_eq "...the entry is served again" "127.0.0.1.117.80" "$(rb getaddr 300030 1 udp 127.0.0.1 2>&1)"
check "...and saved as the current table at once" wait_until 1 disk_count_is 1
daemon_stop
rm -rf "$D"
daemon_start

# --- 6. a SET that changes nothing does not rewrite the file -------------------
check_eq "a registration" TRUE "$(rb set 300031 1 udp 0.0.0.0.117.81 2>&1)"
wait_until 1 disk_count_is 1
ino=$(inode)
check_eq "the identical SET again: TRUE" TRUE "$(rb set 300031 1 udp 0.0.0.0.117.81 2>&1)"
check_eq "a conflicting SET: FALSE" FALSE "$(rb set 300031 1 udp 0.0.0.0.117.82 2>&1)"
check_eq "an UNSET that matches nothing: TRUE" TRUE "$(rb unset 300032 1 2>&1)"
sleep 0.3
check_eq "...none of them rewrote the file (same inode)" "$ino" "$(inode)"
check_eq "an UNSET that removes: TRUE" TRUE "$(rb unset 300031 1 2>&1)"
check "...rewrites it" wait_until 1 disk_count_is 0
daemon_stop
check_eq "SIGTERM: exit 0" 0 "$?"
done_testing
