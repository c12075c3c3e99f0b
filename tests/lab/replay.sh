#!/usr/bin/env bash
# Lab tests of icmpkit replay (root): captures put back onto a veth in a
# namespace lab and captured again by the peer.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start replay
C() { lab_exec "$LAB_CLIENT" "$@"; }
replay() { ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" "$@"; }

# cap_start NAME [FILTER]: tcpdump on the router's end of the client
# link, what arrives there only (not what the router sends back).  A small
# snapshot: in immediate mode the ring holds buffer/snaplen frames, and
# 262144-byte slots drop packets under a top-speed replay.
cap_pid=
cap_start() {
	ip netns exec "$LAB_ROUTER" tcpdump -n -U --immediate-mode -s 2048 -B 65536 -Q in -i "$LAB_R_CIF" \
		-w "$out/$1.pcap" ${2:+"$2"} 2>"$out/$1.err" &
	cap_pid=$!
	for i in $(seq 100); do grep -q listening "$out/$1.err" && return 0; sleep 0.05; done
	bad "$1: tcpdump did not start"
}
cap_stop() {
	sleep 0.5
	kill -INT "$cap_pid"
	wait "$cap_pid"
}
hexdump_of() { tcpdump -n -r "$1" -xx 2>/dev/null | grep -v '^[0-9]'; }

# 1. 20,000 packets at top speed: all captured by the peer, byte for byte.
# They are echo requests to the router itself: forwarding them too would
# overflow the kernel's backlog (netdev_max_backlog, global, not ours to
# raise) before the peer's capture sees them.
"$bin" send -q -w "$out/20k.pcap" --link --src-mac "$LAB_C_MAC" --dst-mac "$LAB_RC_MAC" \
	-S "$LAB_C_IP4" -c 20000 --flood "$LAB_RC_IP4"
cap_start big "icmp and ether src $LAB_C_MAC"
replay --topspeed --dst-mac "$LAB_RC_MAC" "$out/20k.pcap" >"$out/big.out" 2>&1; rc=$?
cap_stop
n=$(tcpdump -n -r "$out/big.pcap" 2>/dev/null | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq 20000 ] && grep -q '^20000 packets sent, 0 failed' "$out/big.out" &&
	ok || bad "20000 at top speed: exit $rc, $n captured: $(cat "$out/big.out" "$out/big.err")"
echo "replay lab: --topspeed 20000: $(head -n 1 "$out/big.out")"
cmp -s <(hexdump_of "$out/20k.pcap") <(hexdump_of "$out/big.pcap") && ok ||
	bad "the replayed frames differ from the capture"
# 1b. --topspeed took AF_XDP (auto); each engine forced (xdp, ring,
# mmsg) puts the capture's bytes on the wire, paced as well as at top
# speed.
grep -q ', engine xdp$' "$out/big.out" && ok || bad "--topspeed: not xdp: $(cat "$out/big.out")"
for e in xdp ring mmsg; do
	for pace in "--pps 4000" --topspeed; do
		n=${pace#--}
		n=${n%% *}
		cap_start "eng-$e-$n" "icmp and ether src $LAB_C_MAC"
		# shellcheck disable=SC2086 # $pace is an option and its value
		replay --engine $e $pace -c 300 --dst-mac "$LAB_RC_MAC" "$out/20k.pcap" >"$out/eng-$e-$n.out" 2>&1
		rc=$?
		cap_stop
		[ $rc -eq 0 ] && grep -q "^300 packets sent, 0 failed, .*, engine $e\$" "$out/eng-$e-$n.out" &&
			cmp -s <(tcpdump -n -c 300 -r "$out/20k.pcap" -xx 2>/dev/null | grep -v '^[0-9]') \
				<(hexdump_of "$out/eng-$e-$n.pcap") && ok ||
			bad "--engine $e $pace: exit $rc, $(cat "$out/eng-$e-$n.out"), or the frames differ"
	done
done

# 2. Timing: 51 packets 20 ms apart (1 s) replay in about 1 s; faster with
# --multiplier 2; --pps and --loop give their counts and durations.
"$bin" send -q -w "$out/gaps.pcap" --link --src-mac "$LAB_C_MAC" --dst-mac "$LAB_RC_MAC" \
	-S "$LAB_C_IP4" -c 51 -i 0.02 "$LAB_S_IP4"
timed() { # EXPECTED_S TOLERANCE_S NAME ARGS...: duration within tolerance
	local want=$1 tol=$2 name=$3 s e took
	shift 3
	s=$(date +%s.%N)
	replay "$@" >"$out/t.out" 2>&1
	e=$(date +%s.%N)
	took=$(echo "$e - $s" | bc)
	if [ "$(echo "d = $took - $want; if (d < 0) d = -d; d <= $tol" | bc)" = 1 ]; then
		ok
	else
		bad "$name: took $took s, expected $want +- $tol: $(cat "$out/t.out")"
	fi
}
timed 1.0 0.15 "original gaps" "$out/gaps.pcap"
timed 0.5 0.1 "--multiplier 2" --multiplier 2 "$out/gaps.pcap"
timed 0.5 0.1 "--pps 100" --pps 100 "$out/gaps.pcap"
grep -q '^51 packets sent' "$out/t.out" && ok || bad "--pps count: $(cat "$out/t.out")"
timed 0.75 0.15 "--loop 3 --multiplier 4" --loop 3 --multiplier 4 "$out/gaps.pcap"
grep -q '^153 packets sent' "$out/t.out" && ok || bad "--loop count: $(cat "$out/t.out")"
replay -c 10 --topspeed "$out/gaps.pcap" >"$out/c.out" 2>&1
grep -q '^10 packets sent' "$out/c.out" && ok || bad "-c 10: $(cat "$out/c.out")"
replay --topspeed "$out/gaps.pcap" 'icmp[icmptype] == icmp-echo and icmp[7] < 5' >"$out/f.out" 2>&1
grep -q '^4 packets sent' "$out/f.out" && ok || bad "filter: $(cat "$out/f.out")"

# 3. Rewriting: addresses (also quoted ones) and TTL, every checksum good.
cap_start rw
for f in pcaps/port-unreachable.pcap pcaps/ttl-exceeded.pcap pcaps/packet-too-big.pcap pcaps/echo4.pcap; do
	replay --topspeed --dst-mac "$LAB_RC_MAC" --ttl 9 \
		--src-ip 203.0.113.0/25=203.0.113.128/25 --dst-ip 198.51.100.2=198.51.100.77 \
		--src-ip 2001:db8:2::/64=2001:db8:aa::/64 --dst-ip 2001:db8:1::2=2001:db8:1::77 \
		"$f" >/dev/null 2>&1 || bad "rewrite replay of $f failed"
done
cap_stop
tshark -n -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o ip.defragment:FALSE \
	-o ipv6.defragment:FALSE -r "$out/rw.pcap" -T fields -E separator=, -E occurrence=a \
	-e ip.checksum.status -e udp.checksum.status -e icmp.checksum.status \
	-e icmpv6.checksum.status 2>/dev/null | tr ',' '\n' | grep -v '^$' | sort | uniq -c >"$out/ck"
# 1 good, 0 bad, 2 unverified: tshark cannot verify a quoted ICMP or UDP
# header whose datagram was quoted only in part, so 2 is fine; 0 is not.
grep -qE '^ *[0-9]+ 0$' "$out/ck" && bad "tshark finds bad checksums: $(cat "$out/ck")" ||
	{ grep -qE '^ *[0-9]+ 1$' "$out/ck" && ok || bad "tshark verified nothing: $(cat "$out/ck")"; }
"$bin" read -j "$out/rw.pcap" >"$out/rw.json"
jq -se '
	(map(select(.ip == 4 and .type == 3 and .code == 3)) | length > 0 and
	  all(.dst == "198.51.100.77" and .src == "203.0.113.130" and .ttl == 9 and
	      .quoted.src == "198.51.100.77" and .quoted.dst == "203.0.113.130" and .checksum == "ok")) and
	(map(select(.ip == 6 and .type == 1)) | length > 0 and
	  all(.src == "2001:db8:aa::2" and .dst == "2001:db8:1::77" and .ttl == 9 and
	      .quoted.src == "2001:db8:1::77" and .quoted.dst == "2001:db8:aa::2" and .checksum == "ok")) and
	(map(select(.name == "time-exceeded" and .ip == 4)) | length > 0 and
	  all(.dst == "198.51.100.77" and .quoted.src == "198.51.100.77" and .quoted.dst == "203.0.113.130")) and
	(map(select(.name == "packet-too-big")) | length > 0 and all(.quoted.dst == "2001:db8:aa::2"))' \
	"$out/rw.json" >/dev/null && ok || bad "rewritten fields: $(head -c 600 "$out/rw.json")"

# 4. A capture that is not Ethernet (LINUX_SLL2) gets an Ethernet header.
cap_start sll
replay --topspeed --dst-mac "$LAB_RC_MAC" pcaps/mixed-any.pcap >"$out/sll.out" 2>&1; rc=$?
cap_stop
want=$("$bin" read -q --stats -j pcaps/mixed-any.pcap | jq '.stats.records - .stats.other')
got=$("$bin" read -q --stats -j "$out/sll.pcap" | jq '.stats.icmp')
[ $rc -eq 0 ] && [ "$got" -ge 16 ] && ok || bad "SLL2 -> Ethernet: exit $rc, $got ICMP frames ($want in the file)"

# 5. Bad input: one line, exit 2 (a truncated file: what is complete goes).
expect_err() {
	local name=$1 pat=$2 rc
	shift 2
	timeout 20 "$@" >"$out/e.out" 2>"$out/e.err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$out/e.err")" -eq 1 ] && grep -qE "^icmpkit: .*$pat" "$out/e.err"; then
		ok
	else
		bad "$name: exit $rc: $(cat "$out/e.err")"
	fi
}
R() { ip netns exec "$LAB_CLIENT" "$bin" replay "$@"; }
expect_err "unknown interface" "nosuch0: no such interface" ip netns exec "$LAB_CLIENT" "$bin" replay -i nosuch0 pcaps/echo4.pcap
expect_err "missing file" "nope.pcap: .*No such file" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" "$out/nope.pcap"
expect_err "truncated file" "truncated capture after record 7" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --topspeed pcaps/hostile-cut.pcap
grep -q '^7 packets sent' "$out/e.out" && ok || bad "truncated file: the complete records were not sent: $(cat "$out/e.out")"
expect_err "--pps 0" "--pps '0'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --pps 0 pcaps/echo4.pcap
expect_err "--multiplier 0" "--multiplier '0'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --multiplier 0 pcaps/echo4.pcap
expect_err "--multiplier -2" "--multiplier '-2'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --multiplier -2 pcaps/echo4.pcap
expect_err "bad map" "--src-ip '198.51.100.0/24=2001:db8::/64'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --src-ip 198.51.100.0/24=2001:db8::/64 pcaps/echo4.pcap
expect_err "map without =" "--dst-ip 'x'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --dst-ip x pcaps/echo4.pcap
expect_err "bad MAC" "--dst-mac 'zz'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --dst-mac zz pcaps/echo4.pcap
# A record larger than any link takes (and than a batch slot) among small
# ones at top speed: counted as failed and named, the others sent.
perl tests/gen/bigrecord.pl "$out/bigrec.pcap"
replay --topspeed "$out/bigrec.pcap" >"$out/br.out" 2>"$out/br.err"; rc=$?
[ $rc -eq 0 ] && grep -q '^63 packets sent, 1 failed' "$out/br.out" &&
	grep -q '^icmpkit: replay: 1 records longer than 65600 bytes not sent' "$out/br.err" &&
	ok || bad "oversized record: exit $rc: $(cat "$out/br.out" "$out/br.err")"
expect_err "no permission" "permission denied; run as root" \
	ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$bin" replay -i "$LAB_C_IF" pcaps/echo4.pcap

# 6. tcpreplay's habits: short letters, --mbps, --duration, -K, several
# files in order, and --pps keeping its gap at loop boundaries (36
# packets at 10/s take 3.5 s, as with tcpreplay).
"$bin" send -q -w "$out/twelve.pcap" --link --src-mac "$LAB_C_MAC" --dst-mac "$LAB_RC_MAC" \
	-S "$LAB_C_IP4" -c 12 --flood "$LAB_RC_IP4"
timed 3.5 0.15 "--loop 3 --pps 10" --loop 3 --pps 10 "$out/twelve.pcap"
grep -q '^36 packets sent' "$out/t.out" && ok || bad "--loop 3 --pps 10 count: $(cat "$out/t.out")"
timed 3.5 0.15 "-l 3 -p 10" -l 3 -p 10 "$out/twelve.pcap"
timed 0.5 0.1 "-x 2" -x 2 "$out/gaps.pcap"
# 51 frames of 98 bytes: 50 * 98 * 8 bits before the last at 0.04 Mbit/s.
timed 0.98 0.15 "--mbps 0.04" --mbps 0.04 "$out/gaps.pcap"
grep -q '^51 packets sent' "$out/t.out" && ok || bad "--mbps count: $(cat "$out/t.out")"
timed 0.5 0.15 "--duration 0.5" --duration 0.5 "$out/gaps.pcap"
n=$(sed -n 's/^\([0-9]*\) packets sent.*/\1/p' "$out/t.out")
[ "${n:-0}" -ge 23 ] && [ "${n:-0}" -le 27 ] && ok || bad "--duration 0.5 sent ${n:-?} of 51 (about 26)"
timed 1.0 0.15 "--duration 1 --loop 0 --topspeed" --duration 1 --loop 0 -t "$out/twelve.pcap"
replay -K -t "$out/gaps.pcap" "$out/twelve.pcap" pcaps/echo4.pcap >"$out/m.out" 2>&1
want=$((51 + 12 + $("$bin" read -q --stats -j pcaps/echo4.pcap | jq .stats.records)))
grep -q "^$want packets sent" "$out/m.out" && ok || bad "three files: $(cat "$out/m.out"), want $want"
replay -t -l 2 "$out/gaps.pcap" "$out/gaps.pcap" 'icmp[7] < 5' >"$out/m.out" 2>&1
grep -q '^16 packets sent' "$out/m.out" && ok || bad "two files, two loops, a filter: $(cat "$out/m.out")"
replay -t "$out/twelve.pcap" -- "$out/gaps.pcap" >"$out/m.out" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "filter '.*gaps.pcap'" "$out/m.out" && ok ||
	bad "'--' ends the files: exit $rc: $(cat "$out/m.out")"

# 7. Edge cases: link types replay cannot send from are refused before
# sending; rates that would overflow are refused; huge timestamps neither
# overflow (the sanitizer build) nor send early; SIGINT during a wait
# ends the replay without sending the pending packet.
for lt in 147 200 65000; do
	{ printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\xff\xff\0\0'
	  printf "$(printf '\\x%02x\\x%02x' $((lt & 255)) $((lt >> 8)))\0\0"
	  printf '\0\0\0\0\0\0\0\0\x04\0\0\0\x04\0\0\0abcd'; } >"$out/lt$lt.pcap"
	expect_err "link type $lt" "lt$lt.pcap: link type $lt .* cannot be replayed" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" "$out/lt$lt.pcap"
	[ ! -s "$out/e.out" ] && ok || bad "link type $lt: something was sent: $(cat "$out/e.out")"
done
expect_err "--pps 1e-300" "--pps '1e-300'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --pps 1e-300 pcaps/echo4.pcap
expect_err "--multiplier 1e-300" "--multiplier '1e-300'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --multiplier 1e-300 pcaps/echo4.pcap
expect_err "--pps 2e9" "--pps '2e9'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --pps 2e9 pcaps/echo4.pcap
expect_err "--mbps 0" "--mbps '0'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --mbps 0 pcaps/echo4.pcap
expect_err "--duration -1" "--duration '-1'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --duration -1 pcaps/echo4.pcap
expect_err "--pps with --mbps" "exclude each other" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --pps 5 --mbps 1 pcaps/echo4.pcap
san=$(realpath "${ICMPKIT_SAN:-./icmpkit-san}")
ts=pcaps/hostile-timestamps.pcapng
# int_sig SECONDS NAME ARGS...: ARGS in the client, SIGINT after
# SECONDS; sets rc and took.
int_sig() {
	local after=$1 s e
	shift 2
	s=$(date +%s.%N)
	ip netns exec "$LAB_CLIENT" "$@" >"$out/i.out" 2>"$out/i.err" &
	local pid=$!
	sleep "$after"
	kill -INT $pid
	wait $pid
	rc=$?
	e=$(date +%s.%N)
	took=$(echo "$e - $s" | bc)
}
cap_start ts "icmp and host 198.51.100.10"
int_sig 1 "huge timestamps" "$san" replay -i "$LAB_C_IF" --dst-mac "$LAB_RC_MAC" "$ts"
cap_stop
n=$(tcpdump -n -r "$out/ts.pcap" 2>/dev/null | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq 2 ] && grep -q '^2 packets sent' "$out/i.out" && [ ! -s "$out/i.err" ] &&
	[ "$(echo "$took < 1.5" | bc)" = 1 ] && ok ||
	bad "huge timestamps, SIGINT after 1 s: exit $rc, $n captured, $took s: $(cat "$out/i.out" "$out/i.err")"
int_sig 1 "huge timestamps -x 1e6" "$san" replay -i "$LAB_C_IF" -x 1000000 -l 3 "$ts"
[ $rc -eq 0 ] && grep -q '^2 packets sent' "$out/i.out" && [ ! -s "$out/i.err" ] && ok ||
	bad "huge timestamps -x 1000000, SIGINT after 1 s: exit $rc: $(cat "$out/i.out" "$out/i.err")"
for m in "-p 1000" "-t" "--mbps 1000"; do
	timeout 10 ip netns exec "$LAB_CLIENT" "$san" replay -i "$LAB_C_IF" $m -l 2 "$ts" >"$out/i.out" 2>"$out/i.err"; rc=$?
	[ $rc -eq 0 ] && grep -q "^14 packets sent" "$out/i.out" && [ ! -s "$out/i.err" ] && ok ||
		bad "huge timestamps $m: exit $rc: $(cat "$out/i.out" "$out/i.err")"
done

lab_test_end
