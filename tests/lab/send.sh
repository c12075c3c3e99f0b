#!/usr/bin/env bash
# Lab tests of icmpkit send (root): crafted packets go from the client
# namespace through the router to the server namespace, are captured there
# with tcpdump, and the server's kernel answers them (captured on the
# client).  Every packet stays inside the namespaces this script creates.
# Without root (or without network namespaces) this says SKIP loudly.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start send 2.5
for c in tcpdump tshark jq ping; do
	command -v $c >/dev/null || {
		echo "send lab: $c not found" >&2
		exit 2
	}
done
t_start=$EPOCHREALTIME

is() { # NAME WANT GOT
	if [ "$3" = "$2" ]; then ok; else bad "$1: got '$3', want '$2'"; fi
}
C() { lab_exec "$LAB_CLIENT" "$@"; }
R() { lab_exec "$LAB_ROUTER" "$@"; }
S() { lab_exec "$LAB_SERVER" "$@"; }

# caps_start NAME [FILTER]: tcpdump (default icmp or icmp6) on the server's
# link and on the client's link,
# into $out/NAME-srv.pcap and $out/NAME-cli.pcap; returns once both listen.
cap_pids=()
caps_start() {
	local name=$1 ns dev side filter=${2:-icmp or icmp6}
	cap_pids=()
	for side in srv cli; do
		if [ $side = srv ]; then ns=$LAB_SERVER dev=$LAB_S_IF; else ns=$LAB_CLIENT dev=$LAB_C_IF; fi
		ip netns exec "$ns" tcpdump -n -i "$dev" -U -Z root --immediate-mode \
			-w "$out/$name-$side.pcap" "$filter" 2>"$out/$name-$side.err" &
		cap_pids+=($!)
		for _ in $(seq 100); do
			grep -qs 'listening on' "$out/$name-$side.err" && break
			sleep 0.05
		done
	done
}
caps_stop() {
	local p
	sleep 0.3
	for p in "${cap_pids[@]}"; do kill -INT "$p" 2>/dev/null; done
	for p in "${cap_pids[@]}"; do wait "$p" 2>/dev/null; done
	cap_pids=()
}
# jq_count FILE EXPR: how many decoded packets of FILE satisfy EXPR.
jq_count() {
	"$bin" read -j -e "$out/$1" 2>/dev/null | jq -s "map(select($2)) | length" 2>/dev/null
}
# tf FILE FILTER FIELDS...: tshark fields of the frames matching FILTER.
tf() {
	local f=$1 y=$2 a=() x
	shift 2
	for x; do a+=(-e "$x"); done
	tshark -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -r "$out/$f" -Y "$y" \
		-T fields "${a[@]}" 2>/dev/null
}
# send NAME ARGS...: icmpkit send in the client namespace; stdout in
# $out/NAME.out, stderr in $out/NAME.err, the exit status in $out/NAME.rc.
send() {
	local name=$1
	shift
	C timeout 60 "$bin" send "$@" >"$out/$name.out" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}
# sent_ok NAME N: exit 0 and the summary line says N sent, none failed.
sent_ok() {
	local s
	s=$(cat "$out/$1.out" "$out/$1.err" | tr '\n' ' ')
	if [ "$(cat "$out/$1.rc")" = 0 ] && grep -q "^$2 packets sent, 0 failed, " "$out/$1.out"; then
		ok
	else
		bad "$1: exit $(cat "$out/$1.rc"), output: $s"
	fi
}
repeat_hex() {
	local s=""
	while ((${#s} < 2 * $2)); do s+=$1; done
	echo "${s:0:$((2 * $2))}"
}
txp() { C cat "/sys/class/net/$LAB_C_IF/statistics/tx_packets"; }

seq10='[range(1; 11)]'

# 1. Crafted echo, v4: TTL, TOS, DF and payload reach the server; the
#    server's kernel answers every one.
caps_start e4
send e4 -c 10 -i 0.01 -t 20 -Q 184 -D --id 101 -s 33 -p c0ffee "$LAB_S_IP4"
caps_stop
sent_ok e4 10
is "e4: requests at the server" 10 "$(jq_count e4-srv.pcap '.name == "echo-request" and .id == 101 and .src == "198.51.100.2" and .dst == "203.0.113.2" and .checksum == "ok" and .len == 41')"
is "e4: seq 1..10 at the server" true "$("$bin" read -j "$out/e4-srv.pcap" | jq -s "[.[] | select(.name == \"echo-request\" and .id == 101) | .seq] == $seq10")"
# TTL 20 minus the router's hop, TOS and DF untouched, the payload exact.
want=$(for _ in $(seq 10); do echo "19 0xb8 1 $(repeat_hex c0ffee 33)"; done)
is "e4: ttl/tos/df/payload at the server" "$want" "$(tf e4-srv.pcap 'icmp.type == 8 && icmp.ident == 101' ip.ttl ip.dsfield ip.flags.df data.data | tr '\t' ' ')"
is "e4: replies at the client" 10 "$(jq_count e4-cli.pcap '.name == "echo-reply" and .id == 101 and .src == "203.0.113.2" and .rtt_ms > 0 and .checksum == "ok"')"

# 2. The same over IPv6: hop limit, traffic class, payload.
caps_start e6
send e6 -c 10 -i 0.01 -t 20 -Q 184 --id 102 -s 33 -p c0ffee "$LAB_S_IP6"
caps_stop
sent_ok e6 10
is "e6: requests at the server" 10 "$(jq_count e6-srv.pcap '.name == "echo-request" and .id == 102 and .src == "2001:db8:1::2" and .checksum == "ok" and .len == 41 and .ttl == 19')"
want=$(for _ in $(seq 10); do echo "19 0x000000b8 $(repeat_hex c0ffee 33)"; done)
is "e6: hlim/tclass/payload at the server" "$want" "$(tf e6-srv.pcap 'icmpv6.type == 128 && icmpv6.echo.identifier == 102' ipv6.hlim ipv6.tclass data.data | tr '\t' ' ')"
is "e6: replies at the client" 10 "$(jq_count e6-cli.pcap '.name == "echo-reply" and .id == 102 and .src == "2001:db8:2::2" and .rtt_ms > 0')"

# 3. Link mode with the next hop's MAC from the neighbour table, after one
#    ping of the router; without an entry it says what to do.
lab_flush_neigh
send l4none --link -I "$LAB_C_IF" -c 1 "$LAB_S_IP4"
if [ "$(cat "$out/l4none.rc")" = 2 ] && [ "$(wc -l <"$out/l4none.err")" = 1 ] &&
	grep -q '^icmpkit: .*--dst-mac' "$out/l4none.err"; then ok; else
	bad "link without a neighbour entry: exit $(cat "$out/l4none.rc"): $(cat "$out/l4none.err")"
fi
C ping -n -q -c 1 "$LAB_RC_IP4" >/dev/null
C ping -6 -n -q -c 1 "$LAB_RC_IP6" >/dev/null
caps_start l4
send l4 --link -I "$LAB_C_IF" -c 10 -i 0.01 --id 103 "$LAB_S_IP4"
send l6 --link -I "$LAB_C_IF" -c 10 -i 0.01 --id 104 "$LAB_S_IP6"
caps_stop
sent_ok l4 10
sent_ok l6 10
for v in 4 6; do
	id=103
	[ $v = 6 ] && id=104
	is "l$v: requests at the server" 10 "$(jq_count l4-srv.pcap ".name == \"echo-request\" and .id == $id and .ip == $v and .checksum == \"ok\"")"
	is "l$v: frames on the client link: our MAC to the router's" 10 \
		"$(jq_count l4-cli.pcap ".name == \"echo-request\" and .id == $id and .eth_src == \"$LAB_C_MAC\" and .eth_dst == \"$LAB_RC_MAC\"")"
	is "l$v: replies at the client" 10 "$(jq_count l4-cli.pcap ".name == \"echo-reply\" and .id == $id and .ip == $v")"
done

# 4. Link mode with --dst-mac: no neighbour entry needed.
lab_flush_neigh
caps_start lm
send lm4 --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC" -c 10 -i 0.01 --id 105 "$LAB_S_IP4"
send lm6 --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC" -c 10 -i 0.01 --id 106 "$LAB_S_IP6"
caps_stop
sent_ok lm4 10
sent_ok lm6 10
is "lm4: requests at the server" 10 "$(jq_count lm-srv.pcap '.name == "echo-request" and .id == 105')"
is "lm6: requests at the server" 10 "$(jq_count lm-srv.pcap '.name == "echo-request" and .id == 106')"
is "lm4: replies at the client" 10 "$(jq_count lm-cli.pcap '.name == "echo-reply" and .id == 105')"
is "lm6: replies at the client" 10 "$(jq_count lm-cli.pcap '.name == "echo-reply" and .id == 106')"
# And a --src-mac of our choosing is what leaves.
caps_start lsm
send lsm --link -I "$LAB_C_IF" --src-mac 02:00:00:00:01:99 --dst-mac "$LAB_RC_MAC" -c 3 -i 0.01 --id 115 "$LAB_S_IP4"
caps_stop
sent_ok lsm 3
is "--src-mac on the wire" 3 "$(jq_count lsm-cli.pcap '.name == "echo-request" and .id == 115 and .eth_src == "02:00:00:00:01:99"')"

# 5. A spoofed source inside the lab subnet reaches the server.
caps_start sp
send sp4 -S 198.51.100.77 -c 10 -i 0.01 --id 107 "$LAB_S_IP4"
send sp6 -S 2001:db8:1::77 -c 10 -i 0.01 --id 108 "$LAB_S_IP6"
caps_stop
sent_ok sp4 10
sent_ok sp6 10
is "sp4: spoofed requests at the server" 10 "$(jq_count sp-srv.pcap '.name == "echo-request" and .id == 107 and .src == "198.51.100.77"')"
is "sp6: spoofed requests at the server" 10 "$(jq_count sp-srv.pcap '.name == "echo-request" and .id == 108 and .src == "2001:db8:1::77"')"
# The server answers the spoofed address, not us.
is "sp4: no reply to the real client" 0 "$(jq_count sp-cli.pcap '.name == "echo-reply" and .id == 107 and .dst == "198.51.100.2"')"

# 6. A timestamp request gets the Linux kernel's timestamp reply (type 14):
#    same id and seq, our originate time echoed, its own times near it.
caps_start ts
send ts --type timestamp-request -c 3 -i 0.01 --id 109 "$LAB_S_IP4"
caps_stop
sent_ok ts 3
is "ts: requests at the server" 3 "$(jq_count ts-srv.pcap '.type == 13 and .id == 109 and .originate > 0')"
is "ts: kernel replies (type 14) at the client" 3 "$(jq_count ts-cli.pcap '.type == 14 and .id == 109 and .src == "203.0.113.2" and .checksum == "ok" and (.receive - .originate | fabs) < 1000 and .transmit >= .receive')"
is "ts: replies echo our originate times" true "$("$bin" read -j "$out/ts-cli.pcap" | jq -s '
	([.[] | select(.type == 13 and .id == 109) | [.seq, .originate]]) as $q |
	([.[] | select(.type == 14 and .id == 109) | [.seq, .originate]]) as $r |
	$q == $r and ($q | map(.[0])) == [1, 2, 3]')"
# The other query types the kernel answers: none (mask, info) -- just sent.
send mask --type mask-request -c 1 --id 110 "$LAB_S_IP4"
sent_ok mask 1

# 7. -I pins a raw-socket send to the interface.
caps_start bind
send bind -I "$LAB_C_IF" -c 3 -i 0.01 --id 111 "$LAB_S_IP4"
caps_stop
sent_ok bind 3
is "-I: requests at the server" 3 "$(jq_count bind-srv.pcap '.name == "echo-request" and .id == 111')"
send badif --link -I ik-nosuch --dst-mac "$LAB_RC_MAC" -c 1 "$LAB_S_IP4"
if [ "$(cat "$out/badif.rc")" = 2 ] && [ "$(wc -l <"$out/badif.err")" = 1 ] &&
	grep -q '^icmpkit: .*ik-nosuch' "$out/badif.err"; then ok; else
	bad "--link -I ik-nosuch: exit $(cat "$out/badif.rc"): $(cat "$out/badif.err")"
fi

# 8. --rate 1000 -c 500 takes about 0.5 s, on its absolute schedule.
caps_start rate
t0=$EPOCHREALTIME
send rate --rate 1000 -c 500 --id 112 "$LAB_S_IP4"
t1=$EPOCHREALTIME
caps_stop
sent_ok rate 500
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
dur=$(sed -n 's/^500 packets sent, [0-9]* failed, \([0-9.]*\) s, .*/\1/p' "$out/rate.out")
if awk -v t="$took" -v d="$dur" 'BEGIN { exit !(t >= 0.45 && t <= 0.8 && d >= 0.49 && d <= 0.52) }'; then ok; else
	bad "--rate 1000 -c 500: wall $took s, summary says '$dur' s (want ~0.5)"
fi
is "rate: requests at the server" 500 "$(jq_count rate-srv.pcap '.name == "echo-request" and .id == 112')"
# Evenly spaced: the median gap at the server near 1 ms, and no stall
# (a shared machine may wake us late; the schedule then catches up).
gaps=$(tf rate-srv.pcap 'icmp.type == 8 && icmp.ident == 112' frame.time_epoch |
	awk 'NR > 1 { print ($1 - p) * 1000 } { p = $1 }' | sort -n)
med=$(sed -n '250p' <<<"$gaps")
max=$(tail -1 <<<"$gaps")
if awk -v m="$med" -v x="$max" 'BEGIN { exit !(m > 0.8 && m < 1.2 && x < 50) }'; then ok; else
	bad "--rate 1000: gaps median $med ms, max $max ms"
fi

# 9. -c 0 runs until SIGINT, then prints its summary and exits 0.
caps_start int
# (ip netns exec, not the C function: $! must be icmpkit itself.)
ip netns exec "$LAB_CLIENT" "$bin" send -c 0 -i 0.01 --id 113 "$LAB_S_IP4" >"$out/int.out" 2>"$out/int.err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
caps_stop
n=$(sed -n 's/^\([0-9]*\) packets sent, 0 failed, .*/\1/p' "$out/int.out")
got=$(jq_count int-srv.pcap '.name == "echo-request" and .id == 113')
if [ $rc = 0 ] && [ -n "$n" ] && [ "$n" -ge 20 ] && [ "$n" = "$got" ]; then ok; else
	bad "-c 0 + SIGINT: exit $rc, summary '$(cat "$out/int.out")', $got at the server"
fi

# 10. --flood -c 100000: all of them leave (the summary and the veth's
#     counter agree).
for mode in raw link; do
	a=()
	[ $mode = link ] && a=(--link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC")
	tx0=$(txp)
	send "flood-$mode" --flood -c 100000 --id 114 "${a[@]}" "$LAB_S_IP4"
	tx1=$(txp)
	sent_ok "flood-$mode" 100000
	d=$((tx1 - tx0))
	if [ $d -ge 100000 ] && [ $d -lt 100100 ]; then ok; else
		bad "--flood ($mode): tx_packets grew by $d, want 100000"
	fi
	echo "send lab: --flood -c 100000 ($mode): $(cat "$out/flood-$mode.out")"
done

# 10b. Every engine (--engine xdp: AF_XDP, ring: PACKET_TX_RING, mmsg:
#     sendmmsg) puts
#     the right bytes on the wire, through the raw socket (made link
#     frames for the ring) and with --link: what the router's end of the
#     client link receives is, byte for byte, a dry run's frames (-w with
#     the lab's MACs).  --flood (auto: xdp, qdisc bypassed) too.
C ping -6 -n -q -c 1 "$LAB_RC_IP6" >/dev/null 2>&1
eng_case() { # NAME WANT_ENGINE DST SEND_ARGS...
	local name=$1 want=$2 dst=$3 td v=4
	shift 3
	case $dst in *:*) v=6 ;; esac
	ip netns exec "$LAB_ROUTER" tcpdump -Q in -n -i "$LAB_R_CIF" -U --immediate-mode -w "$out/$name-r.pcap" \
		"(icmp or icmp6) and not icmp6[0] >= 130" 2>"$out/$name-r.err" &
	td=$!
	for _ in $(seq 100); do grep -qs 'listening on' "$out/$name-r.err" && break; sleep 0.05; done
	send "$name" -c 5 --id 120 --ip-id 900 -s 40 -p c0ffee "$@" "$dst"
	sleep 0.3
	kill -INT $td
	wait $td 2>/dev/null
	sent_ok "$name" 5
	grep -q ", engine $want\$" "$out/$name.out" && ok || bad "$name: not engine $want: $(cat "$out/$name.out")"
	tcpdump -r "$out/$name-r.pcap" -n -t -xx 2>/dev/null >"$out/$name-r.hex"
	[ -s "$out/$name-r.hex" ] && cmp -s "$out/$name-r.hex" "$out/dry-$v.hex" && ok ||
		bad "$name: the frames on the wire differ from the dry run's: $(diff "$out/$name-r.hex" "$out/dry-$v.hex" | head -5)"
}
for v in 4 6; do
	if [ $v = 4 ]; then src=$LAB_C_IP4 dst=$LAB_S_IP4; else src=$LAB_C_IP6 dst=$LAB_S_IP6; fi
	"$bin" send -q -w "$out/dry-$v.pcap" -c 5 --id 120 --ip-id 900 -s 40 -p c0ffee --link \
		--src-mac "$LAB_C_MAC" --dst-mac "$LAB_RC_MAC" -S "$src" "$dst"
	tcpdump -r "$out/dry-$v.pcap" -n -t -xx 2>/dev/null >"$out/dry-$v.hex"
	eng_case "eng$v-raw-xdp" xdp "$dst" -i 0.01 --engine xdp
	eng_case "eng$v-raw-ring" ring "$dst" -i 0.01 --engine ring
	eng_case "eng$v-raw-mmsg" mmsg "$dst" -i 0.01 --engine mmsg
	eng_case "eng$v-raw-auto" mmsg "$dst" -i 0.01
	eng_case "eng$v-raw-flood" xdp "$dst" --flood
	eng_case "eng$v-raw-flood-ring" ring "$dst" --flood --engine ring
	eng_case "eng$v-link-xdp" xdp "$dst" -i 0.01 --engine xdp --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC"
	eng_case "eng$v-link-ring" ring "$dst" -i 0.01 --engine ring --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC"
	eng_case "eng$v-link-mmsg" mmsg "$dst" -i 0.01 --engine mmsg --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC"
done

# 11. Crafted errors and ND reach the server too (and decode there).
caps_start err
send err3 --type dest-unreachable --code port-unreachable -c 1 "$LAB_S_IP4"
send err4 --type dest-unreachable --code frag-needed --mtu 1400 -c 1 "$LAB_S_IP4"
send err11 --type time-exceeded -c 1 "$LAB_S_IP4"
send err6 --type packet-too-big --mtu 1280 -c 1 "$LAB_S_IP6"
caps_stop
for n in err3 err4 err11 err6; do sent_ok $n 1; done
# Each quotes the datagram the server would have sent us.
is "crafted errors at the server" 4 "$(jq_count err-srv.pcap '.checksum == "ok" and (.quoted.src == "203.0.113.2" or .quoted.src == "2001:db8:2::2") and ((.ip == 4 and .type == 3 and .code == 3) or (.ip == 4 and .type == 3 and .code == 4 and .mtu == 1400) or (.ip == 4 and .type == 11) or (.ip == 6 and .type == 2 and .mtu == 1280))')"

# 12. Packets the kernel refuses are not a silent success: when nothing
#     could be sent, exit 2 and one line saying why.
# refused NAME ARGS...: either the packets arrived (exit 0, all sent) or
# exit 2 with one "icmpkit: ..." line.
refused() {
	local name=$1 rc
	shift
	send "$name" "$@"
	rc=$(cat "$out/$name.rc")
	if { [ "$rc" = 0 ] && grep -q '^[1-9][0-9]* packets sent, 0 failed' "$out/$name.out"; } ||
		{ [ "$rc" = 2 ] && [ "$(wc -l <"$out/$name.err")" = 1 ] && grep -q '^icmpkit: ' "$out/$name.err"; }; then
		ok
	else
		bad "$name: send $*: exit $rc, stdout '$(cat "$out/$name.out")', stderr '$(cat "$out/$name.err")'"
	fi
}
# Larger than the veth's MTU: ping fragments it; send must fragment it
# too, or say it cannot.
refused big4 -c 1 -s 2000 "$LAB_S_IP4"
refused big6 -c 1 -s 2000 "$LAB_S_IP6"
refused bigl --link -I "$LAB_C_IF" --dst-mac "$LAB_RC_MAC" -c 1 -s 2000 "$LAB_S_IP4"
# No route (an unreachable route in the client), the source given.
C ip route add unreachable 203.0.113.128/25
refused noroute -c 2 -i 0.01 -S "$LAB_C_IP4" 203.0.113.200
C ip route del unreachable 203.0.113.128/25

# 13. IPv6 link-local and multicast destinations: the scope comes from
#     -I or from HOST%IFACE, as for ping.
caps_start ll
send ll1 -c 1 --id 116 "fe80::ff:fe00:101%$LAB_C_IF"
send ll2 -c 1 --id 117 -I "$LAB_C_IF" fe80::ff:fe00:101
send ll3 -c 1 --type router-solicitation -I "$LAB_C_IF" ff02::2
caps_stop
sent_ok ll1 1
sent_ok ll2 1
sent_ok ll3 1
is "link-local echo: replies from the router" 2 "$(jq_count ll-cli.pcap '.name == "echo-reply" and (.id == 116 or .id == 117) and .src == "fe80::ff:fe00:101"')"

# 14. The kernel reacts to what the field-built types carry (issue 15).
#     A router advertisement with a prefix and an MTU option makes the
#     router's client-side interface (accept_ra=2, as forwarding is on)
#     configure an address from the prefix and take the MTU.
R sysctl -qw "net.ipv6.conf.$LAB_R_CIF.accept_ra=2"
send ra --type router-advertisement --router-lifetime 0 --prefix 2001:db8:77::/64 \
	--mtu 1400 -S fe80::ff:fe00:102 -I "$LAB_C_IF" -c 1 ff02::1
sent_ok ra 1
got=""
for _ in $(seq 40); do
	got=$(R ip -6 -o addr show dev "$LAB_R_CIF" | grep -o '2001:db8:77:[0-9a-f:]*/64' | head -1)
	[ -n "$got" ] && break
	sleep 0.05
done
is "ra: the router configured an address from the prefix" yes "$([ -n "$got" ] && echo yes)"
is "ra: the router's IPv6 MTU on that link" 1400 "$(R cat "/proc/sys/net/ipv6/conf/$LAB_R_CIF/mtu")"
R sysctl -qw "net.ipv6.conf.$LAB_R_CIF.accept_ra=0"
# An MLD query (v1 and v2) makes the router report its groups (the
# reports carry a hop-by-hop header, which "icmp6" does not match).
caps_start mld ip6
send mld1 --type mld-query --max-resp 100 -S fe80::ff:fe00:102 -I "$LAB_C_IF" -c 1 ff02::1
sleep 0.5
send mld2 --type mld-query --max-resp 100 --qrv 2 --qqic 125 -S fe80::ff:fe00:102 -I "$LAB_C_IF" -c 1 ff02::1
sleep 0.5
caps_stop
sent_ok mld1 1
sent_ok mld2 1
is "mld: the queries on the link, hop limit 1" 2 "$(jq_count mld-cli.pcap '.name == "mld-query" and .src == "fe80::ff:fe00:102" and .ttl == 1 and .checksum == "ok"')"
n=$(jq_count mld-cli.pcap '(.name == "mld-report" or .name == "mldv2-report") and .src == "fe80::ff:fe00:101"')
is "mld: the router answered with reports" yes "$([ "${n:-0}" -ge 1 ] && echo yes)"

# 15. Redirects and PMTU: sent from the router to the client (icmpkit in the
#     router's namespace), each about the client's flow to the server, whose
#     datagram icmpkit builds with -w is quoted: an echo reply, as Linux acts
#     on errors about ICMP only when they quote a reply its kernel sent
#     (icmp_err), and an ICMPv6 echo request.
# quote NAME ARGS...: a datagram from icmpkit send -w, as raw bytes (the
# packet after the 24-byte pcap header and the 16-byte record header).
quote() {
	local name=$1
	shift
	"$bin" send -q -w "$out/$name.pcap" "$@" && tail -c +41 "$out/$name.pcap" >"$out/$name.bin"
}
quote q4 --type echo-reply -S "$LAB_C_IP4" "$LAB_S_IP4"
quote q6 -S "$LAB_C_IP6" "$LAB_S_IP6"
Rsend() { # NAME ARGS...: icmpkit send in the router's namespace
	local name=$1
	shift
	R timeout 20 "$bin" send "$@" >"$out/$name.out" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}
# An ICMPv4 redirect (accept_redirects=1) makes the client route the
# server's address through the new gateway (a neighbour it knows).
C sysctl -qw "net.ipv4.conf.$LAB_C_IF.accept_redirects=1" net.ipv4.conf.all.accept_redirects=1
C ip neigh replace 198.51.100.77 lladdr 02:00:00:00:01:77 dev "$LAB_C_IF" nud permanent
Rsend rd4 --type redirect --code redirect-host --gateway 198.51.100.77 --quote-file "$out/q4.bin" \
	-S "$LAB_RC_IP4" -c 1 "$LAB_C_IP4"
sent_ok rd4 1
is "redirect: the client's route to the server" "via 198.51.100.77" \
	"$(C ip -4 route get "$LAB_S_IP4" | grep -o 'via [0-9.]*')"
# The same for ICMPv6: a redirect from the router's link-local address
# (hop limit 255; the client's route must go through that address) names a
# new next hop, with its link-layer address (a TLLA option in --body).
C sysctl -qw "net.ipv6.conf.$LAB_C_IF.accept_redirects=1"
C ip -6 route replace 2001:db8:2::/64 via fe80::ff:fe00:101 dev "$LAB_C_IF"
Rsend rd6 --type redirect --target fe80::77 --dest "$LAB_S_IP6" --body 0201020000000177 \
	-S fe80::ff:fe00:101 -I "$LAB_R_CIF" -c 1 fe80::ff:fe00:102
sent_ok rd6 1
is "redirect v6: the client's route to the server" "via fe80::77" \
	"$(C ip -6 route get "$LAB_S_IP6" | grep -o 'via fe80::77')"
C ip -6 route del 2001:db8:2::/64 via fe80::ff:fe00:101 dev "$LAB_C_IF"
# Frag-needed and packet-too-big lower the client's path MTU to the server.
Rsend fn --type dest-unreachable --code frag-needed --mtu 1280 --quote-file "$out/q4.bin" \
	-S "$LAB_RC_IP4" -c 1 "$LAB_C_IP4"
sent_ok fn 1
is "frag-needed: the client's PMTU to the server" "mtu 1280" \
	"$(C ip -4 route get "$LAB_S_IP4" | grep -o 'mtu [0-9]*')"
Rsend ptb -6 --type packet-too-big --mtu 1300 --quote-file "$out/q6.bin" \
	-S "$LAB_RC_IP6" -c 1 "$LAB_C_IP6"
sent_ok ptb 1
is "packet-too-big: the client's PMTU to the server" "mtu 1300" \
	"$(C ip -6 route get "$LAB_S_IP6" | grep -o 'mtu [0-9]*')"
# Undo what the kernel learnt, for the sections after this one.
C ip neigh del 198.51.100.77 dev "$LAB_C_IF"
C ip route flush cache
C ip -6 route flush cache
C sysctl -qw "net.ipv4.conf.$LAB_C_IF.accept_redirects=0" "net.ipv6.conf.$LAB_C_IF.accept_redirects=0"
is "the client's route to the server again" "via $LAB_RC_IP4" "$(C ip -4 route get "$LAB_S_IP4" | grep -o 'via [0-9.]*')"
# 16. What comes back is shown, as hping3 and nping do: each answer with
#     the decoder's line and the RTT of two capture timestamps, then sent
#     / answered / errors / lost; --no-reply injects only; -j JSON Lines.
answers() { # NAME PATTERN N TOTALS: N lines match PATTERN, TOTALS is the last line
	local n
	n=$(grep -cE "$2" "$out/$1.out")
	if [ "$(cat "$out/$1.rc")" = 0 ] && [ "$n" = "$3" ] && [ "$(tail -1 "$out/$1.out")" = "$4" ]; then ok; else
		bad "$1: want $3 lines like '$2' and '$4': $(cat "$out/$1.out" "$out/$1.err")"
	fi
}
RTT=', rtt [0-9]+\.[0-9]{3} ms$'
send ans-echo -c 3 -i 0.1 --id 201 "$LAB_S_IP4"
answers ans-echo "^[0-9:.]+ IP $LAB_S_IP4 > $LAB_C_IP4: ICMP echo-reply, id 201, seq [123], length 64$RTT" 3 \
	"3 sent, 3 answered, 0 errors, 0 duplicates, 0 lost"
send ans-ts --type timestamp-request --id 202 "$LAB_S_IP4"
answers ans-ts "ICMP timestamp-reply, id 202, seq 1, org [0-9]+, recv [0-9]+, xmit [0-9]+, length 20$RTT" 1 \
	"1 sent, 1 answered, 0 errors, 0 duplicates, 0 lost"
send ans-echo6 -c 2 -i 0.1 --id 203 "$LAB_S_IP6"
answers ans-echo6 "IP6 $LAB_S_IP6 > $LAB_C_IP6: ICMP6 echo-reply, id 203, seq [12], length 64$RTT" 2 \
	"2 sent, 2 answered, 0 errors, 0 duplicates, 0 lost"
send ans-ns --type neighbor-solicitation "$LAB_RC_IP6"
answers ans-ns "ICMP6 neighbor-advertisement, tgt is $LAB_RC_IP6, .*$RTT" 1 \
	"1 sent, 1 answered, 0 errors, 0 duplicates, 0 lost"
send ans-ttl1 -t 1 --id 204 "$LAB_S_IP4"
answers ans-ttl1 "IP $LAB_RC_IP4 > $LAB_C_IP4: ICMP time-exceeded \(ttl-exceeded\).*$RTT" 1 \
	"1 sent, 0 answered, 1 errors, 0 duplicates, 0 lost"
send ans-lost -c 1 198.51.100.99
answers ans-lost "rtt" 0 "1 sent, 0 answered, 0 errors, 0 duplicates, 1 lost"
send ans-none --no-reply -c 2 -i 0.05 "$LAB_S_IP4"
sent_ok ans-none 2
! grep -q 'rtt\|answered' "$out/ans-none.out" && ok || bad "--no-reply: $(cat "$out/ans-none.out")"
send ans-json -j -c 2 -i 0.1 --id 205 "$LAB_S_IP4"
jq -se 'length == 3 and (.[0:2] | map(.name == "echo-reply" and .id == 205 and .rtt_ms > 0) | all) and
	(.[0:2] | map(.reply_to)) == [1, 2] and .[2].summary == {"sent": 2, "answered": 2, "errors": 0, "duplicates": 0, "lost": 0}' \
	"$out/ans-json.out" >/dev/null && ok || bad "-j: $(cat "$out/ans-json.out" "$out/ans-json.err")"
send ans-jw -j -w "$out/jw.pcap" "$LAB_S_IP4"
[ "$(cat "$out/ans-jw.rc")" = 2 ] && grep -qx 'icmpkit: -j: nothing to show: .*' "$out/ans-jw.err" && ok ||
	bad "-j with -w: $(cat "$out/ans-jw.err")"

# 16a. -W SECONDS, as ping's: how long send waits for answers after the
#      last probe (default 1 s).  Against a silent host the run ends after
#      W and the probe is lost; 0 does not wait but still shows what came
#      in during the run.
timed() { # NAME ARGS...: send, and the wall time in ms into $out/NAME.ms
	local t0=$EPOCHREALTIME name=$1
	send "$@"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }' >"$out/$name.ms"
}
within() { # NAME MIN MAX: the run took MIN..MAX ms
	local ms
	ms=$(cat "$out/$1.ms")
	if [ "$ms" -ge "$2" ] && [ "$ms" -le "$3" ]; then ok; else bad "$1: took $ms ms, want $2..$3"; fi
}
timed wait-02 -c 1 -W 0.2 198.51.100.99
answers wait-02 "rtt" 0 "1 sent, 0 answered, 0 errors, 0 duplicates, 1 lost"
within wait-02 200 700
timed wait-2 -c 1 -W 2 198.51.100.99
answers wait-2 "rtt" 0 "1 sent, 0 answered, 0 errors, 0 duplicates, 1 lost"
within wait-2 2000 2600
timed wait-0 -c 1 -W 0 198.51.100.99
answers wait-0 "rtt" 0 "1 sent, 0 answered, 0 errors, 0 duplicates, 1 lost"
within wait-0 0 150
timed wait-0s -c 3 -i 0.1 -W 0 --id 210 "$LAB_S_IP4"
n=$(grep -cE "echo-reply, id 210, seq [12], .*$RTT" "$out/wait-0s.out")
is "-W 0: the answers that came during the run are shown" "0 2" "$(cat "$out/wait-0s.rc") $n"
within wait-0s 200 450
timed wait-def -c 1 198.51.100.99
within wait-def 1000 1600

# 16b. RFC 8335 extended echo (the server kernel answers with
#      icmp_echo_enable_probe=1, for both families): the one-byte sequence
#      number goes up per probe, so each reply is matched to its own probe;
#      it wraps at 256; an ICMPv6 router's time-exceeded quotes the 8-bit
#      sequence number too (Linux sends no ICMPv4 error about type 42).
S sysctl -qw net.ipv4.icmp_echo_enable_probe=1
XE='--type extended-echo-request --local true --ifname lo'
# shellcheck disable=SC2086
send ans-xe4 $XE -c 3 -i 0.1 --id 206 "$LAB_S_IP4"
answers ans-xe4 "^[0-9:.]+ IP $LAB_S_IP4 > $LAB_C_IP4: ICMP extended-echo-reply \(no-error\), id 206, seq [123], .*active 1, .*$RTT" 3 \
	"3 sent, 3 answered, 0 errors, 0 duplicates, 0 lost"
is "extended echo v4: seq 1 2 3, each once" "1 2 3" "$(grep -o 'seq [0-9]*' "$out/ans-xe4.out" | awk '{print $2}' | sort -n | xargs)"
# shellcheck disable=SC2086
send ans-xe6 $XE -c 3 -i 0.1 --id 207 -j "$LAB_S_IP6"
jq -se 'length == 4 and (.[0:3] | map(.name == "extended-echo-reply" and .id == 207 and .rtt_ms > 0 and .seq == .reply_to) | all) and
	.[3].summary == {"sent": 3, "answered": 3, "errors": 0, "duplicates": 0, "lost": 0}' \
	"$out/ans-xe6.out" >/dev/null && ok || bad "extended echo v6 -j: $(cat "$out/ans-xe6.out" "$out/ans-xe6.err")"
# shellcheck disable=SC2086
send ans-xewrap $XE -c 3 -i 0.05 --seq 255 --id 208 "$LAB_S_IP6"
answers ans-xewrap "extended-echo-reply \(no-error\), id 208, seq (255|0|1), .*$RTT" 3 \
	"3 sent, 3 answered, 0 errors, 0 duplicates, 0 lost"
is "extended echo: the sequence number wraps at 256" "255 0 1" "$(grep -o 'seq [0-9]*' "$out/ans-xewrap.out" | awk '{print $2}' | xargs)"
# shellcheck disable=SC2086
send ans-xettl $XE -c 2 -i 0.1 -t 1 --id 209 "$LAB_S_IP6"
answers ans-xettl "IP6 $LAB_RC_IP6 > $LAB_C_IP6: ICMP6 time-exceeded \(hop-limit-exceeded\).*$RTT" 2 \
	"2 sent, 0 answered, 2 errors, 0 duplicates, 0 lost"
S sysctl -qw net.ipv4.icmp_echo_enable_probe=0
# shellcheck disable=SC2086
send ans-xeoff $XE -c 1 -W 0.3 "$LAB_S_IP4"
answers ans-xeoff "rtt" 0 "1 sent, 0 answered, 0 errors, 0 duplicates, 1 lost"

# 17. send --from-json sends for real too: objects for the server (v4 and
#     v6) reach it, and its kernel answers them.
printf '%s\n' \
	"{\"ip\":4,\"src\":\"$LAB_C_IP4\",\"dst\":\"$LAB_S_IP4\",\"type\":8,\"id\":401,\"seq\":1,\"ttl\":9,\"payload\":\"0a0b0c0d\"}" \
	"{\"ip\":6,\"src\":\"$LAB_C_IP6\",\"dst\":\"$LAB_S_IP6\",\"type\":128,\"id\":402,\"seq\":1,\"ttl\":9,\"payload\":\"0a0b0c0d\"}" \
	>"$out/fj.json"
caps_start fj
C timeout 20 "$bin" send --from-json "$out/fj.json" -i 0.01 >"$out/fj.out" 2>"$out/fj.err"
echo $? >"$out/fj.rc"
caps_stop
is "--from-json live: exit and summary" "0 2 packets sent, 0 failed, 0 objects not built" \
	"$(cat "$out/fj.rc") $(cat "$out/fj.out")"
is "--from-json live: both at the server, TTL 9 less the router" 2 \
	"$(jq_count fj-srv.pcap '.name == "echo-request" and (.id == 401 or .id == 402) and .ttl == 8 and .len == 12 and .checksum == "ok"')"
is "--from-json live: the server's replies" 2 "$(jq_count fj-cli.pcap '.name == "echo-reply" and (.id == 401 or .id == 402)')"
# Issue 13's row "read f.pcap -c 2": an option after FILE is an option,
# not a filter word; after -- it is a filter word again.
is "read FILE -c 1: one line, exit 0" "1 0" "$("$bin" read "$out/fj-cli.pcap" -c 1 | wc -l) ${PIPESTATUS[0]}"
"$bin" read "$out/fj-cli.pcap" -- -c 1 >/dev/null 2>"$out/rdash.err"
[ $? = 2 ] && grep -q '^icmpkit: .*-c 1' "$out/rdash.err" && ok || bad "read FILE -- -c 1: $(cat "$out/rdash.err")"

# 18. --from-json builds tunnels the peer kernel takes: an echo request in
#     an Ethernet frame in VXLAN over UDP over IPv4, from "outer" keys alone
#     (no "hdr"), reaches the server's vxlan device, and the server answers
#     through the tunnel.
VX=${LAB_PREFIX}vx
S ip link add "$VX" type vxlan id 42 local "$LAB_S_IP4" remote "$LAB_C_IP4" dstport 4789 dev "$LAB_S_IF"
S ip link set "$VX" address 02:00:00:00:42:01 up
S ip addr add 203.0.113.200/32 dev "$VX"
S ip route add 198.51.100.200/32 dev "$VX"
S ip neigh add 198.51.100.200 lladdr 02:00:00:00:42:02 dev "$VX"
printf '%s\n' "{\"ip\":4,\"src\":\"198.51.100.200\",\"dst\":\"203.0.113.200\",\"type\":8,\"id\":403,\"seq\":1,\"payload\":\"0a0b0c0d\",\"outer\":[{\"layer\":\"ip\",\"ip\":4,\"src\":\"$LAB_C_IP4\",\"dst\":\"$LAB_S_IP4\",\"ttl\":64},{\"layer\":\"udp\",\"sport\":40000},{\"layer\":\"vxlan\",\"vni\":42},{\"layer\":\"eth\",\"src\":\"02:00:00:00:42:02\",\"dst\":\"02:00:00:00:42:01\"}]}" >"$out/fjt.json"
caps_start fjt "udp port 4789"
C timeout 20 "$bin" send --from-json "$out/fjt.json" >"$out/fjt.out" 2>"$out/fjt.err"
echo $? >"$out/fjt.rc"
caps_stop
is "--from-json tunnel: exit and summary" "0 1 packets sent, 0 failed, 0 objects not built" \
	"$(cat "$out/fjt.rc") $(cat "$out/fjt.out")"
is "--from-json tunnel: the request at the server in its VXLAN layers" 1 \
	"$(jq_count fjt-srv.pcap '.name == "echo-request" and .id == 403 and .checksum == "ok" and ([.outer[].layer] == ["ip", "udp", "vxlan", "eth"]) and .outer[2].vni == 42')"
is "--from-json tunnel: the server's reply through its vxlan device" 1 \
	"$(jq_count fjt-cli.pcap '.name == "echo-reply" and .id == 403 and .src == "203.0.113.200" and .outer[2].vni == 42')"

t_end=$EPOCHREALTIME
lab_test_end "($(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }') s)"
