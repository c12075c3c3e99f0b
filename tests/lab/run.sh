#!/usr/bin/env bash
# Lab tests (root): the real kernels of a namespace lab produce the ICMP
# traffic, captured afresh by pcaps/record.sh, and icmpkit must decode what
# they sent: replies matched, errors with their codes, MTUs and quoted
# datagrams, ND options, VLAN tags, real loss.  Without root (or without
# network namespaces) this says SKIP loudly and fails nothing.
set -u
cd "$(dirname "$0")/../.."
bin=${ICMPKIT:-./icmpkit}
. tests/lab/lib.sh
if ! lab_require; then
	echo "################################################################"
	echo "# lab: SKIPPED -- needs root and network namespaces.          #"
	echo "# Run 'sudo make lab' (CI runs it as root).                   #"
	echo "################################################################"
	exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "lab: recording captures from the namespace lab into $out"
if ! pcaps/record.sh "$out" >"$out/record.log" 2>&1; then
	echo "lab: FAIL: pcaps/record.sh failed:"
	tail -20 "$out/record.log"
	exit 1
fi

pass=0 fail=0
# expect NAME FILE JQ-EXPRESSION: the expression over the slurped JSON
# array of the capture must be true.
expect() {
	local name=$1 file=$2 expr=$3
	if "$bin" read -j "$out/$file" | jq -se "$expr" >/dev/null; then
		pass=$((pass + 1))
	else
		echo "lab: FAIL: $name ($file): $expr"
		"$bin" read "$out/$file" | head -20 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

reqs='map(select(.name == "echo-request"))'
reps='map(select(.name == "echo-reply"))'

expect "v4 echo: every reply matched, RTT > 0" echo4.pcap \
	"($reqs | length) == 5 and ($reps | length) == 5 and ($reps | all(.rtt_ms > 0 and .reply_to > 0 and .checksum == \"ok\"))"
expect "v6 echo: every reply matched" echo6.pcap \
	"($reqs | length) == 5 and ($reps | length) == 5 and ($reps | all(.rtt_ms > 0 and .proto == \"icmp6\" and .checksum == \"ok\"))"
expect "time-exceeded v4 from the router, quoting our echo" ttl-exceeded.pcap \
	'map(select(.ip == 4 and .name == "time-exceeded" and .code == 0 and .src == "198.51.100.1" and .quoted.type == 8)) | length > 0'
expect "time-exceeded v6 from the router" ttl-exceeded.pcap \
	'map(select(.ip == 6 and .name == "time-exceeded" and .code == 0 and .quoted.type == 128)) | length > 0'
expect "frag-needed with next-hop MTU 1280" frag-needed.pcap \
	'map(select(.type == 3 and .code == 4 and .mtu == 1280 and .quoted.dst == "203.0.113.2")) | length > 0'
expect "packet-too-big with MTU 1280" packet-too-big.pcap \
	'map(select(.proto == "icmp6" and .type == 2 and .mtu == 1280 and .quoted.dst == "2001:db8:2::2")) | length > 0'
expect "port-unreachable v4 and v6 quoting the UDP datagram" port-unreachable.pcap \
	'(map(select(.ip == 4 and .type == 3 and .code == 3 and .quoted.proto == "udp" and .quoted.dport > 0)) | length > 0) and (map(select(.ip == 6 and .type == 1 and .code == 4 and .quoted.proto == "udp")) | length > 0)'
expect "admin-prohibited v4 (3/13) and v6 (1/1)" admin-prohibited.pcap \
	'(map(select(.type == 3 and .code == 13)) | length > 0) and (map(select(.proto == "icmp6" and .type == 1 and .code == 1)) | length > 0)'
expect "router advertisement with prefix and SLLA options" nd-ra.pcap \
	'map(select(.name == "router-advertisement" and (.options | map(.name) | index("prefix-info") != null) and (.options | map(.name) | index("slla") != null))) | length > 0'
expect "neighbour solicitation and advertisement" nd-ra.pcap \
	'(map(select(.name == "neighbor-solicitation")) | length > 0) and (map(select(.name == "neighbor-advertisement")) | length > 0)'
expect "VLAN 100 tag on every message" vlan.pcap \
	'length > 0 and all(.vlan == [100])'
expect "timestamp reply from the Linux kernel matched" timestamp.pcap \
	'map(select(.name == "timestamp-reply" and .rtt_ms >= 0 and .reply_to > 0)) | length > 0'
if "$bin" read -q --stats -j "$out/loss.pcap" | jq -e '.stats | .requests == 20 and .unanswered > 0 and .matched + .unanswered == 20' >/dev/null; then
	pass=$((pass + 1))
else
	echo "lab: FAIL: loss: 20 requests, some unanswered, matched + unanswered == 20"
	"$bin" read -q --stats "$out/loss.pcap" | sed 's/^/    /'
	fail=$((fail + 1))
fi

echo "lab: $pass passed, $fail failed"
[ $fail = 0 ]
