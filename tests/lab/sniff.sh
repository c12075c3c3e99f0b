#!/usr/bin/env bash
# Lab tests of icmpkit sniff (root): real kernels in network namespaces
# send, answer and complain; icmpkit captures it live and must decode it.
set -u
cd "$(dirname "$0")/../.."
bin=$(realpath "${ICMPKIT:-./icmpkit}")
. tests/lab/lib.sh
lab_test_start sniff 2.5
chmod 1777 "$out" # sniff writes its files as nobody
C() { lab_exec "$LAB_CLIENT" "$@"; }
R() { lab_exec "$LAB_ROUTER" "$@"; }
S() { lab_exec "$LAB_SERVER" "$@"; }

# sniff_start NAME NS ARGS...: icmpkit sniff in NS, stdout/stderr in
# $out/NAME.{out,err}; returns once it is listening.
sniff_pid=
sniff_start() {
	local name=$1 ns=$2 i
	shift 2
	ip netns exec "$ns" "$bin" sniff "$@" >"$out/$name.out" 2>"$out/$name.err" &
	sniff_pid=$!
	for i in $(seq 100); do
		grep -q '^listening on' "$out/$name.err" && return 0
		kill -0 "$sniff_pid" 2>/dev/null || break
		sleep 0.05
	done
	bad "$name: sniff did not start: $(cat "$out/$name.err")"
	return 1
}
# sniff_stop [SIGNAL]: stop it (SIGINT by default) and wait for it.
sniff_stop() {
	sleep 0.3
	kill -"${1:-INT}" "$sniff_pid" 2>/dev/null
	wait "$sniff_pid"
	local rc=$?
	sniff_pid=
	return $rc
}
# jqf NAME EXPR: the JSON lines of NAME, slurped, satisfy EXPR.
jqf() { jq -se "$2" "$out/$1.out" >/dev/null 2>&1; }

# 1. Exact counts: N kernel pings, 2N messages, every reply matched.
N=10
sniff_start count "$LAB_CLIENT" -i "$LAB_C_IF" -j &&
	C ping -n -q -c $N -i 0.05 "$LAB_S_IP4" >/dev/null
sniff_stop; rc=$?
[ $rc -eq 0 ] && ok || bad "count: exit $rc"
jqf count "length == $((2 * N)) and (map(select(.name == \"echo-reply\" and .rtt_ms > 0)) | length) == $N" &&
	ok || bad "count: expected $((2 * N)) messages and $N matched replies, got $(wc -l <"$out/count.out")"
grep -q "^$((2 * N)) packets captured, [0-9]* received by filter, 0 dropped by kernel, [0-9]* dropped by interface$" "$out/count.err" &&
	ok || bad "count: statistics line: $(tail -1 "$out/count.err")"

# 2. Errors made by real kernels, captured on the client's link.
sniff_start errors "$LAB_CLIENT" -i "$LAB_C_IF" -j -vv &&
{
	C ping -n -q -c 1 -t 1 "$LAB_S_IP4" >/dev/null
	C ping -6 -n -q -c 1 -t 1 "$LAB_S_IP6" >/dev/null
	R ip link set "$LAB_R_SIF" mtu 1280
	S ip link set "$LAB_S_IF" mtu 1280
	C ping -n -q -c 1 -W 1 -M do -s 1400 "$LAB_S_IP4" >/dev/null
	C ping -6 -n -q -c 1 -W 1 -s 1400 "$LAB_S_IP6" >/dev/null
	C bash -c 'echo x >/dev/udp/$0/33434; echo x >/dev/udp/$1/33434' "$LAB_S_IP4" "$LAB_S_IP6"
	R nft -f - <<-EOF
	table inet iksniff {
		chain forward {
			type filter hook forward priority filter; policy accept;
			ip daddr $LAB_S_IP4 icmp type echo-request reject with icmp type admin-prohibited
			ip6 daddr $LAB_S_IP6 icmpv6 type echo-request reject with icmpv6 type admin-prohibited
		}
	}
	EOF
	C ping -n -q -c 1 -W 1 "$LAB_S_IP4" >/dev/null
	C ping -6 -n -q -c 1 -W 1 "$LAB_S_IP6" >/dev/null
	R nft delete table inet iksniff
	# Router advertisement and neighbour discovery.
	cat >"$out/radvd.conf" <<-EOF
	interface $LAB_R_CIF {
		AdvSendAdvert on;
		MinRtrAdvInterval 30;
		MaxRtrAdvInterval 100;
		prefix 2001:db8:1::/64 { };
	};
	EOF
	R radvd -n -m stderr -C "$out/radvd.conf" -p "$out/radvd.pid" 2>/dev/null &
	radvd_pid=$!
	sleep 1
	C rdisc6 -n -1 -r 1 -w 3000 "$LAB_C_IF" >/dev/null
	kill "$radvd_pid"; wait "$radvd_pid" 2>/dev/null
	lab_flush_neigh
	C ping -6 -n -q -c 1 "$LAB_RC_IP6" >/dev/null
}
sniff_stop
for t in \
	'time-exceeded v4|.ip == 4 and .name == "time-exceeded" and .src == "198.51.100.1" and .quoted.type == 8' \
	'time-exceeded v6|.ip == 6 and .name == "time-exceeded" and .quoted.type == 128' \
	'frag-needed|.type == 3 and .code == 4 and .mtu == 1280' \
	'packet-too-big|.proto == "icmp6" and .type == 2 and .mtu == 1280' \
	'port-unreachable v4|.ip == 4 and .type == 3 and .code == 3 and .quoted.proto == "udp" and .quoted.dport == 33434' \
	'port-unreachable v6|.proto == "icmp6" and .type == 1 and .code == 4 and .quoted.dport == 33434' \
	'admin-prohibited v4|.type == 3 and .code == 13' \
	'admin-prohibited v6|.proto == "icmp6" and .type == 1 and .code == 1' \
	'router solicitation|.name == "router-solicitation"' \
	'router advertisement with prefix|.name == "router-advertisement" and (.options | map(.name) | index("prefix-info") != null)' \
	'neighbor solicitation|.name == "neighbor-solicitation"' \
	'neighbor advertisement|.name == "neighbor-advertisement"' \
	'checksums|.checksum != "bad"'; do
	name=${t%%|*} expr=${t#*|}
	jqf errors "map(select($expr)) | length > 0" && ok || bad "errors: no $name"
done

# 3. 802.1Q: this kernel has no 8021q module, so the tagged frames of
# pcaps/vlan.pcap are put on the router's end of the link with tcpreplay
# and captured on the client's end.
sniff_start vlan "$LAB_CLIENT" -i "$LAB_C_IF" -j &&
	R tcpreplay -q -i "$LAB_R_CIF" pcaps/vlan.pcap >/dev/null 2>&1
sniff_stop
want=$("$bin" read pcaps/vlan.pcap | wc -l)
jqf vlan "length == $want and all(.vlan == [100])" && ok ||
	bad "vlan: expected $want tagged messages, got $(wc -l <"$out/vlan.out")"

# 3b. Short counted runs (-c up to 1000, default filter and buffer) read
#     from a plain packet socket, not a libpcap handle (capture/plain.c):
#     the same messages.  The kernel takes 802.1Q tags off before a packet
#     socket sees the frame; they are put back (all of vlan.pcap, tag 100,
#     the run ending by its count); on lo each message once (the outgoing
#     copies left out, as libpcap does); the statistics line as libpcap's.
sniff_start vlanc "$LAB_CLIENT" -i "$LAB_C_IF" -j -c "$want" &&
	R tcpreplay -q -i "$LAB_R_CIF" pcaps/vlan.pcap >/dev/null 2>&1
for i in $(seq 40); do kill -0 "$sniff_pid" 2>/dev/null || break; sleep 0.05; done
sniff_stop; rc=$?
[ $rc -eq 0 ] && jqf vlanc "length == $want and all(.vlan == [100])" &&
	[ "$(jq -c '[.src, .dst, .type, .seq]' "$out/vlanc.out")" = "$(jq -c '[.src, .dst, .type, .seq]' "$out/vlan.out")" ] &&
	grep -q "^$want packets captured, [0-9]* received by filter, 0 dropped by kernel, 0 dropped by interface$" "$out/vlanc.err" &&
	ok || bad "vlan -c $want: exit $rc: $(head -c 300 "$out/vlanc.out") $(tail -1 "$out/vlanc.err")"
sniff_start lo "$LAB_CLIENT" -i lo -j -c 2 &&
	C ping -n -q -c 1 127.0.0.1 >/dev/null
for i in $(seq 40); do kill -0 "$sniff_pid" 2>/dev/null || break; sleep 0.05; done
sniff_stop; rc=$?
[ $rc -eq 0 ] && jqf lo 'length == 2 and .[0].name == "echo-request" and .[1].name == "echo-reply" and .[1].rtt_ms > 0' &&
	ok || bad "-i lo -c 2: exit $rc: $(cat "$out/lo.out" "$out/lo.err")"
sniff_start shortc "$LAB_CLIENT" -i "$LAB_C_IF" -c 4 -e &&
	C ping -n -q -c 2 -i 0.05 "$LAB_S_IP4" >/dev/null
for i in $(seq 40); do kill -0 "$sniff_pid" 2>/dev/null || break; sleep 0.05; done
sniff_stop; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c " $LAB_C_MAC > $LAB_RC_MAC, ethertype IPv4, length 98: IP $LAB_C_IP4 > $LAB_S_IP4: ICMP echo-request" "$out/shortc.out")" -eq 2 ] &&
	[ "$(grep -c 'ICMP echo-reply.*rtt' "$out/shortc.out")" -eq 2 ] &&
	ok || bad "-c 4 -e: exit $rc: $(cat "$out/shortc.out" "$out/shortc.err")"

# 4. -i any shows the interface: a forwarded echo is seen on both links.
sniff_start any "$LAB_ROUTER" -i any -j -e &&
	C ping -n -q -c 2 -i 0.1 "$LAB_S_IP4" >/dev/null
sniff_stop
jqf any 'length == 8 and all(.ifindex > 0) and (map(.ifindex) | unique | length) == 2 and (map(select(.name == "echo-reply" and .rtt_ms > 0)) | length) == 4' &&
	ok || bad "any: $(cat "$out/any.out")"
grep -q 'link-type LINUX_SLL2' "$out/any.err" && ok || bad "any: not LINUX_SLL2"
# The interface names and directions, as tcpdump 4.99 prints them: on
# the router each request comes in on one link and goes out on the other.
jqf any "(map(select(.name == \"echo-request\") | .ifname + \" \" + .direction) | sort | unique) == ([\"$LAB_R_CIF in\", \"$LAB_R_SIF out\"] | sort)" &&
	ok || bad "any: ifname/direction: $(jq -c '[.ifname, .direction]' "$out/any.out" | tr '\n' ' ')"
sniff_start anyt "$LAB_ROUTER" -i any -c 4 &&
	C ping -n -q -c 1 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; wait "$sniff_pid"
pad() { printf '%-5s' "$1"; }
grep -q "^[0-9:.]* $(pad "$LAB_R_CIF") In  IP $LAB_C_IP4 > $LAB_S_IP4: ICMP echo-request" "$out/anyt.out" &&
	grep -q "^[0-9:.]* $(pad "$LAB_R_SIF") Out IP $LAB_C_IP4 > $LAB_S_IP4: ICMP echo-request" "$out/anyt.out" &&
	ok || bad "any: text lines: $(cat "$out/anyt.out")"

# 5. -D lists the lab's interfaces.
R "$bin" sniff -D >"$out/D.out" 2>&1
grep -q "\.$LAB_R_CIF \[Up, Running" "$out/D.out" && grep -q "\.$LAB_R_SIF " "$out/D.out" &&
	ok || bad "-D: $(cat "$out/D.out")"

# 6. -w then SIGINT: the file is complete and holds every packet captured.
sniff_start wint "$LAB_CLIENT" -i "$LAB_C_IF" -q -w "$out/wint.pcap" &&
	C ping -n -q -f -c 500 "$LAB_S_IP4" >/dev/null
kill -INT "$sniff_pid"; wait "$sniff_pid"; rc=$?
captured=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$out/wint.err")
infile=$("$bin" read -q --stats "$out/wint.pcap" | awk '/^  records:/{print $2}')
[ $rc -eq 0 ] && [ -n "$captured" ] && [ "$captured" = "$infile" ] && [ "$infile" -eq 1000 ] &&
	ok || bad "-w + SIGINT: exit $rc, captured '$captured', in file '$infile', expected 1000"

# -w -: a clean pcap stream on stdout (the lines, with --print, on
# stderr); -w FILE without --print prints nothing per message.
sniff_start wstd "$LAB_CLIENT" -i "$LAB_C_IF" -c 4 -w - --print &&
	C ping -n -q -c 2 -i 0.05 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; wait "$sniff_pid"; rc=$?
n=$("$bin" read - <"$out/wstd.out" 2>/dev/null | grep -c 'ICMP echo-re')
[ $rc -eq 0 ] && [ "$n" -eq 4 ] && [ "$(grep -c 'ICMP echo-re' "$out/wstd.err")" -eq 4 ] &&
	ok || bad "-w - --print: exit $rc, $n messages in the stream: $(head -c 300 "$out/wstd.err")"
sniff_start wquiet "$LAB_CLIENT" -i "$LAB_C_IF" -c 2 -w "$out/wquiet.pcap" &&
	C ping -n -q -c 1 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; wait "$sniff_pid"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$out/wquiet.out" ] &&
	[ "$("$bin" read "$out/wquiet.pcap" | grep -c 'ICMP echo-re')" -eq 2 ] &&
	ok || bad "-w FILE: exit $rc, stdout '$(head -c 200 "$out/wquiet.out")'"

# tcpdump's output letters live: local time (TZ) with -tttt, -# and -xx
# (the dump starts at the Ethernet header: ethertype 0800, then 45).
before=$(TZ=XST-5:45 date '+%Y-%m-%d %H:%M')
TZ=XST-5:45 sniff_start letters "$LAB_CLIENT" -i "$LAB_C_IF" -c 2 -tttt -# -xx &&
	C ping -n -q -c 1 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; wait "$sniff_pid"; rc=$?
after=$(TZ=XST-5:45 date '+%Y-%m-%d %H:%M')
l1=$(grep -m1 'ICMP echo-request' "$out/letters.out")
d1=$(grep -m1 -A1 'ICMP echo-request' "$out/letters.out" | tail -1 | awk '{print $8, substr($9, 1, 2)}')
{ [ "${l1:0:23}" = "    1  $before" ] || [ "${l1:0:23}" = "    1  $after" ]; } &&
	[ $rc -eq 0 ] && [ "$d1" = "0800 45" ] &&
	ok || bad "-tttt -# -xx: exit $rc, '$l1' (local $before), dump '$d1'"

# 7. Rotation.  -C 1: 1,000,000-byte files FILE, FILE1, ...
sniff_start rotc "$LAB_CLIENT" -i "$LAB_C_IF" -q -w "$out/rot.pcap" -C 1 &&
	C ping -n -q -f -c 1500 -s 1000 "$LAB_S_IP4" >/dev/null
sniff_stop
total=0
for f in "$out"/rot.pcap*; do
	total=$((total + $("$bin" read -q --stats "$f" | awk '/^  records:/{print $2}')))
done
[ -f "$out/rot.pcap" ] && [ -f "$out/rot.pcap1" ] && [ -f "$out/rot.pcap2" ] && [ ! -f "$out/rot.pcap4" ] &&
	[ "$(stat -c %s "$out/rot.pcap")" -lt 1100000 ] && [ "$total" -eq 3000 ] &&
	ok || bad "-C 1: $(ls -l "$out"/rot.pcap* | tr '\n' ' '), $total records"
# -C 1 -W 2: a ring of two files, FILE0 and FILE1.
sniff_start ring "$LAB_CLIENT" -i "$LAB_C_IF" -q -w "$out/ring.pcap" -C 1 -W 2 &&
	C ping -n -q -f -c 1500 -s 1000 "$LAB_S_IP4" >/dev/null
sniff_stop
[ -f "$out/ring.pcap0" ] && [ -f "$out/ring.pcap1" ] && [ ! -f "$out/ring.pcap2" ] && [ ! -f "$out/ring.pcap" ] &&
	ok || bad "-C 1 -W 2: $(ls "$out" | grep ring | tr '\n' ' ')"
# -G 1 -W 2: a new strftime-named file every second, then it stops by itself.
sniff_start rotg "$LAB_CLIENT" -i "$LAB_C_IF" -q -w "$out/g-%H%M%S.pcap" -G 1 -W 2 &&
	C ping -n -q -c 40 -i 0.1 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; rc=$?
kill -0 "$sniff_pid" 2>/dev/null && kill -INT "$sniff_pid"
wait "$sniff_pid"
[ $rc -eq 0 ] && [ "$(ls "$out"/g-*.pcap | wc -l)" -eq 2 ] &&
	ok || bad "-G 1 -W 2: stopped by itself: $([ $rc -eq 0 ] && echo yes || echo no), files: $(ls "$out" | grep '^g-' | tr '\n' ' ')"

grep -qx "Maximum file limit reached: 2" "$out/rotg.err" &&
	ok || bad "-G 1 -W 2: no 'Maximum file limit reached: 2': $(tail -2 "$out/rotg.err")"

# As root with -Z nobody (the default): the first file is opened before
# the switch, so a directory only root may write takes a single -w file;
# with -C/-G later files are made as nobody, so that is refused at once
# (one line, no file left), and where nobody may write, the first file
# becomes nobody's (a -W ring opens it again).
mkdir -m 700 "$out/rootonly"
sniff_start rootw "$LAB_CLIENT" -i "$LAB_C_IF" -c 2 -w "$out/rootonly/x.pcap" &&
	C ping -n -q -c 1 "$LAB_S_IP4" >/dev/null
timeout 10 tail --pid="$sniff_pid" -f /dev/null; wait "$sniff_pid"; rc=$?
[ $rc -eq 0 ] && [ "$("$bin" read "$out/rootonly/x.pcap" | grep -c 'ICMP echo-re')" -eq 2 ] &&
	ok || bad "-w in a root-only directory: exit $rc: $(cat "$out/rootw.err")"
ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w "$out/rootonly/r.pcap" -C 1 >"$out/rootc.out" 2>"$out/rootc.err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$out/rootc.err")" -eq 1 ] &&
	grep -q "^icmpkit: $out/rootonly: user nobody may not create files there" "$out/rootc.err" &&
	[ ! -e "$out/rootonly/r.pcap" ] &&
	ok || bad "-C in a root-only directory: exit $rc: $(cat "$out/rootc.err"; ls "$out/rootonly")"
[ "$(stat -c %U "$out/ring.pcap0")" = nobody ] && [ "$(stat -c %U "$out/ring.pcap1")" = nobody ] &&
	ok || bad "-C 1 -W 2: the ring's files: $(stat -c '%n %U' "$out"/ring.pcap*)"

# 8. --duration stops it; SIGUSR1 prints the statistics line and goes on.
sniff_start dur "$LAB_CLIENT" -i "$LAB_C_IF" -q --duration 1.5 &&
{
	sleep 0.3
	kill -USR1 "$sniff_pid"
	sleep 0.3
	kill -0 "$sniff_pid" && ok || bad "SIGUSR1 stopped the capture"
}
start=$(date +%s.%N)
wait "$sniff_pid"; rc=$?
took=$(echo "$(date +%s.%N) - $start" | bc)
[ $rc -eq 0 ] && [ "$(grep -c 'packets captured' "$out/dur.err")" -eq 2 ] && [ "$(echo "$took < 2.5" | bc)" = 1 ] &&
	ok || bad "--duration/SIGUSR1: exit $rc, $(grep -c 'packets captured' "$out/dur.err") statistics lines, stopped after $took s"

# 9. Privileges: real, effective, saved and filesystem uid are not 0.
sniff_start uid "$LAB_CLIENT" -i "$LAB_C_IF" -q
uids=$(awk '/^Uid:/{print $2, $3, $4, $5}' "/proc/$sniff_pid/status")
caps=$(awk '/^CapEff:/{print $2}' "/proc/$sniff_pid/status")
sniff_stop
[ "$uids" = "65534 65534 65534 65534" ] && [ "$caps" = 0000000000000000 ] &&
	ok || bad "privileges: Uid: $uids, CapEff: $caps"

# 10. Bad input: one line, exit 2.
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
C ip link add ikdown type veth peer ikdown2
expect_err "unknown interface" "no such interface" ip netns exec "$LAB_CLIENT" "$bin" sniff -i nosuch0
expect_err "down interface" "interface is down" ip netns exec "$LAB_CLIENT" "$bin" sniff -i ikdown
expect_err "bad filter" "filter 'host and'" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" host and
expect_err "unwritable -w" "Permission denied|No such file" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w /root/nope/x.pcap
expect_err "-C 0" "-C megabytes '0': out of range" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w "$out/x.pcap" -C 0
expect_err "-G abc" "-G seconds 'abc': not a number" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w "$out/x.pcap" -G abc
expect_err "-W without -C/-G" "-W needs -C or -G" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w "$out/x.pcap" -W 3
expect_err "-W -1" "-W file count '-1'" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -w "$out/x.pcap" -C 1 -W -1
expect_err "-c 0" "-c count '0'" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" -c 0
expect_err "--duration 0" "--duration '0'" ip netns exec "$LAB_CLIENT" "$bin" sniff -i "$LAB_C_IF" --duration 0
expect_err "no permission" "permission denied; run as root or grant" \
	ip netns exec "$LAB_CLIENT" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$bin" sniff -i "$LAB_C_IF"

lab_test_end
