#!/usr/bin/env bash
# The bad-input cells the per-command scripts do not cover: down
# interfaces for send, ping and replay, write errors for sniff -w and
# ping's output, a bad replay filter.  Each: exit 2 and exactly one line
# "icmpkit: ..." (sniff also prints its "listening on" and statistics
# lines, as tcpdump does).
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start matrix
# expect NAME PATTERN CMD...: exit 2, one "icmpkit:" line matching PATTERN.
expect() {
	local name=$1 pat=$2 rc n
	shift 2
	timeout 20 "$@" >"$out/o" 2>"$out/e"
	rc=$?
	n=$(grep -c '^icmpkit: ' "$out/e")
	if [ $rc -eq 2 ] && [ "$n" -eq 1 ] && grep -qE "^icmpkit: .*$pat" "$out/e"; then
		ok
	else
		bad "$name: exit $rc, $n error lines: $(cat "$out/e")"
	fi
}
in_client() { ip netns exec "$LAB_CLIENT" "$@"; }
in_client ip link add ikdown type veth peer ikdown2
in_client ip addr add 198.51.100.250/32 dev ikdown
expect "send -I down" "ikdown: interface is down" ip netns exec "$LAB_CLIENT" "$bin" send -I ikdown -c 1 "$LAB_S_IP4"
expect "send --link -I down" "ikdown: interface is down" ip netns exec "$LAB_CLIENT" "$bin" send --link -I ikdown --dst-mac 02:00:00:00:00:09 -c 1 "$LAB_S_IP4"
expect "ping -I down" "ikdown: interface is down" ip netns exec "$LAB_CLIENT" "$bin" ping -I ikdown -c 1 -W 1 "$LAB_S_IP4"
expect "replay -i down" "ikdown" ip netns exec "$LAB_CLIENT" "$bin" replay -i ikdown --topspeed pcaps/echo4.pcap
expect "replay bad filter" "filter 'icmp and and'" ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" pcaps/echo4.pcap icmp and and
expect "ping stdout /dev/full" "stdout: write failed" sh -c "ip netns exec '$LAB_CLIENT' '$bin' ping -c 2 -i 0.1 '$LAB_S_IP4' >/dev/full"
expect "sniff -w /dev/full" "/dev/full: write failed" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -Z root -w /dev/full --duration 1
printf 'not a capture\n' >"$out/text.pcap"
cp pcaps/echo4.pcap "$out/secret.pcap"
chmod 600 "$out/secret.pcap"
chmod 755 "$out"
expect "replay non-pcap file" "text.pcap: " ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" "$out/text.pcap"
expect "replay unreadable file" "secret.pcap: .*Permission denied" \
	ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" replay -i "$LAB_C_IF" "$out/secret.pcap"
expect "ping unknown interface" "nosuch0" ip netns exec "$LAB_CLIENT" "$bin" ping -I nosuch0 -c 1 "$LAB_S_IP4"
expect "send unknown interface" "nosuch0" ip netns exec "$LAB_CLIENT" "$bin" send -I nosuch0 -c 1 "$LAB_S_IP4"
lab_test_end
