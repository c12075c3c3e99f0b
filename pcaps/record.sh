#!/bin/bash
# Re-record the bundled captures from the real kernels of the namespace lab
# (tests/lab/lib.sh). Usage: pcaps/record.sh [OUTDIR [NAME...]]   (default: this
# directory, every capture; NAMEs pick some, e.g. `pcaps/record.sh pcaps vxlan`)
#
# Each capture gets a fresh lab, so no neighbour entry, learned path MTU, ICMP rate-limit
# token or nftables counter leaks from one capture into the next, and every capture holds
# the same number of packets on every run (checked against the table below). Files are
# written to a temporary directory and copied to OUTDIR only when all of them check out.
# Needs root and: iproute2 tcpdump iputils-ping nftables hping3 radvd ndisc6
# tcpreplay ethtool.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here}")
pick=("${@:2}")
# shellcheck source=tests/lab/lib.sh
. "$here/../tests/lab/lib.sh"

lab_require || exit 1
for tool in tcpdump ping nft hping3 radvd rdisc6 tcprewrite ethtool; do
	command -v "$tool" >/dev/null || { echo "record.sh: $tool not found" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d)
lab_on_exit() { rm -rf "$work"; }
lab_traps

# Expected packet count of each capture (tcpdump -nn -r FILE | wc -l).
declare -A want=(
	[echo4]=12 [echo6]=12 [ttl-exceeded]=18 [frag-needed]=12 [packet-too-big]=12
	[port-unreachable]=16 [admin-prohibited]=16 [nd-ra]=12 [loss]=36 [vlan]=12
	[timestamp]=8 [mixed-any]=26 [vxlan]=20
)
done_names=()

# picked NAME: the capture was asked for (all are when no NAME was given).
picked()
{
	local n
	[ "${#pick[@]}" = 0 ] && return 0
	for n in "${pick[@]}"; do [ "$n" = "$1" ] && return 0; done
	return 1
}

cap_pid=
# cap_start NS FILE TCPDUMP-ARGS...: start tcpdump and return once it is capturing.
cap_start()
{
	local ns=$1 file=$2 err=$2.err
	shift 2
	# One log per capture: a shared one could still show the previous capture's
	# "listening on" line before the background job's own 2> truncates it.
	# Not through a shell function: $! must be tcpdump itself (ip netns exec execs it),
	# because a subshell would hold SIGINT until its child exits.
	ip netns exec "$ns" tcpdump -U --immediate-mode -s 2048 -Z root \
		--time-stamp-precision=nano -w "$file" "$@" 2>"$err" &
	cap_pid=$!
	for _ in $(seq 100); do
		grep -qs '^tcpdump: listening on' "$err" && return 0
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.05
	done
	cat "$err" >&2
	echo "record.sh: tcpdump did not start" >&2
	return 1
}

# cap_stop: give the last packet time to reach the file, then stop tcpdump cleanly.
cap_stop()
{
	sleep 0.3
	kill -INT "$cap_pid"
	wait "$cap_pid"
	cap_pid=
}

# record NAME NS BODY TCPDUMP-ARGS...: fresh lab, capture in NS while BODY runs, check.
# A function BODY_setup, if there is one, runs before the lab settles (devices whose
# creation makes noise of its own).
record()
{
	local name=$1 ns=$2 body=$3
	shift 3
	picked "$name" || return 0
	echo "== $name"
	lab_up
	if declare -F "${body}_setup" >/dev/null; then "${body}_setup"; fi
	lab_settle 2.5
	cap_start "$ns" "$work/$name.pcap" "$@"
	"$body"
	cap_stop
	lab_down
	check "$name"
	done_names+=("$name")
}

# check NAME: the capture must read back with exactly the expected number of packets.
check()
{
	local file="$work/$1.pcap" n
	n=$(tcpdump -nn -r "$file" 2>/dev/null | grep -c "^[0-9]")
	if [ "$n" -eq 0 ] || [ "$n" -ne "${want[$1]}" ]; then
		tcpdump -nn -r "$file" >&2 || true
		echo "record.sh: $1.pcap has $n packets, expected ${want[$1]}" >&2
		return 1
	fi
	echo "   $n packets"
}

C() { lab_exec "$LAB_CLIENT" "$@"; }
R() { lab_exec "$LAB_ROUTER" "$@"; }
S() { lab_exec "$LAB_SERVER" "$@"; }
ping_q() { C ping -n -q -i 0.2 -W 1 "$@" >/dev/null; }

# 5 echo request/reply pairs after ARP (or ND) resolution of the router.
body_echo4() { ping_q -c 5 "$LAB_S_IP4"; }
body_echo6() { ping_q -6 -c 5 "$LAB_S_IP6"; }

# TTL / hop limit 1: the router answers time-exceeded (v4 quoting ICMP and UDP, v6).
body_ttl_exceeded()
{
	ping_q -c 3 -t 1 "$LAB_S_IP4" || true
	C hping3 -n -q --udp -t 1 -s 33000 -k -p 33434 -c 1 "$LAB_S_IP4" >/dev/null 2>&1 || true
	ping_q -6 -c 3 -t 1 "$LAB_S_IP6" || true
}

# The router-server link runs at MTU 1280: the first DF request gets frag-needed, the
# second fails locally (EMSGSIZE, never on the wire); then -M want pings go out in
# fragments and come back in fragments.
mtu_1280() { R ip link set "$LAB_R_SIF" mtu 1280; S ip link set "$LAB_S_IF" mtu 1280; }
body_frag_needed()
{
	mtu_1280
	ping_q -c 2 -M "do" -s 1400 "$LAB_S_IP4" 2>/dev/null || true
	ping_q -c 2 -M want -s 1400 "$LAB_S_IP4"
}
# v6: the first request gets packet-too-big; the next two leave the client fragmented.
body_packet_too_big()
{
	mtu_1280
	ping_q -6 -c 3 -s 1400 "$LAB_S_IP6" || true
}

# UDP to a closed port, sent with bash's /dev/udp redirection (no extra tool). Checksum
# offload is off on the client's veth: otherwise the capture (and the datagram quoted back
# in the ICMP error) would hold the unfinished pseudo-header checksum of CHECKSUM_PARTIAL.
body_port_unreachable()
{
	C ethtool -K "$LAB_C_IF" tx off >/dev/null
	# shellcheck disable=SC2016 # expanded by the inner bash
	C bash -c 'for i in 1 2 3; do echo "probe $i" >"/dev/udp/$0/33434"; sleep 0.1; done
		   for i in 1 2 3; do echo "probe $i" >"/dev/udp/$1/33434"; sleep 0.1; done' \
		"$LAB_S_IP4" "$LAB_S_IP6"
	sleep 0.2
}

body_admin_prohibited()
{
	R nft -f - <<-EOF
	table inet iklab {
		chain forward {
			type filter hook forward priority filter; policy accept;
			ip daddr $LAB_S_IP4 reject with icmp type admin-prohibited
			ip6 daddr $LAB_S_IP6 reject with icmpv6 type admin-prohibited
		}
	}
	EOF
	ping_q -c 3 "$LAB_S_IP4" || true
	ping_q -6 -c 3 "$LAB_S_IP6" || true
}

# radvd on the router: its first unsolicited RA; an RS from rdisc6 (no SLLA option, so
# the router resolves the client with NS/NA) and the solicited unicast RA; NS/NA and 2
# echoes from a ping with empty neighbour caches; and the final RA with router
# lifetime 0 that radvd sends when it stops. MinRtrAdvInterval 30 keeps the second
# unsolicited RA (16 s after the first) out of the capture.
body_nd_ra()
{
	local pid
	cat >"$work/radvd.conf" <<-EOF
	interface $LAB_R_CIF {
		AdvSendAdvert on;
		MinRtrAdvInterval 30;
		MaxRtrAdvInterval 100;
		AdvLinkMTU 1500;
		prefix 2001:db8:1::/64 { AdvOnLink on; AdvAutonomous on; };
		route 2001:db8:2::/64 { };
		RDNSS 2001:db8:1::53 { };
	};
	EOF
	ip netns exec "$LAB_ROUTER" radvd -n -m stderr -C "$work/radvd.conf" \
		-p "$work/radvd.pid" 2>"$work/radvd.log" &
	pid=$!
	sleep 1
	C rdisc6 -n -1 -r 1 -w 5000 "$LAB_C_IF" >/dev/null
	lab_flush_neigh
	ping_q -6 -c 2 "$LAB_RC_IP6"
	kill -TERM "$pid"
	wait "$pid" || true
}

# 20 pings; the server's nftables drops requests 3, 6 and 9 of every 10 (30 %). numgen inc
# rather than numgen random, so that the counts are the same on every run.
body_loss()
{
	S nft -f - <<-'EOF'
	table inet iklab {
		chain input {
			type filter hook input priority filter; policy accept;
			icmp type echo-request numgen inc mod 10 { 2, 5, 8 } drop
		}
	}
	EOF
	ping_q -c 20 "$LAB_S_IP4" || true
}

# 802.1Q. This lab's kernel has no 8021q (nor tc classifiers or bridge VLAN filtering),
# so no kernel can put a tag on the wire: the client pings 198.51.100.129 over the plain veth
# and tcprewrite then inserts the VLAN 100 tag into every frame (it writes microsecond
# timestamps, so this one file is not nanosecond-precision).
body_vlan()
{
	C ip addr add 198.51.100.130/25 dev "$LAB_C_IF"
	R ip addr add 198.51.100.129/25 dev "$LAB_R_CIF"
	ping_q -c 5 198.51.100.129
}
vlan_tag()
{
	picked vlan || return 0
	mv "$work/vlan.pcap" "$work/vlan-untagged.pcap"
	tcprewrite --enet-vlan=add --enet-vlan-tag=100 --enet-vlan-pri=0 --enet-vlan-cfi=0 \
		-i "$work/vlan-untagged.pcap" -o "$work/vlan.pcap" 2>/dev/null
	if [ "$(tcpdump -nn -r "$work/vlan.pcap" 'vlan 100' 2>/dev/null | wc -l)" -ne "${want[vlan]}" ]; then
		echo "record.sh: vlan.pcap: not every frame carries the VLAN 100 tag" >&2
		return 1
	fi
	check vlan
}

# ICMP timestamp request/reply (type 13/14), answered by the server's kernel.
body_timestamp()
{
	C hping3 -n -q --icmp --icmp-ts -c 3 -i u200000 "$LAB_S_IP4" >/dev/null 2>&1 || true
	sleep 0.2
}

# The router's view with -i any as LINUX_SLL2: each packet twice, on both interfaces.
body_mixed_any()
{
	ping_q -c 2 "$LAB_S_IP4"
	ping_q -6 -c 2 "$LAB_S_IP6"
}

# VXLAN between the client and the router, the one tunnel this lab's kernel has (it has no
# gre, ipip, sit, ip6tnl or geneve; pcaps/tunnels.pcap covers those, built by
# tests/gen/hostile.c).  vx0: VNI 42 on UDP 4789 over IPv4, overlay 203.0.113.128/26 and
# 2001:db8:42::/64; vx1: VNI 7 on Linux's old port 8472 over IPv6, overlay 203.0.113.192/26,
# IPv4 only.  The client routes the server's address through vx0, so a TTL 1 echo makes the
# router answer time-exceeded back through the tunnel.  Fixed MACs keep frames repeatable.
vxlan_ok()
{
	local ns=${LAB_PREFIX}-vxprobe ok=0
	ip netns add "$ns" || return 1
	ip -n "$ns" link add vxprobe type vxlan id 1 dstport 4789 local 203.0.113.129 \
		2>/dev/null && ok=1
	ip netns del "$ns"
	[ "$ok" = 1 ]
}
body_vxlan_setup()
{
	C ip link add vx0 address 02:00:00:00:42:02 type vxlan id 42 dstport 4789 \
		local "$LAB_C_IP4" remote "$LAB_RC_IP4" dev "$LAB_C_IF"
	R ip link add vx0 address 02:00:00:00:42:01 type vxlan id 42 dstport 4789 \
		local "$LAB_RC_IP4" remote "$LAB_C_IP4" dev "$LAB_R_CIF"
	C ip link add vx1 address 02:00:00:00:07:02 type vxlan id 7 dstport 8472 \
		local "$LAB_C_IP6" remote "$LAB_RC_IP6" dev "$LAB_C_IF"
	R ip link add vx1 address 02:00:00:00:07:01 type vxlan id 7 dstport 8472 \
		local "$LAB_RC_IP6" remote "$LAB_C_IP6" dev "$LAB_R_CIF"
	C sysctl -qw net.ipv6.conf.vx1.disable_ipv6=1
	R sysctl -qw net.ipv6.conf.vx1.disable_ipv6=1
	C ip addr add 203.0.113.130/26 dev vx0
	R ip addr add 203.0.113.129/26 dev vx0
	C ip addr add 2001:db8:42::2/64 dev vx0 nodad
	R ip addr add 2001:db8:42::1/64 dev vx0 nodad
	C ip addr add 203.0.113.194/26 dev vx1
	R ip addr add 203.0.113.193/26 dev vx1
	C ip link set vx0 up
	R ip link set vx0 up
	C ip link set vx1 up
	R ip link set vx1 up
	C ip route add "$LAB_S_IP4/32" via 203.0.113.129 dev vx0
	# Underlay neighbours resolved now: the capture holds tunnel traffic only.
	ping_q -c 1 "$LAB_RC_IP4"
	ping_q -6 -c 1 "$LAB_RC_IP6"
}
# 2 v4 and 2 v6 echoes through vx0 (after ARP/ND inside the tunnel), 2 v4 echoes through
# vx1 (ARP inside), and one TTL 1 echo to the server answered by the router's
# time-exceeded through vx0.
body_vxlan()
{
	ping_q -c 2 203.0.113.129
	ping_q -6 -c 2 2001:db8:42::1
	ping_q -c 2 203.0.113.193
	ping_q -c 1 -t 1 "$LAB_S_IP4" || true
}

record echo4 "$LAB_CLIENT" body_echo4 -i "$LAB_C_IF"
record echo6 "$LAB_CLIENT" body_echo6 -i "$LAB_C_IF"
record ttl-exceeded "$LAB_CLIENT" body_ttl_exceeded -i "$LAB_C_IF"
record frag-needed "$LAB_CLIENT" body_frag_needed -i "$LAB_C_IF"
record packet-too-big "$LAB_CLIENT" body_packet_too_big -i "$LAB_C_IF"
record port-unreachable "$LAB_CLIENT" body_port_unreachable -i "$LAB_C_IF"
record admin-prohibited "$LAB_CLIENT" body_admin_prohibited -i "$LAB_C_IF"
record nd-ra "$LAB_CLIENT" body_nd_ra -i "$LAB_C_IF"
record loss "$LAB_CLIENT" body_loss -i "$LAB_C_IF"
record vlan "$LAB_CLIENT" body_vlan -i "$LAB_C_IF"
vlan_tag
record timestamp "$LAB_CLIENT" body_timestamp -i "$LAB_C_IF"
record mixed-any "$LAB_ROUTER" body_mixed_any -i any -y LINUX_SLL2
if vxlan_ok; then
	record vxlan "$LAB_CLIENT" body_vxlan -i "$LAB_C_IF"
else
	echo "== vxlan: SKIPPED: this kernel cannot create VXLAN devices"
fi

for name in "${done_names[@]}"; do
	install -m 644 "$work/$name.pcap" "$out/$name.pcap"
done
echo "recorded ${#done_names[@]} captures into $out"
