# shellcheck shell=bash
# Namespace lab for icmpkit tests: source this file, call lab_require, then lab_up
# (from a script running under set -e: a failing step then exits and the trap cleans up).
#
#   client (LAB_CLIENT)                router (LAB_ROUTER)                 server (LAB_SERVER)
#   LAB_C_IF 198.51.100.2/24  <-veth->  LAB_R_CIF 198.51.100.1/24
#            2001:db8:1::2/64                     2001:db8:1::1/64
#                                       LAB_R_SIF 203.0.113.1/24  <-veth->  LAB_S_IF 203.0.113.2/24
#                                                 2001:db8:2::1/64                   2001:db8:2::2/64
#
# Only documentation prefixes are used and everything lives in namespaces created here;
# lab_up installs an EXIT/INT/TERM trap that calls lab_down. The host's interfaces are never
# touched. To keep captures repeatable the lab silences background chatter: no DAD, no kernel
# router solicitations, RAs ignored by client and server, and a long neighbour
# delay_first_probe_time so that no NUD probe lands inside a short test.

LAB_PREFIX=${LAB_PREFIX:-ik$$}
LAB_CLIENT=$LAB_PREFIX-client LAB_ROUTER=$LAB_PREFIX-router LAB_SERVER=$LAB_PREFIX-server
LAB_C_IF=${LAB_PREFIX}c LAB_R_CIF=${LAB_PREFIX}rc LAB_R_SIF=${LAB_PREFIX}rs LAB_S_IF=${LAB_PREFIX}s
LAB_C_IP4=198.51.100.2 LAB_RC_IP4=198.51.100.1 LAB_S_IP4=203.0.113.2 LAB_RS_IP4=203.0.113.1
LAB_C_IP6=2001:db8:1::2 LAB_RC_IP6=2001:db8:1::1 LAB_S_IP6=2001:db8:2::2 LAB_RS_IP6=2001:db8:2::1
# Fixed, locally administered MACs: link-local addresses and recorded frames stay the same.
LAB_C_MAC=02:00:00:00:01:02 LAB_RC_MAC=02:00:00:00:01:01
LAB_S_MAC=02:00:00:00:02:02 LAB_RS_MAC=02:00:00:00:02:01
export LAB_PREFIX LAB_CLIENT LAB_ROUTER LAB_SERVER LAB_C_IF LAB_R_CIF LAB_R_SIF LAB_S_IF \
	LAB_C_IP4 LAB_RC_IP4 LAB_S_IP4 LAB_RS_IP4 LAB_C_IP6 LAB_RC_IP6 LAB_S_IP6 LAB_RS_IP6 \
	LAB_C_MAC LAB_RC_MAC LAB_S_MAC LAB_RS_MAC

# lab_require: print "SKIP: why" and fail when the lab cannot run here.
lab_require()
{
	local probe=${LAB_PREFIX}-probe
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: namespace lab needs root" >&2
		return 1
	fi
	if ! command -v ip >/dev/null || ! ip netns add "$probe" 2>/dev/null; then
		echo "SKIP: 'ip netns' is not usable here" >&2
		return 1
	fi
	ip netns del "$probe"
}

# lab_exec NS CMD...: run CMD inside namespace NS.
lab_exec()
{
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# Sysctls set in a namespace before its links exist, so that new devices inherit them.
_lab_ns()
{
	local ns=$1 fwd=$2
	ip netns add "$ns"
	lab_exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
		net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
		net.ipv4.ip_forward="$fwd" net.ipv6.conf.all.forwarding="$fwd"
	lab_exec "$ns" ip link set lo up
}

# _lab_if NS IF ADDR4 ADDR6 GW4 GW6: address an interface (no DAD) and add default routes.
_lab_if()
{
	local ns=$1 dev=$2
	lab_exec "$ns" sysctl -qw "net/ipv4/neigh/$dev/delay_first_probe_time=60" \
		"net/ipv6/neigh/$dev/delay_first_probe_time=60"
	lab_exec "$ns" ip addr add "$3/24" dev "$dev"
	lab_exec "$ns" ip addr add "$4/64" dev "$dev" nodad
	lab_exec "$ns" ip link set "$dev" up
	if [ -n "${5:-}" ]; then
		lab_exec "$ns" ip route add default via "$5"
		lab_exec "$ns" ip -6 route add default via "$6"
	fi
}

# On exit: lab_down, then the caller's own lab_on_exit function if it defines one.
_lab_exit()
{
	lab_down
	if declare -F lab_on_exit >/dev/null; then lab_on_exit; fi
}

# lab_traps: clean up on exit, also when interrupted (lab_up calls it).
lab_traps()
{
	trap _lab_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# lab_up: build the three namespaces; lab_down runs on exit (calling lab_up again after
# lab_down gives a fresh lab under the same names).
lab_up()
{
	lab_traps
	_lab_ns "$LAB_CLIENT" 0
	_lab_ns "$LAB_ROUTER" 1
	_lab_ns "$LAB_SERVER" 0
	# The veth ends are created directly inside their namespaces: no name ever
	# appears in the host namespace.
	ip link add "$LAB_C_IF" address "$LAB_C_MAC" netns "$LAB_CLIENT" type veth \
		peer "$LAB_R_CIF" address "$LAB_RC_MAC" netns "$LAB_ROUTER"
	ip link add "$LAB_S_IF" address "$LAB_S_MAC" netns "$LAB_SERVER" type veth \
		peer "$LAB_R_SIF" address "$LAB_RS_MAC" netns "$LAB_ROUTER"
	_lab_if "$LAB_ROUTER" "$LAB_R_CIF" "$LAB_RC_IP4" "$LAB_RC_IP6"
	_lab_if "$LAB_ROUTER" "$LAB_R_SIF" "$LAB_RS_IP4" "$LAB_RS_IP6"
	_lab_if "$LAB_CLIENT" "$LAB_C_IF" "$LAB_C_IP4" "$LAB_C_IP6" "$LAB_RC_IP4" "$LAB_RC_IP6"
	_lab_if "$LAB_SERVER" "$LAB_S_IF" "$LAB_S_IP4" "$LAB_S_IP6" "$LAB_RS_IP4" "$LAB_RS_IP6"
}

# lab_settle: wait out the MLD reports that new addresses trigger (robustness 2, 1 s
# interval), so that a capture started afterwards sees only what the test sends.
lab_settle()
{
	sleep "${1:-2.5}"
}

# lab_flush_neigh: forget every neighbour, so the next packet starts with ARP / ND.
lab_flush_neigh()
{
	local ns
	for ns in "$LAB_CLIENT" "$LAB_ROUTER" "$LAB_SERVER"; do
		lab_exec "$ns" ip neigh flush all 2>/dev/null || true
	done
}

# lab_down: remove the namespaces (their links, routes and nftables rules go with them).
lab_down()
{
	local ns
	for ns in "$LAB_CLIENT" "$LAB_ROUTER" "$LAB_SERVER"; do
		if [ -e "/run/netns/$ns" ]; then
			# Processes left in the namespace (tcpdump, radvd) would keep it alive.
			ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
			ip netns del "$ns" 2>/dev/null || true
		fi
	done
}

# lab_test_start NAME [SETTLE]: the start shared by the lab test scripts.
# Where the lab cannot run it says SKIP loudly and exits 0; otherwise it
# builds a fresh lab, makes $out (removed on exit) and the counters that
# ok, bad and lab_test_end use.
lab_test_start()
{
	LAB_TEST=$1
	if ! lab_require; then
		echo "################################################################"
		printf '# %-61s#\n' "$LAB_TEST lab: SKIPPED -- needs root and network namespaces."
		printf '# %-61s#\n' "Run 'sudo make lab' (CI runs it as root)."
		echo "################################################################"
		exit 0
	fi
	out=$(mktemp -d)
	lab_on_exit() { rm -rf "$out"; }
	set -e
	lab_up
	lab_settle "${2:-1}"
	set +e
	pass=0 fail=0
}
ok() { pass=$((pass + 1)); }
bad()
{
	echo "$LAB_TEST lab: FAIL: $*"
	fail=$((fail + 1))
}
# lab_test_end [NOTE]: the summary line (NOTE after it); the status says
# whether all passed.
lab_test_end()
{
	echo "$LAB_TEST lab: $pass passed, $fail failed${1:+ $1}"
	[ "$fail" -eq 0 ]
}
