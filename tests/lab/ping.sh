#!/usr/bin/env bash
# Lab tests of icmpkit ping (root): probes to real kernels in network
# namespaces, real loss from nftables, real errors from a router.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start ping
C() { lab_exec "$LAB_CLIENT" "$@"; }
R() { lab_exec "$LAB_ROUTER" "$@"; }
S() { lab_exec "$LAB_SERVER" "$@"; }
ping_c() { C "$bin" ping "$@"; }

# 1. N probes, N replies, exact summary; IPv6 the same; JSON the same.
ping_c -c 10 -i 0.05 "$LAB_S_IP4" >"$out/p4" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^10 packets transmitted, 10 received, 0% packet loss, time [0-9]*ms$' "$out/p4" &&
	[ "$(grep -c "^64 bytes from $LAB_S_IP4: icmp_seq=[0-9]* ttl=63 time=[0-9.]* ms$" "$out/p4")" -eq 10 ] &&
	grep -q '^rtt min/avg/max/mdev = [0-9.]*/[0-9.]*/[0-9.]*/[0-9.]* ms$' "$out/p4" &&
	grep -q '^rtt p50/p90/p99 = .* reordered, from kernel capture timestamps, engine mmsg$' "$out/p4" &&
	head -1 "$out/p4" | grep -q "^PING $LAB_S_IP4 ($LAB_S_IP4) 56(84) bytes of data.$" &&
	ok || bad "v4: exit $rc: $(cat "$out/p4")"
ping_c -6 -c 10 -i 0.05 "$LAB_S_IP6" >"$out/p6" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^10 packets transmitted, 10 received, 0% packet loss' "$out/p6" &&
	[ "$(grep -c "^64 bytes from $LAB_S_IP6: icmp_seq=" "$out/p6")" -eq 10 ] &&
	ok || bad "v6: exit $rc: $(cat "$out/p6")"
ping_c -c 5 -i 0.05 -j "$LAB_S_IP4" >"$out/j" 2>&1; rc=$?
[ $rc -eq 0 ] && jq -se 'length == 6 and (.[0:5] | all(.rtt_ms > 0 and .rtt_from == "capture" and .dup == false)) and
	(.[0:5] | map(.seq)) == [1,2,3,4,5] and .[5].summary.transmitted == 5 and .[5].summary.received == 5' "$out/j" >/dev/null &&
	ok || bad "-j: $(cat "$out/j")"

# 2. Real loss: the server drops 30 % of echo requests at random.
S nft -f - <<-'EOF2'
table inet iklossp {
	chain input {
		type filter hook input priority filter; policy accept;
		icmp type echo-request numgen random mod 100 < 30 drop
	}
}
EOF2
# (Immediate mode: in block mode the last block may be lost at SIGINT.)
ip netns exec "$LAB_SERVER" tcpdump -n -U --immediate-mode -s 2048 -i "$LAB_S_IF" -w "$out/answered.pcap" 'icmp[icmptype] == icmp-echoreply' 2>"$out/td.err" &
td=$!
for i in $(seq 100); do grep -q listening "$out/td.err" && break; sleep 0.05; done
ping_c -c 300 -i 0.005 -W 1 -j "$LAB_S_IP4" >"$out/loss" 2>&1
sleep 0.3; kill -INT $td; wait $td
# As iputils: a lost probe does not hold a flood back (in flight are the
# probes sent after the last one answered), and after the last probe the
# wait is for twice the longest RTT, not -W (10 s), once replies came.
ping_c -f -l 64 -c 5000 -q "$LAB_S_IP4" >"$out/lossf" 2>&1
ms=$(sed -n 's/.* time \([0-9]*\)ms$/\1/p' "$out/lossf")
grep -q '^5000 packets transmitted, ' "$out/lossf" && [ -n "$ms" ] && [ "$ms" -lt 5000 ] &&
	ok || bad "-f -l 64 with 30% loss: $(cat "$out/lossf")"
ping_c -c 20 -i 0.01 -q "$LAB_S_IP4" >"$out/lossc" 2>&1
ms=$(sed -n 's/.* time \([0-9]*\)ms$/\1/p' "$out/lossc")
grep -q '^20 packets transmitted, ' "$out/lossc" && [ -n "$ms" ] && [ "$ms" -lt 3000 ] &&
	ok || bad "-c 20 with 30% loss waited for -W: $(cat "$out/lossc")"
# With -w too, probes go on until -c of them are answered.
ping_c -c 30 -w 10 -i 0.01 -q "$LAB_S_IP4" >"$out/losscw" 2>&1; rc=$?
n=$(sed -n 's/^\([0-9]*\) packets transmitted, 30 received,.*/\1/p' "$out/losscw")
[ $rc -eq 0 ] && [ -n "$n" ] && [ "$n" -gt 30 ] &&
	ok || bad "-c 30 -w 10 with 30% loss: exit $rc: $(cat "$out/losscw")"
S nft delete table inet iklossp
loss=$(jq -s '.[-1].summary.loss_pct' "$out/loss")
jq -r 'select(.seq and .rtt_ms) | .seq' "$out/loss" | sort -n >"$out/got"
"$bin" read -j "$out/answered.pcap" | jq -r .seq | sort -n >"$out/served"
awk -v l="$loss" 'BEGIN { exit !(l >= 20 && l <= 40) }' && ok || bad "loss $loss%, expected about 30%"
cmp -s "$out/got" "$out/served" && [ -s "$out/got" ] && ok ||
	bad "the probes without a reply are not the ones the server did not answer"

# 3. No host behind the address: exit 1 after -W.
start=$(date +%s.%N)
ping_c -c 2 -i 0.2 -W 1 198.51.100.99 >"$out/nohost" 2>&1; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
[ $rc -eq 1 ] && grep -q '2 packets transmitted, 0 received, 100% packet loss' "$out/nohost" &&
	[ "$(echo "$took >= 1.1 && $took < 3" | bc)" = 1 ] &&
	ok || bad "no host: exit $rc after $took s: $(cat "$out/nohost")"

# 4. TTL 1 through the router: time exceeded per probe.
ping_c -c 3 -i 0.1 -t 1 -W 1 "$LAB_S_IP4" >"$out/ttl" 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "^From $LAB_RC_IP4 icmp_seq=[123] Time to live exceeded$" "$out/ttl")" -eq 3 ] &&
	grep -q '3 packets transmitted, 0 received, +3 errors, 100% packet loss' "$out/ttl" &&
	ok || bad "ttl 1: exit $rc: $(cat "$out/ttl")"
ping_c -6 -c 2 -i 0.1 -t 1 -W 1 "$LAB_S_IP6" >"$out/ttl6" 2>&1
[ "$(grep -c "^From $LAB_RC_IP6 icmp_seq=[12] Time exceeded: Hop limit$" "$out/ttl6")" -eq 2 ] &&
	ok || bad "hop limit 1: $(cat "$out/ttl6")"

# 5. A small MTU on the router with -M do: frag needed reported.
R ip link set "$LAB_R_SIF" mtu 1280
S ip link set "$LAB_S_IF" mtu 1280
ping_c -c 1 -W 1 -M do -s 1400 "$LAB_S_IP4" >"$out/mtu" 2>&1
grep -q "^From $LAB_RC_IP4 icmp_seq=1 Frag needed and DF set (mtu = 1280)$" "$out/mtu" &&
	ok || bad "-M do: $(cat "$out/mtu")"
ping_c -6 -c 1 -W 1 -s 1400 "$LAB_S_IP6" >"$out/mtu6" 2>&1
grep -q "^From $LAB_RC_IP6 icmp_seq=1 Packet too big: mtu=1280$" "$out/mtu6" &&
	ok || bad "v6 packet too big: $(cat "$out/mtu6")"
R ip link set "$LAB_R_SIF" mtu 1500
S ip link set "$LAB_S_IF" mtu 1500

# 6. -w deadline and -c: whichever comes first.  Fewer than -c replies
# by the deadline is exit 1, as iputils; -w alone is 0.
start=$(date +%s.%N)
ping_c -w 1 -c 100 -i 0.2 "$LAB_S_IP4" >"$out/w" 2>&1; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
n=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$out/w")
[ $rc -eq 1 ] && [ "$n" -ge 5 ] && [ "$n" -le 6 ] && [ "$(echo "$took < 1.6" | bc)" = 1 ] &&
	ok || bad "-w 1 -c 100 -i 0.2: exit $rc, $n sent in $took s"
ping_c -w 0.5 -i 0.2 -q "$LAB_S_IP4" >"$out/w1" 2>&1; rc=$?
[ $rc -eq 0 ] && ok || bad "-w 0.5 alone: exit $rc: $(cat "$out/w1")"
start=$(date +%s.%N)
ping_c -w 10 -c 3 -i 0.2 "$LAB_S_IP4" >"$out/w2" 2>&1; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
[ $rc -eq 0 ] && grep -q '^3 packets transmitted, 3 received' "$out/w2" && [ "$(echo "$took < 1.5" | bc)" = 1 ] &&
	ok || bad "-w 10 -c 3: $took s: $(cat "$out/w2")"

# 7. -q: the header and the summary only; -D: timestamps.
ping_c -q -c 3 -i 0.05 "$LAB_S_IP4" >"$out/q" 2>&1
! grep -q 'bytes from' "$out/q" && grep -q '^3 packets transmitted, 3 received' "$out/q" && ok || bad "-q: $(cat "$out/q")"
ping_c -D -c 2 -i 0.05 "$LAB_S_IP4" >"$out/D" 2>&1
[ "$(grep -cE '^\[[0-9]+\.[0-9]{6}\] 64 bytes from' "$out/D")" -eq 2 ] && ok || bad "-D: $(cat "$out/D")"

# 8. Flood and preload: every probe answered.
ping_c -f -c 2000 -q "$LAB_S_IP4" >"$out/f" 2>&1
grep -q '^2000 packets transmitted, 2000 received, 0% packet loss' "$out/f" &&
	grep -q ', 0 reordered,' "$out/f" && ok || bad "-f (one in flight: nothing can be reordered): $(cat "$out/f")"
ping_c -f -l 16 -c 2000 -q "$LAB_S_IP4" >"$out/l" 2>&1
grep -q '^2000 packets transmitted, 2000 received, 0% packet loss' "$out/l" && ok || bad "-f -l 16: $(cat "$out/l")"
# -l 64 sends from two threads on a multi-core machine: every probe
# still goes exactly once (the server's kernel counts them), is answered
# once, and is timed from its captured outgoing copy.
in_echos() { # NS: echo requests its kernel has received (IPv4)
	lab_exec "$1" awk '/^Icmp: [0-9]/ { print $10 }' /proc/net/snmp
}
e0=$(in_echos "$LAB_SERVER")
ping_c -f -l 64 -c 20000 -j "$LAB_S_IP4" >"$out/lj" 2>&1; rc=$?
e1=$(in_echos "$LAB_SERVER")
[ $rc -eq 0 ] && [ $((e1 - e0)) -eq 20000 ] &&
	jq -se '(.[0:-1] | length == 20000 and all(.rtt_from == "capture" and .dup == false and .rtt_ms > 0) and
	(map(.seq) | sort) == [range(1; 20001)]) and .[-1].summary.transmitted == 20000 and
	.[-1].summary.received == 20000' "$out/lj" >/dev/null &&
	ok || bad "-f -l 64 -j: exit $rc, server got $((e1 - e0)): $(tail -3 "$out/lj")"
ping_c -6 -f -l 64 -c 20000 -j "$LAB_S_IP6" >"$out/lj6" 2>&1; rc=$?
[ $rc -eq 0 ] &&
	jq -se '(.[0:-1] | length == 20000 and all(.rtt_from == "capture" and .dup == false) and
	(map(.seq) | sort) == [range(1; 20001)]) and .[-1].summary.received == 20000' "$out/lj6" >/dev/null &&
	ok || bad "-6 -f -l 64 -j: exit $rc: $(tail -3 "$out/lj6")"

# 9. --timestamp: the kernel's timestamp replies, with the clock offset.
ping_c --timestamp -c 2 -i 0.1 "$LAB_S_IP4" >"$out/ts" 2>&1
[ "$(grep -cE '^20 bytes from .* time=[0-9.]+ ms offset=-?[0-9.]+ ms$' "$out/ts")" -eq 2 ] && ok || bad "--timestamp: $(cat "$out/ts")"
# With -j each reply carries the three times under read -j's keys.
ping_c --timestamp -j -c 2 -i 0.1 "$LAB_S_IP4" >"$out/tsj" 2>&1
[ "$(jq -c 'select(.seq != null and .originate > 0 and .receive > 0 and .transmit >= .receive)' "$out/tsj" | wc -l)" -eq 2 ] &&
	ok || bad "--timestamp -j: $(cat "$out/tsj")"

# 10. --histogram draws bars.
ping_c --histogram -q -c 50 -i 0.01 "$LAB_S_IP4" >"$out/h" 2>&1
grep -q '^rtt histogram (ms):' "$out/h" && grep -qE '\|#+ [0-9]+$' "$out/h" && ok || bad "--histogram: $(cat "$out/h")"

# 11. SIGINT prints the summary; SIGQUIT an interim line; privileges.
ip netns exec "$LAB_CLIENT" "$bin" ping -i 0.1 "$LAB_S_IP4" >"$out/int" 2>"$out/int.err" &
pid=$!
sleep 0.6
uids=$(awk '/^Uid:/{print $2, $3, $4, $5}' "/proc/$pid/status")
kill -QUIT $pid
sleep 0.3
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && grep -q 'packets transmitted' "$out/int" && grep -q '^rtt min/avg/max/mdev' "$out/int" &&
	ok || bad "SIGINT: exit $rc: $(cat "$out/int")"
grep -qE $'^\r[0-9]+/[0-9]+ packets, [0-9]+% loss, min/avg/ewma/max = ' "$out/int.err" && ok || bad "SIGQUIT: $(cat "$out/int.err")"
[ "$uids" = "65534 65534 65534 65534" ] && ok || bad "privileges not dropped: Uid: $uids"

# 11b. The capture (inject/capt.c): on loopback every packet is seen
# twice by a packet socket, leaving and arriving; the leaving copy is
# skipped, so no reply counts twice.
ping_c -c 3 -i 0.05 127.0.0.1 >"$out/lo" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^3 packets transmitted, 3 received, 0% packet loss' "$out/lo" &&
	! grep -q DUP "$out/lo" && ok || bad "loopback: exit $rc: $(cat "$out/lo")"
# The same through the receive ring of long runs (a flood).
ping_c -f -c 2000 -q 127.0.0.1 >"$out/lof" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^2000 packets transmitted, 2000 received, 0% packet loss' "$out/lof" &&
	ok || bad "loopback flood: exit $rc: $(cat "$out/lof")"
# --engine ring: the probes leave through a PACKET_TX_RING as frames for
# the route's interface; the server's kernel gets every one, each is
# answered, timed from its captured outgoing copy, and the summary says so.
C ping -n -q -c 1 "$LAB_RC_IP4" >/dev/null 2>&1
e0=$(in_echos "$LAB_SERVER")
ping_c --engine ring -c 5 -i 0.02 -j "$LAB_S_IP4" >"$out/ring" 2>&1; rc=$?
e1=$(in_echos "$LAB_SERVER")
[ $rc -eq 0 ] && [ $((e1 - e0)) -eq 5 ] &&
	jq -se '(.[0:5] | all(.rtt_from == "capture")) and .[5].summary.received == 5 and
	.[5].summary.engine == "ring"' "$out/ring" >/dev/null &&
	ok || bad "--engine ring: exit $rc, server got $((e1 - e0)): $(cat "$out/ring")"
# The capture socket's last close (an RCU grace period) is left to a child
# that ends when ping has exited: the output through a pipe is complete,
# and no process is left in the namespace a moment later.
ping_c -c 1 "$LAB_S_IP4" 2>&1 | cat >"$out/pipe"
sleep 0.5
left=$(ip netns pids "$LAB_CLIENT" | wc -l)
grep -q '^1 packets transmitted, 1 received' "$out/pipe" && [ "$left" -eq 0 ] &&
	ok || bad "deferred close: $left processes left: $(cat "$out/pipe")"

# 12. Bad input: one line, exit 2.
expect_err() {
	local name=$1 pat=$2 rc
	shift 2
	timeout 10 "$@" >"$out/e.out" 2>"$out/e.err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$out/e.err")" -eq 1 ] && grep -qE "^icmpkit: .*$pat" "$out/e.err"; then
		ok
	else
		bad "$name: exit $rc: $(cat "$out/e.err")"
	fi
}
expect_err "-c -1" "-c count '-1': out of range" ip netns exec "$LAB_CLIENT" "$bin" ping -c -1 "$LAB_S_IP4"
expect_err "-c abc" "-c count 'abc': not a number" ip netns exec "$LAB_CLIENT" "$bin" ping -c abc "$LAB_S_IP4"
expect_err "-s 70000" "-s size '70000': out of range" ip netns exec "$LAB_CLIENT" "$bin" ping -s 70000 "$LAB_S_IP4"
expect_err "-t 300" "-t ttl '300': out of range" ip netns exec "$LAB_CLIENT" "$bin" ping -t 300 "$LAB_S_IP4"
expect_err "-i abc" "-i interval 'abc'" ip netns exec "$LAB_CLIENT" "$bin" ping -i abc "$LAB_S_IP4"
expect_err "unresolvable" "no-such-host.invalid" ip netns exec "$LAB_CLIENT" "$bin" ping -c 1 no-such-host.invalid
expect_err "-i 0.001 without root" "root only" \
	ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$bin" ping -i 0.001 "$LAB_S_IP4"
expect_err "no permission" "permission denied; run as root" \
	ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$bin" ping -c 1 "$LAB_S_IP4"

lab_test_end
