# shellcheck shell=bash
# The trace lab's chain of seven namespaces (client, five routers, server),
# IPv4 and IPv6, the kernels as routers: sourced by tests/lab/trace.sh and
# bench/run.sh (its trace row), after tests/lab/lib.sh.
#
#   client -l0- r1 -l1- r2 -l2- r3 -l3- r4 -l4- r5 -l5- server
#   link i: 198.51.100.(16i+1)/28 left, .(16i+2) right
#           2001:db8:10:i::1/64 left, ::2 right
#
# chain_up P: builds it under the prefix P; NS holds the namespaces (client
# first, server last), S4/S6 the server's addresses.  chain_down removes
# every namespace in NS (also ones a test appended).

v4() { echo "198.51.100.$((16 * $1 + $2))"; }
v6() { echo "2001:db8:10:$1::$2"; }

_chain_link()
{
	local i=$1 a=${NS[$1]} b=${NS[$(($1 + 1))]}
	ip link add "${P}l${i}a" netns "$a" type veth peer "${P}l${i}b" netns "$b"
	lab_exec "$a" ip addr add "$(v4 "$i" 1)/28" dev "${P}l${i}a"
	lab_exec "$a" ip addr add "$(v6 "$i" 1)/64" dev "${P}l${i}a" nodad
	lab_exec "$a" ip link set "${P}l${i}a" up
	lab_exec "$b" ip addr add "$(v4 "$i" 2)/28" dev "${P}l${i}b"
	lab_exec "$b" ip addr add "$(v6 "$i" 2)/64" dev "${P}l${i}b" nodad
	lab_exec "$b" ip link set "${P}l${i}b" up
}

chain_up()
{
	local i
	P=$1
	NS=("$P-c" "$P-r1" "$P-r2" "$P-r3" "$P-r4" "$P-r5" "$P-s")
	for i in 0 1 2 3 4 5 6; do
		_lab_ns "${NS[$i]}" $([ "$i" -ge 1 ] && [ "$i" -le 5 ] && echo 1 || echo 0) || return 1
	done
	for i in 0 1 2 3 4 5; do
		_chain_link "$i" || return 1
	done
	# Towards the server: each node's default route is its right
	# neighbour; back to the client: the routers route link 0 to their
	# left neighbour.
	for i in 0 1 2 3 4 5; do
		lab_exec "${NS[$i]}" ip route add default via "$(v4 "$i" 2)" || return 1
		lab_exec "${NS[$i]}" ip -6 route add default via "$(v6 "$i" 2)" || return 1
	done
	for i in 2 3 4 5; do
		lab_exec "${NS[$i]}" ip route add 198.51.100.0/28 via "$(v4 $((i - 1)) 1)" || return 1
		lab_exec "${NS[$i]}" ip -6 route add 2001:db8:10:0::/64 via "$(v6 $((i - 1)) 1)" || return 1
	done
	lab_exec "${NS[6]}" ip route add default via "$(v4 5 1)" || return 1
	lab_exec "${NS[6]}" ip -6 route add default via "$(v6 5 1)" || return 1
	S4=$(v4 5 2) S6=$(v6 5 2)
}

chain_down()
{
	local ns
	for ns in "${NS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
}
