#!/usr/bin/env bash
# `sudo make lab-demo`: a live tour of icmpkit against real kernels, in three
# network namespaces joined by veth pairs (tests/lab/lib.sh):
#
#   client 198.51.100.2 --- 198.51.100.1 router 203.0.113.1 --- 203.0.113.2 server
#
# Every packet is sent inside the namespaces this script creates, between
# documentation addresses; the namespaces are removed on exit, also on ^C or
# a failure.  Nothing is sent from the host's own namespace.
set -eu
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
if ! lab_require 2>/dev/null; then
	echo "icmpkit lab-demo: needs root and network namespaces; run: sudo make lab-demo" >&2
	exit 2
fi
out=$(mktemp -d)
# Runs after lab_down (the EXIT trap of lib.sh).
lab_on_exit() {
	rm -rf "$out"
	if ip netns list | grep -q "^$LAB_PREFIX-"; then
		echo "icmpkit lab-demo: namespaces left behind: $(ip netns list | grep "^$LAB_PREFIX-")" >&2
	else
		echo "==> Lab removed: no ${LAB_PREFIX}-* namespace left (ip netns list)."
	fi
}

say() { printf '\n==> %s\n' "$*"; }
# typed NS ARGS...: the icmpkit command line as a user would type it in NS.
typed() {
	local ns=$1 a line="icmpkit"
	shift
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
			line+=" $a"
		else
			line+=" '$a'"
		fi
	done
	printf '[%s]# %s\n' "${ns#"$LAB_PREFIX"-}" "$line"
}
# show NS CMD...: print the command, then run it in NS.
show() {
	typed "$@"
	local ns=$1
	shift
	ip netns exec "$ns" "$bin" "$@"
}
# sniff_bg NAME NS ARGS...: icmpkit sniff in NS in the background, its output in
# $out/NAME.{out,err}; returns once it is listening.  `timeout` bounds it, so a
# lost packet cannot hang the demo.
sniff_pid=
sniff_bg() {
	local name=$1 ns=$2 _
	shift 2
	printf '%s &\n' "$(typed "$ns" sniff "$@")"
	ip netns exec "$ns" timeout 10 "$bin" sniff "$@" >"$out/$name.out" 2>"$out/$name.err" &
	sniff_pid=$!
	for _ in $(seq 100); do
		grep -q '^listening on' "$out/$name.err" && return 0
		kill -0 "$sniff_pid" 2>/dev/null || break
		sleep 0.05
	done
	cat "$out/$name.err" >&2
	echo "icmpkit lab-demo: sniff did not start" >&2
	exit 2
}
# sniff_wait NAME: wait for the background sniff (it stops at its -c count),
# then print what it printed, indented.
sniff_wait() {
	wait "$sniff_pid" || true
	echo "    --- sniff output:"
	sed 's/^/    /' "$out/$1.out" "$out/$1.err"
}

C=$LAB_CLIENT R=$LAB_ROUTER S=$LAB_SERVER
start=$(date +%s.%N)

say "Building the lab: namespaces client, router and server, joined by veth pairs."
lab_up
echo "    client $LAB_C_IF $LAB_C_IP4 $LAB_C_IP6 (MAC $LAB_C_MAC)"
echo "    router $LAB_R_CIF $LAB_RC_IP4 (MAC $LAB_RC_MAC) / $LAB_R_SIF $LAB_RS_IP4"
echo "    server $LAB_S_IF $LAB_S_IP4 $LAB_S_IP6"

say "1. sniff on the server while the client pings it (sniff stops after 4 messages; 'icmp' is a BPF filter, IPv4 only)."
sniff_bg server "$S" -i "$LAB_S_IF" -c 4 icmp
show "$C" ping -c 2 -i 0.2 "$LAB_S_IP4"
sniff_wait server

say "2. Crafting: a timestamp request as a dry run (-w FILE: no privileges, nothing sent), decoded by read -v."
show "$C" send -q -w "$out/ts.pcap" --type timestamp-request --id 7 --seq 1 "$LAB_S_IP4"
show "$C" read -v "$out/ts.pcap"

say "   ... now sent for real: the server's kernel answers with its clock (sniff on the client)."
sniff_bg ts "$C" -i "$LAB_C_IF" -c 2 icmp
show "$C" send --type timestamp-request "$LAB_S_IP4"
sniff_wait ts

say "   ... an echo request with TTL 1: the router answers time-exceeded, quoting it (sniff -v shows the quote)."
sniff_bg ttl "$C" -i "$LAB_C_IF" -v -c 2 icmp
show "$C" send -t 1 "$LAB_S_IP4"
sniff_wait ttl

say "3. ping: RTTs from the kernel's capture timestamps of request and reply, then the statistics."
show "$C" ping -c 5 -i 0.2 --histogram "$LAB_S_IP4"
say "   ... the same over IPv6, as JSON Lines (one object per reply, then the summary)."
show "$C" ping -6 -j -c 3 -i 0.2 "$LAB_S_IP6"
say "   ... with TTL 1 nothing answers but the router: exit status 1, as iputils ping."
rc=0
show "$C" ping -c 1 -t 1 -W 1 "$LAB_S_IP4" || rc=$?
echo "    (exit status $rc)"

say "4. replay: the echo requests of pcaps/echo4.pcap put back onto the client's veth, addressed to the router's MAC; sniff on the router sees them come in and the server's real replies go back."
sniff_bg replay "$R" -i "$LAB_R_CIF" -c 10 icmp
show "$C" replay -i "$LAB_C_IF" --dst-mac "$LAB_RC_MAC" pcaps/echo4.pcap 'icmp[icmptype] == icmp-echo'
sniff_wait replay

end=$(date +%s.%N)
say "Done in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s; removing the lab."
