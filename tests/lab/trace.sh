#!/usr/bin/env bash
# Lab tests of icmpkit trace (root): a chain of seven namespaces (client,
# five routers, server; tests/lab/chain.sh), IPv4 and IPv6, the kernels as
# routers, compared hop by hop with traceroute(8) and the others on the
# same path.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
make -s tests/lab/extresp >/dev/null || exit 2
. tests/lab/lib.sh
LAB_TEST=trace
if ! lab_require; then
	echo "################################################################"
	printf '# %-61s#\n' "trace lab: SKIPPED -- needs root and network namespaces."
	printf '# %-61s#\n' "Run 'sudo make lab' (CI runs it as root)."
	echo "################################################################"
	exit 0
fi
for t in traceroute tracepath mtr jq nft; do
	if ! command -v $t >/dev/null; then
		echo "trace lab: SKIPPED -- $t is missing (make deps)"
		exit 0
	fi
done
. tests/lab/chain.sh
NS=()
out=$(mktemp -d)
lab_on_exit()
{
	chain_down
	rm -rf "$out"
}
lab_traps
chain_up "${LAB_PREFIX}t" || exit 2
set +e
pass=0 fail=0
C() { lab_exec "${NS[0]}" "$@"; }
hops4="$(v4 0 2) $(v4 1 2) $(v4 2 2) $(v4 3 2) $(v4 4 2) $S4"
hops6="2001:db8:10::2 $(v6 1 2) $(v6 2 2) $(v6 3 2) $(v6 4 2) $S6"
# Warm the neighbour caches, so that the first trace is not slowed by ARP/ND.
C ping -c 1 -W 2 "$S4" >/dev/null; C ping -6 -c 1 -W 2 "$S6" >/dev/null
lab_settle 1

# hoplist FILE: "hop responder" for each line of traceroute-style output
# (the first responder of each hop; "*" when silent).
hoplist()
{
	awk 'NR > 1 { r = "*"; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9a-f:.]+$/ && $i ~ /[.:]/ && $(i+1) != "ms") { r = $i; break }
		print $1, r }' "$1"
}
expect()
{
	local n=1 h
	for h in $1; do echo "$n $h"; n=$((n + 1)); done
}

# 1. The kernels' default ICMP rate limits (a burst of 6, then 1/s per
#    destination): every probe of a -q 3 trace is still answered, for
#    every method and family.  Runs of one family are 5 s apart so that
#    each starts with the routers' buckets refilled.
for m in -I -U -T; do
	for f in 4 6; do
		eval "dst=\$S$f hops=\$hops$f"
		C "$bin" trace -$f $m -q 3 "$dst" >"$out/rl" 2>&1; rc=$?
		[ $rc -eq 0 ] && ! grep -q '\*' "$out/rl" &&
			[ "$(hoplist "$out/rl")" = "$(expect "$hops")" ] &&
			ok || bad "default rate limits, trace -$f $m: exit $rc: $(cat "$out/rl")"
	done
	sleep 5
done

# 1b. Rounds (-c) at mtr's one a second, with the default limits: no loss
#     at any hop, v4 and v6 (both run at once: each family has its own
#     buckets); JSON Lines with the figures of each hop.
C "$bin" trace -6 -c 10 "$S6" >"$out/c10v6" 2>&1 &
c6=$!
C "$bin" trace -c 10 -j "$S4" >"$out/c10" 2>&1; rc=$?
wait $c6; rc6=$?
[ $rc6 -eq 0 ] && [ "$(grep -c '^  [1-6]  2001:db8:10:.*  10   0\.0%    ' "$out/c10v6")" -eq 6 ] &&
	ok || bad "-6 -c 10 at 1/s: exit $rc6: $(cat "$out/c10v6")"
[ $rc -eq 0 ] && jq -se '
	(map(select(has("probe"))) | length == 60) and
	(map(select(has("responders"))) | length == 6 and
		all(.sent == 10 and .answered == 10 and .loss_pct == 0 and .rate_limited == false and
		    .best_ms > 0 and .best_ms <= .p50_ms and .p50_ms <= .p90_ms and .p90_ms <= .worst_ms and
		    .avg_ms >= .best_ms and .avg_ms <= .worst_ms and (.stdev_ms | type) == "number" and
		    (.last_ms | type) == "number")) and
	(.[-1].summary | .rounds == 10 and .interval == 1 and .reached == true)' "$out/c10" >/dev/null &&
	ok || bad "-c 10 at 1/s: exit $rc: $(cat "$out/c10")"
# Faster than routers answer: the table says the losses are rate limits
# (" rl" and the note), and the destination's echo replies lose nothing.
sleep 6
C "$bin" trace -c 20 -i 0.1 "$S4" >"$out/fast" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^  [1-5]  .*% rl ' "$out/fast")" -eq 5 ] &&
	grep -q "^  6  $S4 .*  20   0.0%    " "$out/fast" &&
	grep -q '^rl: -i 0.1 is faster than routers answer' "$out/fast" &&
	head -2 "$out/fast" | tail -1 | grep -q '^HOP  RESPONDER  .*SENT   LOSS .*P50     P90$' &&
	ok || bad "-c 20 -i 0.1: exit $rc: $(cat "$out/fast")"
[ "${VERBOSE:-}" ] && cat "$out/fast"

# From here on the routers answer every error at once, so that runs of
# both tools back to back do not eat each other's rate-limit budget.
for ns in "${NS[@]}"; do
	lab_exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
done

# 2. The same responders at the same hop numbers as traceroute -n, for
#    UDP, ICMP and TCP, v4 and v6.
for m in U I T; do
	for f in 4 6; do
		eval "dst=\$S$f hops=\$hops$f"
		tm=-$m; [ $m = U ] && tm=
		C traceroute -$f -n -q 3 $tm "$dst" >"$out/tr" 2>&1
		C "$bin" trace -$f -$m -q 3 "$dst" >"$out/ik" 2>&1; rc=$?
		[ $rc -eq 0 ] && [ "$(hoplist "$out/ik")" = "$(hoplist "$out/tr")" ] &&
			[ "$(hoplist "$out/ik")" = "$(expect "$hops")" ] &&
			ok || bad "trace -$f -$m vs traceroute: exit $rc:
$(cat "$out/ik")
--- traceroute:
$(cat "$out/tr")"
		if [ "${VERBOSE:-}" ]; then cat "$out/tr" "$out/ik"; fi
	done
done
# The same responders at the same hop numbers as tracepath -n and
# mtr -n --report, v4 and v6 (trace -c's table has them in column 2).
tphops() { awk '$1 ~ /^[0-9]+:$/ && $2 != "no" { h = $1 + 0; if (!(h in s)) { s[h] = 1; print h, $2 } }' "$1"; }
mtrhops() { awk '$1 ~ /^[0-9]+\.\|--$/ { print $1 + 0, $2 }' "$1"; }
tblhops() { awk '$1 ~ /^[0-9]+$/ { print $1, $2 }' "$1"; }
for f in 4 6; do
	eval "dst=\$S$f hops=\$hops$f"
	C tracepath -$f -n "$dst" >"$out/tp" 2>&1
	C mtr -$f -n --report -c 2 -i 0.2 "$dst" >"$out/mtr" 2>&1
	C "$bin" trace -$f -U "$dst" >"$out/ik" 2>&1; rc=$?
	C "$bin" trace -$f -c 2 -i 0.2 "$dst" >"$out/ikc" 2>&1; rc2=$?
	[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ "$(hoplist "$out/ik")" = "$(expect "$hops")" ] &&
		[ "$(tphops "$out/tp")" = "$(expect "$hops")" ] &&
		[ "$(mtrhops "$out/mtr")" = "$(expect "$hops")" ] &&
		[ "$(tblhops "$out/ikc")" = "$(expect "$hops")" ] &&
		ok || bad "-$f vs tracepath and mtr: exit $rc/$rc2: $(cat "$out/ik" "$out/ikc")
--- tracepath:
$(cat "$out/tp")
--- mtr:
$(cat "$out/mtr")"
done

# -o IFACE: a second link from the client to r1 (203.0.113.32/28, a
# default route of a higher metric behind it); -o takes it, so hop 1 is
# r1's address there, as traceroute -i shows it; without -o, link 0.
set -e
ip link add "${P}o0a" netns "${NS[0]}" type veth peer "${P}o0b" netns "${NS[1]}"
lab_exec "${NS[0]}" ip addr add 203.0.113.33/28 dev "${P}o0a"
lab_exec "${NS[1]}" ip addr add 203.0.113.34/28 dev "${P}o0b"
lab_exec "${NS[0]}" ip addr add 2001:db8:20::1/64 dev "${P}o0a" nodad
lab_exec "${NS[1]}" ip addr add 2001:db8:20::2/64 dev "${P}o0b" nodad
lab_exec "${NS[0]}" ip link set "${P}o0a" up
lab_exec "${NS[1]}" ip link set "${P}o0b" up
lab_exec "${NS[0]}" ip route add default via 203.0.113.34 dev "${P}o0a" metric 200
lab_exec "${NS[0]}" ip -6 route add default via 2001:db8:20::2 dev "${P}o0a" metric 2000
for i in 2 3 4 5; do
	lab_exec "${NS[$i]}" ip route add 203.0.113.32/28 via "$(v4 $((i - 1)) 1)"
	lab_exec "${NS[$i]}" ip -6 route add 2001:db8:20::/64 via "$(v6 $((i - 1)) 1)"
done
set +e
C ping -c 1 -W 2 -I "${P}o0a" "$S4" >/dev/null
C "$bin" trace -o "${P}o0a" "$S4" >"$out/o" 2>&1; rc=$?
C traceroute -n -i "${P}o0a" "$S4" >"$out/to" 2>&1
C "$bin" trace -j -o "${P}o0a" -q 1 "$S4" >"$out/oj" 2>&1
[ $rc -eq 0 ] && [ "$(hoplist "$out/o")" = "$(hoplist "$out/to")" ] &&
	[ "$(hoplist "$out/o" | head -1)" = "1 203.0.113.34" ] &&
	[ "$(hoplist "$out/o" | tail -1)" = "6 $S4" ] && ! grep -q '\*' "$out/o" &&
	jq -se '.[-1].summary.reached' "$out/oj" >/dev/null &&
	ok || bad "-o: exit $rc: $(cat "$out/o") --- $(cat "$out/to")"
C ping -6 -c 1 -W 2 -I "${P}o0a" "$S6" >/dev/null
C "$bin" trace -6 -o "${P}o0a" "$S6" >"$out/o6" 2>&1; rc=$?
C traceroute -6 -n -i "${P}o0a" "$S6" >"$out/to6" 2>&1
[ $rc -eq 0 ] && [ "$(hoplist "$out/o6")" = "$(hoplist "$out/to6")" ] &&
	[ "$(hoplist "$out/o6" | head -1)" = "1 2001:db8:20::2" ] &&
	[ "$(hoplist "$out/o6" | tail -1)" = "6 $S6" ] && ! grep -q '\*' "$out/o6" &&
	ok || bad "-6 -o: exit $rc: $(cat "$out/o6") --- $(cat "$out/to6")"

# Every probe line: hop, then address, RTT in ms, three of them.
C "$bin" trace -q 3 "$S4" >"$out/fmt" 2>&1
head -1 "$out/fmt" | grep -q "^traceroute to $S4 ($S4), 30 hops max, 60 byte packets$" &&
	grep -q "^ 6  $S4  [0-9.]* ms  [0-9.]* ms  [0-9.]* ms$" "$out/fmt" &&
	[ "$(wc -l <"$out/fmt")" -eq 7 ] && ok || bad "text format: $(cat "$out/fmt")"

# 2b. Without root or CAP_NET_RAW: ICMP probes on an ICMP datagram
#     socket (ping_group_range), errors from its error queue.  Closed
#     range (a new namespace's default, "1 0"): one line naming both
#     fixes; -T, -e and --ecmp -U name theirs.  Opened: the same
#     responders at the same hops as the root trace, ICMP and UDP (a UDP
#     socket, as traceroute), v4 and v6, every probe answered, RTTs under
#     a millisecond (kernel timestamps both ways), JSON too.
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
N() { C "${NOBODY[@]}" "$@"; }
nobody_err() { # NAME PATTERN ARGS...
	local name=$1 pat=$2 rc
	shift 2
	N "$bin" trace "$@" >"$out/ne" 2>&1; rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$out/ne")" -eq 1 ] && grep -qE "^icmpkit: .*$pat" "$out/ne" &&
		ok || bad "as nobody, $name: exit $rc: $(cat "$out/ne")"
}
C sysctl -qw net.ipv4.ping_group_range="1 0"
nobody_err "range closed" "ping_group_range.*sysctl -w net.ipv4.ping_group_range=.*setcap cap_net_raw" "$S4"
nobody_err "range closed, v6" "ping_group_range.*setcap cap_net_raw" -6 "$S6"
C sysctl -qw net.ipv4.ping_group_range="0 2147483647"
nobody_err "-T" "-T: TCP probes need raw sockets.*setcap cap_net_raw" -T "$S4"
nobody_err "-e" "-e: the errors' extensions need raw sockets.*setcap" -e "$S4"
nobody_err "--ecmp -U" "--ecmp: UDP flows .*need raw sockets.*setcap" --ecmp -U "$S4"
for f in 4 6 4U 6U; do
	m=-I; [ "${f#?}" = U ] && m=-U
	f=${f%U}
	eval "dst=\$S$f hops=\$hops$f"
	C "$bin" trace -$f $m -q 3 "$dst" >"$out/root" 2>&1
	N "$bin" trace -$f $m -q 3 "$dst" >"$out/nb" 2>&1; rc=$?
	[ $rc -eq 0 ] && ! grep -q '\*' "$out/nb" && [ "$(hoplist "$out/nb")" = "$(hoplist "$out/root")" ] &&
		[ "$(hoplist "$out/nb")" = "$(expect "$hops")" ] &&
		[ "$(grep -o ' ms' "$out/nb" | wc -l)" -eq 18 ] &&
		awk 'NR > 1 { for (i = 2; i < NF; i++) if ($(i + 1) == "ms" && $i + 0 >= 1) slow = 1 } END { exit slow }' "$out/nb" &&
		ok || bad "trace -$f $m as nobody vs root: exit $rc:
$(cat "$out/nb")
--- root:
$(cat "$out/root")"
	N "$bin" trace -$f $m -q 1 -j "$dst" >"$out/nbj" 2>&1; rc=$?
	[ $rc -eq 0 ] && jq -se --argjson n 6 'map(select(has("responders"))) | length == $n and
		all(.answered == 1)' "$out/nbj" >/dev/null &&
		jq -se 'map(select(has("probe"))) | all(.rtt_ms > 0 and (has("quoted_ttl") | not))' "$out/nbj" >/dev/null &&
		jq -se '.[-1].summary.reached' "$out/nbj" >/dev/null &&
		ok || bad "trace -$f $m -j as nobody: exit $rc: $(cat "$out/nbj")"
done

# 3. JSON Lines: 3 probe objects and a hop object per hop, then a summary.
C "$bin" trace -j -U "$S4" >"$out/j" 2>&1; rc=$?
[ $rc -eq 0 ] && jq -se '
	(map(select(has("probe"))) | length == 18 and
		all(.hop >= 1 and .probe >= 1 and (.responder | type) == "string" and
		    (.rtt_ms | type) == "number" and .rtt_ms > 0 and (.type | type) == "number" and
		    (.code | type) == "number" and (.name | type) == "string" and
		    (.annotation | type) == "string")) and
	(map(select(has("responders"))) | length == 6 and all(.sent == 3 and .answered == 3)) and
	(map(select(has("probe") and .hop < 6)) | all(.name == "time-exceeded" and .quoted_ttl == 1)) and
	(map(select(has("probe") and .hop == 6)) | all(.name == "dest-unreachable" and .code == 3)) and
	(.[-1].summary | .reached == true and .hops == 6 and .method == "udp" and .ip == 4)' "$out/j" >/dev/null &&
	ok || bad "-j: exit $rc: $(cat "$out/j")"

# 4. A router that drops its time-exceeded messages: '*' there, the trace
#    goes on to the destination; traceroute sees the same.  The silent
#    hop does not cost -w (5 s): once a later hop answered, its probes
#    wait 10 times that RTT (traceroute's NEAR), so the run is short.
lab_exec "${NS[2]}" nft -f - <<-'EOF2'
table inet iksilent {
	chain output {
		type filter hook output priority filter; policy accept;
		icmp type time-exceeded drop
		icmpv6 type time-exceeded drop
	}
}
EOF2
for f in 4 6; do
	eval "dst=\$S$f"
	t0=$(date +%s%N)
	C "$bin" trace -$f "$dst" >"$out/sil" 2>&1; rc=$?
	t1=$(date +%s%N)
	C traceroute -$f -n -I -w 1 "$dst" >"$out/tsil" 2>&1
	[ $rc -eq 0 ] && grep -q '^ 2  \* \* \*$' "$out/sil" && grep -q "^ 6  $dst " "$out/sil" &&
		[ $(((t1 - t0) / 1000000)) -lt 1000 ] &&
		[ "$(hoplist "$out/sil")" = "$(hoplist "$out/tsil")" ] &&
		ok || bad "silent hop -$f: exit $rc, $(((t1 - t0) / 1000000)) ms: $(cat "$out/sil") --- $(cat "$out/tsil")"
done
lab_exec "${NS[2]}" nft delete table inet iksilent

# 4b. Random loss (nftables numgen, 30 %) of r3's time-exceeded messages:
#     its row shows about that, the other hops none (the routers' limits
#     are off here, so 64 rounds can go 50 ms apart).
lab_exec "${NS[3]}" nft -f - <<-'EOF2'
table inet iklossy {
	chain output {
		type filter hook output priority filter; policy accept;
		icmp type time-exceeded numgen random mod 100 < 30 drop
	}
}
EOF2
C "$bin" trace -c 64 -i 0.05 -j "$S4" >"$out/loss" 2>&1; rc=$?
l3=$(jq -s 'map(select(has("responders")))[2].loss_pct' "$out/loss" 2>/dev/null)
[ $rc -eq 0 ] && jq -se 'map(select(has("responders"))) | length == 6 and
	(.[2].loss_pct >= 12 and .[2].loss_pct <= 48 and .[2].rate_limited == false) and
	([.[0,1,3,4,5].loss_pct] | all(. == 0))' "$out/loss" >/dev/null &&
	ok || bad "30 % loss at hop 3: exit $rc: $(cat "$out/loss")"
echo "trace lab: 30 % numgen loss at hop 3, -c 64: hop 3 shows ${l3:-?} %"
lab_exec "${NS[3]}" nft delete table inet iklossy

# 4c. -e: r4 stands in for an MPLS router.  Its kernel's time exceeded
#     messages are dropped, and tests/lab/extresp answers the probes that
#     reach it with TTL 1 with ones that carry an RFC 4950 label stack
#     (16005, 24001) and an RFC 5837 interface object (mpls-in0, index 7,
#     MTU 1500).  trace -e prints them on hop 4 (once: the three probes'
#     are the same), traceroute -e shows the same labels; without -e
#     nothing of them is printed.  IPv4 and IPv6.
lab_exec "${NS[4]}" nft -f - <<-'EOF2'
table inet ikmpls {
	chain output {
		type filter hook output priority filter; policy accept;
		icmp type time-exceeded meta mark != 0x4950 drop
		icmpv6 type time-exceeded meta mark != 0x4950 drop
	}
}
EOF2
labels='L=16005,E=0,S=0,T=1/L=24001,E=0,S=1,T=1'
for f in 4 6; do
	eval "dst=\$S$f hops=\$hops$f"
	r4=$(v$f 3 2)
	lab_exec "${NS[4]}" tests/lab/extresp "${P}l3b" "$r4" >"$out/er" 2>&1 &
	er=$!
	for i in $(seq 50); do grep -q ready "$out/er" && break; sleep 0.2; done
	C "$bin" trace -$f -e "$dst" >"$out/e" 2>&1; rc=$?
	C traceroute -$f -n -e -I "$dst" >"$out/te" 2>&1
	[ $rc -eq 0 ] && grep -q "^ 4  $r4  [0-9.]* ms <MPLS:$labels> <IF:incoming-ip,index=7,name=mpls-in0,mtu=1500>  [0-9.]* ms  [0-9.]* ms$" "$out/e" &&
		[ "$(grep -c '<' "$out/e")" -eq 1 ] && grep -q "^ 4  $r4 <MPLS:$labels;" "$out/te" &&
		[ "$(hoplist "$out/e")" = "$(expect "$hops")" ] &&
		ok || bad "-$f -e: exit $rc: $(cat "$out/e") --- $(cat "$out/te") --- $(cat "$out/er")"
	C "$bin" trace -$f -e -j "$dst" >"$out/ej" 2>&1; rc=$?
	[ $rc -eq 0 ] && jq -se 'map(select(has("probe") and .hop == 4)) | length == 3 and all(
		.mpls == [{"label":16005,"tc":0,"s":0,"ttl":1},{"label":24001,"tc":0,"s":1,"ttl":1}] and
		.interface == {"role":"incoming-ip","ifindex":7,"name":"mpls-in0","mtu":1500})' "$out/ej" >/dev/null &&
		! jq -se 'map(select(has("probe") and .hop != 4 and has("mpls"))) | length > 0' "$out/ej" >/dev/null &&
		ok || bad "-$f -e -j: exit $rc: $(cat "$out/ej")"
	C "$bin" trace -$f "$dst" >"$out/ne" 2>&1; rc=$?
	[ $rc -eq 0 ] && ! grep -q '<' "$out/ne" && grep -q "^ 4  $r4 " "$out/ne" &&
		ok || bad "-$f, no -e: exit $rc: $(cat "$out/ne")"
	kill "$er" 2>/dev/null; wait "$er" 2>/dev/null
done
lab_exec "${NS[4]}" nft delete table inet ikmpls

# 5. A destination that filters UDP with admin-prohibited: !X at the
#    end, as traceroute; one that rejects it (port unreachable) ends
#    without a mark (the runs above).
lab_exec "${NS[6]}" nft -f - <<-'EOF2'
table inet ikfilter {
	chain input {
		type filter hook input priority filter; policy accept;
		udp dport 33434 reject with icmpx admin-prohibited
	}
}
EOF2
for f in 4 6; do
	eval "dst=\$S$f"
	C "$bin" trace -$f -U "$dst" >"$out/x" 2>&1; rc=$?
	C traceroute -$f -n -U -p 33434 "$dst" >"$out/tx" 2>&1
	[ $rc -eq 0 ] && [ "$(grep -c ' !X' "$out/x")" -eq 1 ] &&
		[ "$(grep -o '!X' "$out/x" | wc -l)" -eq 3 ] && tail -1 "$out/x" | grep -q "^ 6  $dst " &&
		tail -1 "$out/tx" | grep -q '!X' &&
		ok || bad "admin-prohibited -$f: exit $rc: $(cat "$out/x") --- $(cat "$out/tx")"
	# Without root, the UDP socket's error queue says the same.
	N "$bin" trace -$f -U "$dst" >"$out/xn" 2>&1; rc=$?
	[ $rc -eq 0 ] && [ "$(grep -o '!X' "$out/xn" | wc -l)" -eq 3 ] && tail -1 "$out/xn" | grep -q "^ 6  $dst " &&
		ok || bad "admin-prohibited -$f -U as nobody: exit $rc: $(cat "$out/xn")"
done
lab_exec "${NS[6]}" nft delete table inet ikfilter

# 6. An unreachable route on r3: hop 3 answers !H (v4) / !N (v6) as
#    traceroute shows it, the trace stops there, exit 1 (not reached), and
#    every probe of that hop is answered.  An IPv4 route error pays twice
#    from the router's one bucket per destination (ip_error's error_cost,
#    then icmp_send's icmp_ratelimit), so trace sends that hop's probes
#    2.1 s apart (TRC_ROUTE_GAP_NS in inject/trc.h): about 4 s for -q 3.
#    traceroute, which does not, gets "!H !H *" with the default limits.
lab_exec "${NS[3]}" ip route add unreachable 203.0.113.0/24
lab_exec "${NS[3]}" ip -6 route add unreachable 2001:db8:99::/64
for ns in "${NS[@]}"; do
	lab_exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=1000 net.ipv6.icmp.ratelimit=1000
done
for d in 203.0.113.9 2001:db8:99::9; do
	# Each tool with a full bucket on r3.
	sleep 5
	C traceroute -n -I "$d" >"$out/tu" 2>&1
	sleep 5
	C "$bin" trace -I "$d" >"$out/u" 2>&1; rc=$?
	a=$(tail -1 "$out/u" | grep -o '![A-Z]' | sort -u)
	b=$(tail -1 "$out/tu" | grep -o '![A-Z]' | sort -u)
	[ $rc -eq 1 ] && [ "$(wc -l <"$out/u")" -eq 4 ] && [ -n "$a" ] && [ "$a" = "$b" ] &&
		[ "$(tail -1 "$out/u" | grep -o '![A-Z]' | wc -l)" -eq 3 ] &&
		[ "$(hoplist "$out/u")" = "$(hoplist "$out/tu")" ] &&
		ok || bad "unreachable $d: exit $rc: $(cat "$out/u") --- $(cat "$out/tu")"
	[ "${VERBOSE:-}" ] && cat "$out/u" "$out/tu"
done
for ns in "${NS[@]}"; do
	lab_exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
done

# 6b. --pmtu (tracepath): a 1280-byte link between r2 and r3.  Probes
#     start at the interface MTU (1500) with DF; r2 answers the TTL 3
#     probes with fragmentation needed / packet too big, so hop 3 gets
#     "pmtu 1280" (the line tracepath prints it on) and the path MTU is
#     1280; every hop still answers all three probes.
for e in "${NS[2]}:${P}l2a" "${NS[3]}:${P}l2b"; do
	lab_exec "${e%%:*}" ip link set "${e##*:}" mtu 1280
done
for f in 4 6; do
	eval "dst=\$S$f hops=\$hops$f"
	# tracepath starts from what the kernel learned: forget it first.
	C ip -$f route flush cache
	C tracepath -$f -n "$dst" >"$out/tp" 2>&1
	grep -q '^ 3: .*pmtu 1280' "$out/tp" && grep -q 'Resume: pmtu 1280' "$out/tp" &&
		ok || bad "tracepath -$f does not agree: $(cat "$out/tp")"
	# trace starts from the interface MTU whatever the kernel learned.
	for m in -I -U; do
		C "$bin" trace -$f $m --pmtu "$dst" >"$out/pm" 2>&1; rc=$?
		[ $rc -eq 0 ] && head -1 "$out/pm" | grep -q ', 1500 byte packets$' &&
			[ "$(grep -c 'pmtu' "$out/pm")" -eq 1 ] && grep -q '^ 3  .* pmtu 1280$' "$out/pm" &&
			tail -1 "$out/pm" | grep -q '^path mtu 1280$' && ! grep -q '\*' "$out/pm" &&
			[ "$(hoplist <(sed '$d' "$out/pm"))" = "$(expect "$hops")" ] &&
			ok || bad "--pmtu -$f $m: exit $rc: $(cat "$out/pm")"
	done
	C "$bin" trace -$f -j --pmtu "$dst" >"$out/pmj" 2>&1; rc=$?
	[ $rc -eq 0 ] && jq -se '(map(select(has("responders") and has("pmtu"))) | length == 1 and .[0].hop == 3 and
		.[0].pmtu == 1280) and .[-1].summary.path_mtu == 1280' "$out/pmj" >/dev/null &&
		ok || bad "--pmtu -j -$f: exit $rc: $(cat "$out/pmj")"
	# Without root: the datagram socket's error queue gives the MTU.
	for m in -I -U; do
		N "$bin" trace -$f $m --pmtu "$dst" >"$out/pmn" 2>&1; rc=$?
		[ $rc -eq 0 ] && [ "$(grep -c 'pmtu' "$out/pmn")" -eq 1 ] && grep -q '^ 3  .* pmtu 1280$' "$out/pmn" &&
			tail -1 "$out/pmn" | grep -q '^path mtu 1280$' && ! grep -q '\*' "$out/pmn" &&
			[ "$(hoplist <(sed '$d' "$out/pmn"))" = "$(expect "$hops")" ] &&
			ok || bad "--pmtu -$f $m as nobody: exit $rc: $(cat "$out/pmn")"
	done
	# With rounds (-c): the table row of hop 3 ends in "pmtu 1280", the
	# path MTU follows the table; JSON as without rounds.  Every round
	# answered at every hop.
	for m in -I -U; do
		C "$bin" trace -$f $m --pmtu -c 3 -i 0.2 "$dst" >"$out/pmc" 2>&1; rc=$?
		[ $rc -eq 0 ] && [ "$(grep -c 'pmtu' "$out/pmc")" -eq 1 ] &&
			grep -qE '^  3  [0-9a-f:.]+ +3   0\.0%.* pmtu 1280$' "$out/pmc" &&
			tail -1 "$out/pmc" | grep -q '^path mtu 1280$' &&
			[ "$(grep -cE '^  [1-6]  [0-9a-f:.]+ +3   0\.0%' "$out/pmc")" -eq 6 ] &&
			[ "$(tblhops "$out/pmc")" = "$(expect "$hops")" ] &&
			ok || bad "--pmtu -c 3 -$f $m: exit $rc: $(cat "$out/pmc")"
	done
	C "$bin" trace -$f -j --pmtu -c 3 -i 0.2 "$dst" >"$out/pmcj" 2>&1; rc=$?
	[ $rc -eq 0 ] && jq -se '(map(select(has("responders") and has("pmtu"))) | length == 1 and .[0].hop == 3 and
		.[0].pmtu == 1280) and (map(select(has("responders"))) | length == 6 and all(.answered == 3)) and
		.[-1].summary.path_mtu == 1280 and .[-1].summary.rounds == 3' "$out/pmcj" >/dev/null &&
		ok || bad "--pmtu -c 3 -j -$f: exit $rc: $(cat "$out/pmcj")"
done
for e in "${NS[2]}:${P}l2a" "${NS[3]}:${P}l2b"; do
	lab_exec "${e%%:*}" ip link set "${e##*:}" mtu 1500
done
C ip -4 route flush cache; C ip -6 route flush cache

# 6c. ECMP: r2 gets a second, equal next hop r3b (r2 -x2- r3b -x3- r4,
#     203.0.113.0/28 and .16/28) and hashes flows on ports
#     (fib_multipath_hash_policy=1).  A default trace keeps one flow, so
#     every probe and every round of hop 3 meets one responder; --ecmp
#     gives probe r of every hop flow r (UDP source port + r), and hop 3
#     lists both routers with the flows that reached each.
NS+=("$P-r3b")
set -e
_lab_ns "$P-r3b" 1
ip link add "${P}x2a" netns "${NS[2]}" type veth peer "${P}x2b" netns "$P-r3b"
ip link add "${P}x3a" netns "$P-r3b" type veth peer "${P}x3b" netns "${NS[4]}"
lab_exec "${NS[2]}" ip addr add 203.0.113.1/28 dev "${P}x2a"
lab_exec "$P-r3b" ip addr add 203.0.113.2/28 dev "${P}x2b"
lab_exec "$P-r3b" ip addr add 203.0.113.17/28 dev "${P}x3a"
lab_exec "${NS[4]}" ip addr add 203.0.113.18/28 dev "${P}x3b"
lab_exec "${NS[2]}" ip link set "${P}x2a" up
lab_exec "$P-r3b" ip link set "${P}x2b" up
lab_exec "$P-r3b" ip link set "${P}x3a" up
lab_exec "${NS[4]}" ip link set "${P}x3b" up
lab_exec "$P-r3b" ip route add default via 203.0.113.18
lab_exec "$P-r3b" ip route add 198.51.100.0/28 via 203.0.113.1
lab_exec "$P-r3b" sysctl -qw net.ipv4.icmp_ratelimit=0
lab_exec "${NS[2]}" sysctl -qw net.ipv4.fib_multipath_hash_policy=1
lab_exec "${NS[2]}" ip route replace default nexthop via "$(v4 2 2)" nexthop via 203.0.113.2
set +e
C ping -c 1 -W 2 "$S4" >/dev/null
C "$bin" trace -U -q 10 "$S4" >"$out/one" 2>&1; rc=$?
C "$bin" trace -U -c 16 -i 0.02 -j "$S4" >"$out/onec" 2>&1; rc2=$?
[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ "$(grep -c '^ 3  ' "$out/one")" -eq 1 ] &&
	[ "$(awk '/^ 3  /' "$out/one" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' | sort -u | wc -l)" -eq 1 ] &&
	jq -se 'map(select(has("responders"))) | length == 6 and all(.responders | length == 1) and
		all(.answered == 16)' "$out/onec" >/dev/null &&
	ok || bad "ECMP, one flow: exit $rc/$rc2: $(cat "$out/one") $(cat "$out/onec")"
C "$bin" trace --ecmp -U -c 32 -i 0.02 -j "$S4" >"$out/ecmp" 2>&1; rc=$?
[ $rc -eq 0 ] && jq -se --arg a "$(v4 2 2)" 'map(select(has("responders"))) as $h | $h | length == 6 and
	($h[2].flows | keys == ([$a, "203.0.113.2"] | sort)) and
	([$h[2].flows[]] | add | sort == [range(32)]) and
	([$h[0,1,3,4,5] | .responders | length == 1] | all) and
	([$h[0,1,3,4,5] | .flows[] | length == 32] | all)' "$out/ecmp" >/dev/null &&
	ok || bad "--ecmp: exit $rc: $(cat "$out/ecmp")"
echo "trace lab: --ecmp, 32 flows at hop 3: $(jq -sc 'map(select(has("responders")))[2].flows | map_values(length)' "$out/ecmp" 2>/dev/null)"
C "$bin" trace --ecmp -U -q 10 "$S4" >"$out/ecmpt" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^    [0-9.]* flows [0-9 ]*$' "$out/ecmpt")" -ge 6 ] &&
	ok || bad "--ecmp text: exit $rc: $(cat "$out/ecmpt")"
lab_exec "${NS[2]}" ip route replace default via "$(v4 2 2)"
ip netns pids "$P-r3b" 2>/dev/null | xargs -r kill 2>/dev/null
ip netns del "$P-r3b"

# 7. Bad input: one line, exit 2.
for args in "-m 0 $S4" "-f 5 -m 3 $S4" "-q 0 $S4" "-q 11 $S4" "-p 53 $S4" "-p 0 -U $S4" \
	"-w 0 $S4" "-s 20 -T $S4" "-s 1 $S4" "no-such-host.invalid" "" "-z $S4" "$S4 $S6" \
	"-c 0 $S4" "-c 65 $S4" "-c 3 -q 2 $S4" "-i 1 $S4" "-c 2 -i 0 $S4" "-c 2 -i x $S4" \
	"--pmtu -T $S4" "--pmtu -s 100 $S4" "--pmtu=1 $S4" "-o nosuch0 $S4" \
	"-o $(printf 'x%.0s' {1..20}) $S4" "-o"; do
	# shellcheck disable=SC2086
	C "$bin" trace $args >"$out/bad" 2>&1; rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$out/bad")" -eq 1 ] && grep -q '^icmpkit: ' "$out/bad" &&
		ok || bad "trace $args: exit $rc: $(cat "$out/bad")"
done
# Nothing answers beyond -m: exit 1.
C "$bin" trace -m 3 "$S4" >"$out/short" 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$out/short")" -eq 4 ] && ok || bad "-m 3: exit $rc: $(cat "$out/short")"
lab_exec "${NS[0]}" "$bin" trace -f 4 "$S4" >"$out/first" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(hoplist "$out/first" | head -1)" = "4 $(v4 3 2)" ] && ok || bad "-f 4: $(cat "$out/first")"

# -S: the source address given.
C "$bin" trace -S "$(v4 0 1)" -j "$S4" >"$out/src" 2>&1; rc=$?
[ $rc -eq 0 ] && jq -se '.[-1].summary.reached' "$out/src" >/dev/null && ok || bad "-S: exit $rc: $(cat "$out/src")"

# 8. Wall time, icmpkit trace -q 3 and traceroute -n -q 3 in turn
#    (printed, never asserted: see make bench).
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000)); }
for i in 1 2 3 4 5; do
	ms C "$bin" trace -q 3 "$S4" >>"$out/t.ik"
	ms C traceroute -n -q 3 "$S4" >>"$out/t.tr"
done
echo "trace lab: wall time (median of 5, microseconds, ip netns exec included):" \
	"icmpkit trace $(sort -n "$out/t.ik" | sed -n 3p), traceroute $(sort -n "$out/t.tr" | sed -n 3p)"
lab_test_end
