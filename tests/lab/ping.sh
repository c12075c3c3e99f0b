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
	grep -q '^rtt p50/p90/p99 = .* reordered, from kernel capture timestamps$' "$out/p4" &&
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
# 5b. Large probes, compared with iputils' ping in the same lab: what
# both print alike (replies without their times, errors from the network
# and local ones, the summary without its time, the exit code) is the
# same.  The route cache is flushed before each run, so that both start
# without a known PMTU.
norm() { # FILE
	sed -n -e 's/^\(ping\|icmpkit\): local error/local error/p' \
		-e 's/^\(ping\|icmpkit\): .*\(Do you want to ping broadcast\)/\2/p' \
		-e 's/ time=[0-9.]* ms$//p' -e '/^From /p' -e '/^exit /p' \
		-e 's/^\([0-9]* packets transmitted, .*\), time [0-9]*ms$/\1/p' "$1"
}
vs_iputils() { # NAME ARGS...
	local name=$1 t
	shift
	for t in ping "$bin"; do
		C ip route flush cache
		C ip -6 route flush cache
		C ${t/#$bin/$bin ping} "$@" >"$out/$name.${t##*/}" 2>&1
		echo "exit $?" >>"$out/$name.${t##*/}"
	done
	if diff <(norm "$out/$name.ping") <(norm "$out/$name.icmpkit") >"$out/$name.diff"; then ok; else
		bad "$name: icmpkit and iputils differ: $(cat "$out/$name.diff")"
	fi
}
vs_iputils "mdo-frag-needed" -M do -c 1 -W 1 -s 1400 "$LAB_S_IP4"
# Once the kernel knows PMTU 1280, -M do probes cannot leave: a local
# error per probe, counted in +N errors.
C ping -M do -c 1 -W 1 -s 1400 "$LAB_S_IP4" >/dev/null 2>&1
C "$bin" ping -M do -c 3 -i 0.1 -s 1400 "$LAB_S_IP4" >"$out/mdo" 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(grep -c '^icmpkit: local error: message too long, mtu=1280$' "$out/mdo")" -eq 3 ] &&
	grep -q '^3 packets transmitted, 0 received, +3 errors, 100% packet loss' "$out/mdo" &&
	ok || bad "-M do with PMTU 1280 known: exit $rc: $(cat "$out/mdo")"
C "$bin" ping -M do -c 2 -i 0.1 -s 1400 -j "$LAB_S_IP4" >"$out/mdoj" 2>&1
jq -se '[.[] | select(.error == "local" and .message == "message too long, mtu=1280")] | length == 2' \
	"$out/mdoj" >/dev/null && ok || bad "-M do -j: $(cat "$out/mdoj")"
# -M want (the default): after the router's frag-needed / packet-too-big
# the kernel fragments the probes, and the server's fragmented replies
# are counted whole (1408 bytes), as iputils counts them.
vs_iputils "want-1280" -c 3 -i 0.2 -s 1400 "$LAB_S_IP4"
vs_iputils "want6-1280" -6 -M want -c 4 -i 0.2 -s 1400 "$LAB_S_IP6"
vs_iputils "dont-1280" -M dont -c 3 -i 0.2 -s 1400 "$LAB_S_IP4"
grep -q '^1408 bytes from' "$out/want6-1280.icmpkit" && grep -q '^1408 bytes from' "$out/dont-1280.icmpkit" &&
	ok || bad "no whole 1408-byte reply: $(cat "$out/want6-1280.icmpkit" "$out/dont-1280.icmpkit")"
# A reply missing a fragment (the router drops every fragment but the
# first on the way back) is lost, never half-counted.
R nft -f - <<-'EOF2'
table inet ikfrag {
	chain fragdrop {
		type filter hook forward priority filter; policy accept;
		ip daddr 198.51.100.2 ip frag-off & 0x1fff != 0 drop
		ip6 daddr 2001:db8:1::2 frag frag-off != 0 drop
	}
}
EOF2
vs_iputils "frag-dropped" -M dont -c 2 -i 0.2 -W 1 -s 1400 "$LAB_S_IP4"
vs_iputils "frag6-dropped" -6 -c 2 -i 0.2 -W 1 -s 1400 "$LAB_S_IP6"
! grep -q 'bytes from' "$out/frag-dropped.icmpkit" "$out/frag6-dropped.icmpkit" &&
	grep -q '^exit 1$' "$out/frag-dropped.icmpkit" && ok ||
	bad "a reply without its last fragment counted: $(cat "$out/frag-dropped.icmpkit" "$out/frag6-dropped.icmpkit")"
R nft delete table inet ikfrag
# -M probe: DF and the PMTU ignored, so every probe meets the router's
# frag-needed, even once the kernel knows PMTU 1280 (iputils 20221126 has
# no -M probe to compare with).
C "$bin" ping -M probe -c 2 -i 0.2 -W 1 -s 1400 "$LAB_S_IP4" >"$out/mprobe" 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(grep -c "^From $LAB_RC_IP4 icmp_seq=[12] Frag needed and DF set (mtu = 1280)$" "$out/mprobe")" -eq 2 ] &&
	ok || bad "-M probe: exit $rc: $(cat "$out/mprobe")"
# A preloaded flood sends probes that fit the path whole (its own IP
# header, on a raw socket): at the first frag-needed it leaves them to
# the IP layer, which fragments them by the PMTU just learned, so all but
# the first few (those in flight) are answered.
C ip route flush cache
C "$bin" ping -f -l 8 -c 200 -q -s 1400 "$LAB_S_IP4" >"$out/fwant" 2>&1; rc=$?
rx=$(sed -n 's/^200 packets transmitted, \([0-9]*\) received, +\([0-9]*\) errors,.*/\1 \2/p' "$out/fwant")
[ $rc -eq 0 ] && [ -n "$rx" ] && [ "${rx% *}" -ge 180 ] && [ "${rx#* }" -ge 1 ] &&
	ok || bad "-f -l 8 -s 1400 over PMTU 1280: exit $rc: $(cat "$out/fwant")"
C "$bin" ping -M maybe -c 1 "$LAB_S_IP4" >"$out/mbad" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx "icmpkit: -M 'maybe': use want, do, dont or probe" "$out/mbad" &&
	ok || bad "-M maybe: exit $rc: $(cat "$out/mbad")"
R ip link set "$LAB_R_SIF" mtu 1500
S ip link set "$LAB_S_IF" mtu 1500
# Over the 1500-byte links a 2000-byte probe leaves in fragments (before,
# nothing left and nothing was said) and its reply counts 2008 bytes.
vs_iputils "s2000" -c 2 -i 0.1 -s 2000 "$LAB_S_IP4"
# sniff --reassemble shows the fragmented request and reply whole.
ip netns exec "$LAB_CLIENT" "$bin" sniff --reassemble -c 2 -i "$LAB_C_IF" >"$out/sniffr" 2>"$out/sniffr.err" &
sn=$!
for i in $(seq 50); do grep -q . "$out/sniffr.err" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
C "$bin" ping -c 1 -s 2000 "$LAB_S_IP4" >/dev/null 2>&1
for i in $(seq 30); do kill -0 $sn 2>/dev/null || break; sleep 0.1; done
kill $sn 2>/dev/null; wait $sn
[ "$(grep -cE 'ICMP echo-(request|reply), id [0-9]+, seq 1, length 2008' "$out/sniffr")" -eq 2 ] &&
	ok || bad "sniff --reassemble: $(cat "$out/sniffr" "$out/sniffr.err")"
vs_iputils "s2000-6" -6 -c 2 -i 0.1 -s 2000 "$LAB_S_IP6"
[ "$(grep -c '^2008 bytes from' "$out/s2000.icmpkit")" -eq 2 ] && ok || bad "-s 2000: $(cat "$out/s2000.icmpkit")"

# 5c. Scopes and sources, compared with iputils: link-local with %IFACE
# and with -I IFACE (replies shown as fe80::...%IFACE), broadcast only
# with -b (iputils' message without it), -I ADDRESS as the source (and
# iputils' "from SRC :" header), options after HOST.
LL=$(R ip -6 -o addr show dev "$LAB_R_CIF" scope link | awk '{ print $4 }' | cut -d/ -f1)
R sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
vs_iputils "ll-scope" -c 2 -i 0.2 "$LL%$LAB_C_IF"
vs_iputils "ll-dev" -c 2 -i 0.2 -I "$LAB_C_IF" "$LL"
grep -q "^64 bytes from $LL%$LAB_C_IF: icmp_seq=2 " "$out/ll-dev.icmpkit" && ok || bad "-I IFACE fe80: $(cat "$out/ll-dev.icmpkit")"
vs_iputils "bcast-without-b" -c 1 198.51.100.255
grep -q '^exit 2$' "$out/bcast-without-b.icmpkit" && [ "$(grep -c . "$out/bcast-without-b.icmpkit")" -eq 2 ] &&
	ok || bad "broadcast without -b: $(cat "$out/bcast-without-b.icmpkit")"
vs_iputils "bcast" -b -c 2 -i 0.2 198.51.100.255
grep -q "^64 bytes from $LAB_RC_IP4: icmp_seq=2 " "$out/bcast.icmpkit" && ok || bad "-b: $(cat "$out/bcast.icmpkit")"
vs_iputils "src-addr" -c 2 -i 0.2 -I "$LAB_C_IP4" "$LAB_S_IP4"
[ "$(grep '^PING' "$out/src-addr.icmpkit")" = "$(grep '^PING' "$out/src-addr.ping")" ] &&
	ok || bad "-I ADDRESS header: $(grep '^PING' "$out/src-addr.icmpkit" "$out/src-addr.ping")"
vs_iputils "options-after-host" "$LAB_S_IP4" -c 2 -i 0.2
# Duplicates, as iputils counts them: the server's nftables sends every
# reply twice (dup to the router, which forwards the copy).
printf 'table ip ikdup {\n chain out {\n  type filter hook output priority filter; policy accept;\n  icmp type echo-reply dup to %s\n }\n}\n' "$LAB_RS_IP4" | S nft -f -
C "$bin" ping -c 3 -i 0.2 "$LAB_S_IP4" >"$out/dup.icmpkit" 2>&1; rc=$?
C ping -c 3 -i 0.2 "$LAB_S_IP4" >"$out/dup.ping" 2>&1
S nft delete table ip ikdup
nd=$(grep -c ' (DUP!)$' "$out/dup.icmpkit")
[ $rc -eq 0 ] && [ "$nd" -ge 2 ] && grep -q "^3 packets transmitted, 3 received, +$nd duplicates, 0% packet loss" "$out/dup.icmpkit" &&
	grep -q "^64 bytes from $LAB_S_IP4: icmp_seq=1 ttl=63 time=[0-9.]* ms (DUP!)$" "$out/dup.icmpkit" &&
	grep -q "^64 bytes from $LAB_S_IP4: icmp_seq=1 ttl=63 time=[0-9.]* ms (DUP!)$" "$out/dup.ping" &&
	ok || bad "duplicates: exit $rc: $(cat "$out/dup.icmpkit" "$out/dup.ping")"
# Multicast: every responder listed, the host's own answer (over lo)
# first, the others counted as duplicates without "(DUP!)", as iputils.
C_LL=$(C ip -6 -o addr show dev "$LAB_C_IF" scope link | awk '{ print $4 }' | cut -d/ -f1)
C "$bin" ping -c 2 -i 0.2 "ff02::1%$LAB_C_IF" >"$out/mc" 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c "^64 bytes from $LL%$LAB_C_IF: icmp_seq=[12] ttl=64 time=[0-9.]* ms$" "$out/mc")" -eq 2 ] &&
	[ "$(grep -c "^64 bytes from $C_LL%$LAB_C_IF: icmp_seq=[12] ttl=64 time=[0-9.]* ms$" "$out/mc")" -eq 2 ] &&
	grep -q '^2 packets transmitted, 2 received, +2 duplicates, 0% packet loss' "$out/mc" &&
	! grep -q 'DUP\|not captured' "$out/mc" && ok || bad "ff02::1%IFACE: exit $rc: $(cat "$out/mc")"
# The same responders as iputils' for the first probe (issue 13's row
# "ping ff02::1%IF"); iputils stops at -c replies, so only seq 1.
C ping -c 2 -i 0.2 "ff02::1%$LAB_C_IF" >"$out/mc.ping" 2>&1
mcfirst() { sed -n 's/^64 bytes from \([^ ]*\): icmp_seq=1 .*/\1/p' "$1" | sort; }
[ "$(mcfirst "$out/mc")" = "$(mcfirst "$out/mc.ping")" ] && [ "$(mcfirst "$out/mc.ping" | wc -l)" -eq 2 ] &&
	ok || bad "ff02::1%IFACE: responders differ from iputils: $(cat "$out/mc" "$out/mc.ping")"
# No message suggests an option ping does not have (-S was suggested).
C "$bin" ping -c 1 "$LL" >"$out/noscope" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- 'with -I$' "$out/noscope" && ! grep -q -- '-S' "$out/noscope" &&
	ok || bad "link-local without a scope: exit $rc: $(cat "$out/noscope")"
C "$bin" ping -c 1 -I 2001:db8:1::2 "$LAB_S_IP4" >"$out/badsrc" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx "icmpkit: -I 2001:db8:1::2: not an IPv4 address like $LAB_S_IP4" "$out/badsrc" &&
	ok || bad "-I v6 address for a v4 host: exit $rc: $(cat "$out/badsrc")"
C "$bin" ping -c 1 -I nosuchif0 "$LAB_S_IP4" >"$out/badif" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -qx "icmpkit: -I nosuchif0: no such interface" "$out/badif" &&
	ok || bad "-I nosuchif0: exit $rc: $(cat "$out/badif")"

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
# A flood's probes leave whole on a raw socket with their own IP header,
# numbered from the ICMP id (the IP layer would number them by its own
# counter): IP id = ICMP id + seq - 1 for the 10 the server sees.
S tcpdump -n -v -U --immediate-mode -c 10 -i "$LAB_S_IF" 'icmp[icmptype] == icmp-echo' >"$out/fid" 2>"$out/fid.err" &
td=$!
for i in $(seq 100); do grep -q listening "$out/fid.err" && break; sleep 0.05; done
ping_c -f -l 4 -c 10 -q "$LAB_S_IP4" >/dev/null 2>&1
wait $td
grep -o ' id [0-9]*\(, seq [0-9]*\)\?' "$out/fid" | tr -d , | awk 'NR % 2 { ip = $2; next }
	{ n++; if (ip != ($2 + $4 - 1) % 65536) bad++ } END { exit n != 10 || bad }' &&
	ok || bad "-f -l 4: IP ids are not the ICMP id + k: $(cat "$out/fid")"
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
# 13. No root: ICMP datagram sockets where net.ipv4.ping_group_range
# admits the user, with kernel timestamps both ways (SO_TIMESTAMPING);
# where it does not, one line naming both fixes.
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
expect_err "range closed" "ping_group_range.*sysctl -w net.ipv4.ping_group_range=.*setcap cap_net_raw" \
	ip netns exec "$LAB_CLIENT" "${NOBODY[@]}" "$bin" ping -c 1 "$LAB_S_IP4"
C sysctl -qw net.ipv4.ping_group_range="0 2147483647"
as_nobody_vs_iputils() { # NAME ARGS...
	local name=$1
	shift
	C "${NOBODY[@]}" ping "$@" >"$out/$name.ping" 2>&1
	echo "exit $?" >>"$out/$name.ping"
	C "${NOBODY[@]}" "$bin" ping "$@" >"$out/$name.icmpkit" 2>&1
	echo "exit $?" >>"$out/$name.icmpkit"
	if diff <(norm "$out/$name.ping") <(norm "$out/$name.icmpkit") >"$out/$name.diff"; then ok; else
		bad "$name (as nobody): icmpkit and iputils differ: $(cat "$out/$name.diff")"
	fi
}
as_nobody_vs_iputils "dgram4" -c 3 -i 0.2 "$LAB_S_IP4"
grep -q '^rtt p50/p90/p99 = .* from kernel socket (SO_TIMESTAMPING) timestamps$' "$out/dgram4.icmpkit" &&
	! grep -q 'not timestamped' "$out/dgram4.icmpkit" && ok || bad "dgram clock: $(cat "$out/dgram4.icmpkit")"
as_nobody_vs_iputils "dgram6" -6 -c 3 -i 0.2 "$LAB_S_IP6"
as_nobody_vs_iputils "dgram-ttl1" -c 2 -i 0.2 -t 1 -W 1 "$LAB_S_IP4"
as_nobody_vs_iputils "dgram6-hlim1" -6 -c 2 -i 0.2 -t 1 -W 1 "$LAB_S_IP6"
C "${NOBODY[@]}" "$bin" ping -6 -c 3 -i 0.1 -j "$LAB_S_IP6" >"$out/dgramj" 2>&1
jq -se '(.[0:3] | all(.rtt_from == "socket" and .rtt_ms > 0)) and .[3].summary.rtt_from == "socket" and
	.[3].summary.received == 3' "$out/dgramj" >/dev/null && ok || bad "dgram -j: $(cat "$out/dgramj")"
# IPv4 broadcast (-b) and multicast on a datagram socket: every responder
# (the client's own kernel and the router) for every probe, the others
# counted as duplicates without "(DUP!)", as iputils; the same responders
# as iputils' for the first probe (iputils stops at -c replies, so it
# may miss the last probe's second one).  Below 1 s only for root.
first() { sed -n 's/^64 bytes from \([0-9.]*\): icmp_seq=1 .*/\1/p' "$1" | sort; }
C sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
# shellcheck disable=SC2086  # hv is split on purpose
for hv in "bcast -b 198.51.100.255" "mcast 224.0.0.1"; do
	set -- $hv
	nm=dgram-$1
	shift
	C "${NOBODY[@]}" "$bin" ping -c 2 "$@" >"$out/$nm.icmpkit" 2>&1; rc=$?
	C "${NOBODY[@]}" ping -c 2 "$@" >"$out/$nm.ping" 2>&1
	[ $rc -eq 0 ] && [ "$(grep -cE "^64 bytes from ($LAB_C_IP4|$LAB_RC_IP4): icmp_seq=[12] ttl=64 time=[0-9.]* ms$" "$out/$nm.icmpkit")" -eq 4 ] &&
		[ "$(grep -c "^64 bytes from $LAB_C_IP4: " "$out/$nm.icmpkit")" -eq 2 ] &&
		grep -q '^2 packets transmitted, 2 received, +2 duplicates, 0% packet loss' "$out/$nm.icmpkit" &&
		! grep -q DUP "$out/$nm.icmpkit" && ok || bad "$nm as nobody: exit $rc: $(cat "$out/$nm.icmpkit")"
	[ "$(first "$out/$nm.icmpkit")" = "$(first "$out/$nm.ping")" ] && [ "$(first "$out/$nm.ping" | wc -l)" -eq 2 ] &&
		ok || bad "$nm as nobody: responders differ from iputils: $(cat "$out/$nm.icmpkit" "$out/$nm.ping")"
	grep -q '^2 packets transmitted, 2 received, +[12] duplicates, 0% packet loss' "$out/$nm.ping" &&
		ok || bad "$nm: iputils as nobody: $(cat "$out/$nm.ping")"
done
expect_err "-b -i 0.2 as nobody" "-i 0.2: broadcast ping with too short interval" \
	ip netns exec "$LAB_CLIENT" "${NOBODY[@]}" "$bin" ping -b -i 0.2 -c 1 198.51.100.255
C "${NOBODY[@]}" ping -b -i 0.2 -c 1 198.51.100.255 2>&1 | grep -q 'broadcast ping with too short interval' &&
	ok || bad "iputils: no short broadcast interval as nobody"
# The same as root (raw socket and capture): the client's own reply
# comes over lo and is listed, as iputils lists it.
# shellcheck disable=SC2086  # hv is split on purpose
for hv in "bcast -b 198.51.100.255" "mcast 224.0.0.1"; do
	set -- $hv
	nm=root-$1
	shift
	C "$bin" ping -c 2 -i 0.2 "$@" >"$out/$nm.icmpkit" 2>&1; rc=$?
	C ping -c 2 -i 0.2 "$@" >"$out/$nm.ping" 2>&1
	[ $rc -eq 0 ] && [ "$(grep -c "^64 bytes from $LAB_C_IP4: " "$out/$nm.icmpkit")" -eq 2 ] &&
		[ "$(grep -c "^64 bytes from $LAB_RC_IP4: " "$out/$nm.icmpkit")" -eq 2 ] &&
		grep -q '^2 packets transmitted, 2 received, +2 duplicates, 0% packet loss' "$out/$nm.icmpkit" &&
		ok || bad "$nm as root: exit $rc: $(cat "$out/$nm.icmpkit")"
	[ "$(first "$out/$nm.icmpkit")" = "$(first "$out/$nm.ping")" ] && [ "$(first "$out/$nm.ping" | wc -l)" -eq 2 ] &&
		ok || bad "$nm as root: responders differ from iputils: $(cat "$out/$nm.icmpkit" "$out/$nm.ping")"
done
C sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=1
# iputils' rules for ordinary users: no flood, no interval below 2 ms,
# no preload above 3.
expect_err "-f as nobody" "root only" ip netns exec "$LAB_CLIENT" "${NOBODY[@]}" "$bin" ping -f -c 1 "$LAB_S_IP4"
expect_err "-l 4 as nobody" "-l 4: more than 3 is for root only" \
	ip netns exec "$LAB_CLIENT" "${NOBODY[@]}" "$bin" ping -l 4 -c 1 "$LAB_S_IP4"
expect_err "--timestamp as nobody" "--timestamp: needs raw sockets" \
	ip netns exec "$LAB_CLIENT" "${NOBODY[@]}" "$bin" ping --timestamp -c 1 "$LAB_S_IP4"
C sysctl -qw net.ipv4.ping_group_range="1 0"

lab_test_end
