#!/usr/bin/env bash
# bench/run.sh - the benchmarks behind `make bench` (docs/ARCHITECTURE.md, tests).
#
# usage: bench/run.sh [SECTION...]      sections: read sniff send ping replay trace
#                                       (default: all; e.g. bench/run.sh trace)
#
# Run from anywhere; it works from the repo root.  It builds its own tools
# (bench/out/gen, bench/out/pcaploop), generates the corpus if missing and
# prints one table row per comparison:
#
#   what | icmpkit | baseline | ratio | goal | PASS/MISS/SKIP
#
# Ratios are measured against peers in the same run on the same machine, so
# they mean something on any machine; absolute seconds do not.  Every time is
# a whole command as a user runs it (start-up and exit included), the two
# tools are run in turn (A B A B ...) after a warm-up of each, and the median
# of at least 5 runs counts (min and max are printed beside it); decoding is
# timed with the output to /dev/null and through a pipe.  The table at the
# end lists every row with a goal.  Benchmarks never fail the build: a MISS
# is reported, the exit status stays 0.  Only a broken setup (a tool
# missing, a command failing) exits non-zero.
#
# Debian packages: gcc, pkg-config, libpcap-dev, libnet1-dev (tools);
# tcpdump, iputils-ping, tcpreplay, hping3 (baselines); time (/usr/bin/time,
# for peak RSS); iproute2, nftables (the lab).
#
# Environment:
#   ICMPKIT       the binary under test            (./icmpkit)
#   BENCH_N       packets in the main corpus       (1000000)
#   BENCH_N_BIG   packets in the RSS-growth corpus (4000000; 0 skips it)
#   BENCH_RUNS    timed runs per command, >= 5     (5)
#   BENCH_ROWS    an extended regular expression: only the rows of the
#                 ping section whose name matches it run (all)
#   BENCH_SEND_HPING  0: no hping3 runs in the send section (1)
#   CC            compiler for the bench tools     (gcc)
#
# Adding a section (send, replay, ping, sniff need the namespace lab): write
# a function bench_NAME that calls row() for each comparison, append NAME
# to SECTIONS, and source tests/lab/lib.sh inside that function (the lab
# helpers live there, not here).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ICMPKIT=${ICMPKIT:-./icmpkit}
BENCH_N=${BENCH_N:-1000000}
BENCH_N_BIG=${BENCH_N_BIG:-4000000}
BENCH_RUNS=${BENCH_RUNS:-5}
CC=${CC:-gcc}
OUT=bench/out
SECTIONS=(read sniff send ping replay trace)

CFLAGS=(-std=gnu11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wpointer-arith
	-Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
	-Wformat=2 -Werror)

die() {
	echo "bench: $*" >&2
	exit 2
}

need() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 ||
			die "$c not found; install the Debian package that has it (see the top of bench/run.sh)"
	done
}

# Rebuilds bench/out/NAME from bench/NAME.c when the source is newer.
build_tool() {
	local name=$1
	shift
	if [[ ! -x $OUT/$name || bench/$name.c -nt $OUT/$name || tests/gen/docaddr.h -nt $OUT/$name ]]; then
		echo "bench: building $OUT/$name"
		# shellcheck disable=SC2046  # pkg-config output is word-split on purpose
		"$CC" "${CFLAGS[@]}" -o "$OUT/$name" "bench/$name.c" \
			$(pkg-config --cflags --libs libpcap) "$@"
	fi
}

# corpus_path N: the corpus file for N packets; the 1M one is mixed.pcap.
corpus_path() {
	if (($1 == 1000000)); then
		echo "$OUT/mixed.pcap"
	else
		echo "$OUT/mixed-$1.pcap"
	fi
}

# corpus FILE N: generate FILE with N packets unless it exists (gen is
# deterministic, so an existing file is the same bytes).
corpus() {
	local file=$1 n=$2 t0 t1
	if [[ ! -s $file ]]; then
		echo "bench: generating $file ($n packets)"
		t0=$EPOCHREALTIME
		"$OUT/gen" "$file.tmp" "$n"
		mv "$file.tmp" "$file"
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "bench: generated in %.2f s\n", b - a }'
	fi
	# Read it once so that the first timed run does not pay for the disk.
	cat "$file" >/dev/null
}

# wall CMDSTRING: whole-process wall time of one run of a shell command
# string (startup and exit included, as a user meets it), in seconds with 4
# decimals; its output goes where the string sends it (stdout and stderr
# otherwise to /dev/null).  Fails if the command fails.
wall() {
	local t0 t1 rc=0
	t0=$EPOCHREALTIME
	(eval "$1") >/dev/null 2>&1 || rc=$?
	t1=$EPOCHREALTIME
	if ((rc != 0)); then
		echo "bench: failed ($rc): $1" >&2
		return 1
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
}

# stats V...: "median min max" of the values.
stats() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4f %.4f %.4f\n", m, v[1], v[NR] }'
}

# pair A B: BENCH_RUNS (at least 5) runs of each command string, taken in
# turn (A B A B ...) after one warm-up of each, so that a change in the
# load of a shared machine hits both alike.  Prints "A_median A_min A_max
# B_median B_min B_max" in seconds.
pair() {
	local a=() b=() i n=$BENCH_RUNS
	((n >= 5)) || n=5
	wall "$1" >/dev/null && wall "$2" >/dev/null || return 1
	for ((i = 0; i < n; i++)); do
		a+=("$(wall "$1")") || return 1
		b+=("$(wall "$2")") || return 1
	done
	echo "$(stats "${a[@]}") $(stats "${b[@]}")"
}

# rss_kib CMD...: peak resident set of one run, KiB (GNU time's %M).
rss_kib() {
	local f rc=0
	f=$(mktemp)
	/usr/bin/time -f %M -o "$f" "$@" >/dev/null 2>&1 || rc=$?
	if ((rc != 0)); then
		rm -f "$f"
		echo "bench: failed: $*" >&2
		return 1
	fi
	tail -n 1 "$f"
	rm -f "$f"
}

header() {
	printf '\n%s\n' "$1"
	printf '%-46s %22s %22s %8s %9s  %s\n' what "icmpkit med [min-max]" \
		"baseline med [min-max]" ratio goal result
}

# Every row with a goal, for the table at the end.
SUMMARY=()

# row WHAT MINE BASE RATIO GOAL RESULT: one table line (PASS/MISS rows are
# also kept for the summary).
row() {
	printf '%-46s %22s %22s %8s %9s  %s\n' "$@"
	case $6 in PASS | MISS) SUMMARY+=("$(printf '%-46s %8s %9s  %s' "$1" "$4" "$5" "$6")") ;; esac
}

# spread MED MIN MAX UNIT: "0.123 [0.120-0.130] s".
spread() {
	awk -v m="$1" -v a="$2" -v b="$3" -v u="$4" \
		'BEGIN { printf "%.3f [%.3f-%.3f]%s", m, a, b, u }'
}

# spread_int MED MIN MAX UNIT: "120345 [118000-121000]/s".
spread_int() {
	awk -v m="$1" -v a="$2" -v b="$3" -v u="$4" \
		'BEGIN { printf "%.0f [%.0f-%.0f]%s", m, a, b, u }'
}

# time_row WHAT "PAIR OUTPUT" GOAL: a row from pair's six numbers; ratio =
# baseline median / icmpkit median (how many times faster icmpkit is, 1.0
# = as fast), PASS when ratio >= GOAL.
time_row() {
	local what=$1 goal=$3 ratio verdict
	# shellcheck disable=SC2086
	set -- $2
	ratio=$(awk -v m="$1" -v b="$4" 'BEGIN { printf "%.2f", (m > 0 ? b / m : 0) }')
	verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "PASS" : "MISS") }')
	row "$what" "$(spread "$1" "$2" "$3" " s")" "$(spread "$4" "$5" "$6" " s")" \
		"${ratio}x" ">= ${goal}x" "$verdict"
}

# rss_row WHAT MINE_KIB BASE_KIB GOAL_MIB
rss_row() {
	local what=$1 mine=$2 base=$3 goal=$4 ratio verdict
	ratio=$(awk -v m="$mine" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? m / b : 0) }')
	verdict=$(awk -v m="$mine" -v g="$goal" 'BEGIN { print (m <= g * 1024 ? "PASS" : "MISS") }')
	row "$what" "$(mib "$mine")" "$(mib "$base")" "${ratio}x" "<= $goal MiB" "$verdict"
}

mib() {
	awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'
}

# want WHAT: the row WHAT is to run (BENCH_ROWS).
want() {
	[[ -z ${BENCH_ROWS:-} ]] || grep -qE -e "$BENCH_ROWS" <<<"$1"
}

have_icmpkit() {
	[[ -x $ICMPKIT ]]
}

# ----- section: read (offline decoding) -----

bench_read() {
	local f big
	local r_mine r_loop r_big r_loop_big

	need tcpdump awk pkg-config "$CC"
	[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: apt-get install time"
	build_tool gen -lnet
	build_tool pcaploop
	f=$(corpus_path "$BENCH_N")
	big=$(corpus_path "$BENCH_N_BIG")
	corpus "$f" "$BENCH_N"

	header "read: $f ($BENCH_N packets, $(du -m "$f" | cut -f1) MB), whole commands, median of $(runs) taken in turn"
	r_loop=$(rss_kib "$OUT/pcaploop" "$f")
	if ! have_icmpkit; then
		row "read: SKIP" - - - - "SKIP ($ICMPKIT missing)"
		return 0
	fi
	local ik q
	ik=$(printf '%q' "$ICMPKIT") q=$(printf '%q' "$f")
	time_row "read (text) vs tcpdump -nn -r, >/dev/null" \
		"$(pair "$ik read $q >/dev/null" "tcpdump -nn -r $q >/dev/null")" 12
	time_row "read (text) vs tcpdump -nn -r, | cat" \
		"$(pair "$ik read $q | cat >/dev/null" "tcpdump -nn -r $q | cat >/dev/null")" 12
	time_row "read -j vs tcpdump -nn -r, >/dev/null" \
		"$(pair "$ik read -j $q >/dev/null" "tcpdump -nn -r $q >/dev/null")" 10
	time_row "read -j vs tcpdump -nn -r, | cat" \
		"$(pair "$ik read -j $q | cat >/dev/null" "tcpdump -nn -r $q | cat >/dev/null")" 10
	time_row "read -q --stats vs a bare pcap_next_ex loop" \
		"$(pair "$ik read -q --stats $q >/dev/null" "$OUT/pcaploop $q >/dev/null")" 1.0
	r_mine=$(rss_kib "$ICMPKIT" read -q --stats "$f")
	rss_row "peak RSS read -q --stats ($BENCH_N)" "$r_mine" "$r_loop" 16

	# Same command on a corpus 4x the size: memory must not grow with it.
	if ((BENCH_N_BIG > 0)); then
		corpus "$big" "$BENCH_N_BIG"
		r_big=$(rss_kib "$ICMPKIT" read -q --stats "$big")
		r_loop_big=$(rss_kib "$OUT/pcaploop" "$big")
		rss_row "peak RSS read -q --stats ($BENCH_N_BIG)" "$r_big" "$r_loop_big" 16
		row "  RSS growth $BENCH_N -> $BENCH_N_BIG packets" \
			"$(awk -v a="$r_mine" -v b="$r_big" 'BEGIN { printf "%+.1f MiB", (b - a) / 1024 }')" \
			- - "~0" "info"
	fi
}

# ----- section: sniff (live capture under a flood) -----

# sniff_flood NAME CMD...: start CMD (a capture writing to a file) in the
# lab's client namespace, flood the link from the router with tcpreplay
# --topspeed, stop the capture with SIGINT and print
# "received dropped in_file pps".
sniff_flood() {
	local name=$1 pid i dropped received infile pps
	shift
	ip netns exec "$LAB_CLIENT" "$@" 2>"$OUT/$name.err" &
	pid=$!
	for i in $(seq 100); do
		grep -q 'listening on' "$OUT/$name.err" && break
		sleep 0.05
	done
	pps=$(ip netns exec "$LAB_ROUTER" tcpreplay --topspeed -i "$LAB_R_CIF" \
		"$SNIFF_CORPUS" 2>&1 | awk '/Rated:/{for (i = 1; i <= NF; i++) if ($i ~ /pps/) print $(i - 1)}' | head -1)
	sleep 1
	kill -INT "$pid"
	wait "$pid" || true
	# icmpkit: "N packets captured, R received by filter, D dropped by
	# kernel, ..." on one line; tcpdump: one line each.
	received=$(grep -oE '[0-9]+ (packets )?received by filter' "$OUT/$name.err" | grep -oE '^[0-9]+')
	dropped=$(grep -oE '[0-9]+ (packets )?dropped by kernel' "$OUT/$name.err" | grep -oE '^[0-9]+')
	infile=$(tcpdump -r "$OUT/$name.pcap" 2>/dev/null | wc -l)
	echo "${received:-?} ${dropped:-?} $infile ${pps:-?}"
}

bench_sniff() {
	local mine theirs
	need tcpreplay tcpdump ip
	if [[ $(id -u) != 0 ]]; then
		header "sniff: SKIP (needs root for the namespace lab)"
		return 0
	fi
	have_icmpkit || { header "sniff: SKIP ($ICMPKIT missing)"; return 0; }
	build_tool gen -lnet
	SNIFF_CORPUS=$(corpus_path "$BENCH_N")
	corpus "$SNIFF_CORPUS" "$BENCH_N"
	# shellcheck source=../tests/lab/lib.sh
	. tests/lab/lib.sh
	lab_up
	lab_settle 1
	chmod 1777 "$OUT"
	# The same ICMP filter for both (icmpkit's default, see capture/sniff.c).
	local filt='icmp or icmp6 or (ip6 and (ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60 or ip6[6] == 1)) or (vlan and (icmp or icmp6 or (ip6 and (ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60 or ip6[6] == 1))))'
	rm -f "$OUT/sniff-icmpkit.pcap" "$OUT/sniff-tcpdump.pcap"
	mine=$(sniff_flood sniff-icmpkit "$(realpath "$ICMPKIT")" sniff -i "$LAB_C_IF" -q -w "$OUT/sniff-icmpkit.pcap")
	theirs=$(sniff_flood sniff-tcpdump tcpdump -i "$LAB_C_IF" -w "$OUT/sniff-tcpdump.pcap" "$filt")
	lab_down
	trap - EXIT
	header "sniff: $BENCH_N packets flooded with tcpreplay --topspeed onto the lab veth"
	printf '%-22s %12s %12s %12s %14s\n' capture "received" "dropped" "in file" "flood pps"
	# shellcheck disable=SC2086
	printf '%-22s %12s %12s %12s %14s\n' "icmpkit sniff -q -w" $mine
	# shellcheck disable=SC2086
	printf '%-22s %12s %12s %12s %14s\n' "tcpdump -w" $theirs
	set -- $mine
	local md=$2
	set -- $theirs
	local td=$2
	row "sniff drops: icmpkit vs tcpdump" "$md" "$td" - "0, <= tcpdump" \
		"$(awk -v m="$md" -v t="$td" 'BEGIN { print (m == 0 && m <= t ? "PASS" : "MISS") }')"
}

# ----- section: send (injection rate on the lab veth) -----

# icmpkit send --flood -c N on the client's veth, in link mode and through
# the raw socket, against tcpreplay --topspeed of the same frames (a dry run
# of icmpkit with the same MACs, preloaded and looped) and hping3 --icmp
# --flood (stopped after BENCH_SEND_HPING_SECONDS).  Every rate is the
# client veth's tx_packets counter over the wall time.  The router drops
# everything at its ingress (nftables netdev hook) so that the lab measures
# the senders, not the router's forwarding and the server's replies on
# the same two cores (BENCH_SEND_ROUTER_DROP=0: no drop); the client's
# neighbour entry for the router is made permanent so that raw-socket
# senders need no ARP through that drop.  BENCH_SEND_N packets (1000000).
# The limit rows are bench/txlimit.c: the fastest send loops this kernel
# allows (a PACKET_TX_RING, and an AF_XDP socket in copy mode, whose
# frames hold the bytes from the start, the qdisc bypassed), sending the
# same frame; icmpkit's goal is 90 % of the faster of the two (xdp).
bench_send() {
	local n=${BENCH_SEND_N:-1000000} loopn=10000 hsec=${BENCH_SEND_HPING_SECONDS:-5}
	local mac pcap sum
	# Helpers, local to this section (defined when it runs).
	# send_tx: packets the client's veth has handed to its peer so far.
	send_tx() {
		ip netns exec "$LAB_CLIENT" cat "/sys/class/net/$LAB_C_IF/statistics/tx_packets"
	}

	# send_rate NAME CMD...: run CMD in the lab's client namespace and print
	# "packets seconds pps": the veth's tx_packets delta over the wall time.
	# CMD's output goes to $OUT/send-NAME.log.  A timeout's 124 (hping3 is
	# stopped by one) counts as success.
	send_rate() {
		local name=$1 tx0 tx1 t0 t1 rc=0
		shift
		tx0=$(send_tx)
		t0=$EPOCHREALTIME
		ip netns exec "$LAB_CLIENT" "$@" >"$OUT/send-$name.log" 2>&1 || rc=$?
		t1=$EPOCHREALTIME
		tx1=$(send_tx)
		if ((rc != 0 && rc != 124)); then
			echo "bench: failed ($rc): $*: $(tail -2 "$OUT/send-$name.log")" >&2
			return 1
		fi
		awk -v n=$((tx1 - tx0)) -v a="$t0" -v b="$t1" \
			'BEGIN { printf "%d %.3f %.0f\n", n, b - a, n / (b - a) }'
	}

	# send_pps_row WHAT "MINE_PPS..." "BASE_PPS..." GOAL: medians of the
	# runs' packets/s; ratio = mine / base.
	send_pps_row() {
		local what=$1 goal=$4 ratio verdict m b
		# shellcheck disable=SC2086
		m=$(stats $2) b=$(stats $3)
		ratio=$(awk -v m="${m%% *}" -v b="${b%% *}" 'BEGIN { printf "%.2f", (b > 0 ? m / b : 0) }')
		if [[ $goal == info ]]; then
			verdict=info
			goal=-
		else
			verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "PASS" : "MISS") }')
			goal=">= ${goal}x"
		fi
		# shellcheck disable=SC2086
		row "$what" "$(spread_int $m /s)" "$(spread_int $b /s)" "${ratio}x" "$goal" "$verdict"
	}

	need tcpreplay hping3 nft ip awk pkg-config "$CC"
	if [[ $(id -u) != 0 ]]; then
		header "send: SKIP (needs root for the namespace lab)"
		return 0
	fi
	build_tool txlimit
	have_icmpkit || { header "send: SKIP ($ICMPKIT missing)"; return 0; }
	((n % loopn == 0)) || die "BENCH_SEND_N must be a multiple of $loopn"
	# shellcheck source=../tests/lab/lib.sh
	. tests/lab/lib.sh
	lab_up
	lab_settle 1
	# The router's MAC as the client's kernel learns it.
	ip netns exec "$LAB_CLIENT" ping -n -q -c 1 "$LAB_RC_IP4" >/dev/null
	mac=$(ip -n "$LAB_CLIENT" neigh show "$LAB_RC_IP4" dev "$LAB_C_IF" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
	[[ -n $mac ]] || die "send: no neighbour entry for the router"
	ip -n "$LAB_CLIENT" neigh replace "$LAB_RC_IP4" lladdr "$mac" dev "$LAB_C_IF" nud permanent
	# BENCH_SEND_ROUTER_DROP=0 keeps the router forwarding and the server
	# answering (then the two cores are mostly busy with that).
	if [[ ${BENCH_SEND_ROUTER_DROP:-1} != 0 ]]; then
		ip netns exec "$LAB_ROUTER" nft -f - <<-EOF
		table netdev ikbench {
			chain in {
				type filter hook ingress device "$LAB_R_CIF" priority 0; policy drop;
			}
		}
		EOF
	fi
	pcap=$OUT/send-$loopn.pcap
	"$ICMPKIT" send -q -w "$pcap" -c $loopn -i 0 --link --src-mac "$LAB_C_MAC" \
		--dst-mac "$mac" -S "$LAB_C_IP4" "$LAB_S_IP4"

	local ik
	ik=$(realpath "$ICMPKIT")
	# Rounds of one run each, so that a change in the machine's load
	# (other jobs on the two cores) hits every sender alike; the median of
	# the rounds counts.  Each rate is whole-command: the veth's tx_packets
	# delta over the wall time of the command, startup included.
	local i r nr=$BENCH_RUNS p_link="" p_raw="" p_replay="" p_hping="" p_limit="" p_lring="" min_link="" min_raw=""
	((nr >= 5)) || nr=5
	for ((i = 0; i < nr; i++)); do
		r=$(send_rate link "$ik" send --flood -c "$n" --link -I "$LAB_C_IF" --dst-mac "$mac" "$LAB_S_IP4")
		p_link+=" ${r##* }"
		[[ -z $min_link || ${r%% *} -lt $min_link ]] && min_link=${r%% *}
		r=$(send_rate raw "$ik" send --flood -c "$n" "$LAB_S_IP4")
		p_raw+=" ${r##* }"
		[[ -z $min_raw || ${r%% *} -lt $min_raw ]] && min_raw=${r%% *}
		r=$(send_rate replay tcpreplay -K --topspeed --loop $((n / loopn)) -i "$LAB_C_IF" "$pcap")
		p_replay+=" ${r##* }"
		r=$(send_rate limit "$OUT/txlimit" "$LAB_C_IF" "$pcap" "$n" xdp)
		p_limit+=" ${r##* }"
		r=$(send_rate limit-ring "$OUT/txlimit" "$LAB_C_IF" "$pcap" "$n" ring)
		p_lring+=" ${r##* }"
		[[ ${BENCH_SEND_HPING:-1} == 0 ]] && continue
		r=$(send_rate hping timeout -s INT "$hsec" hping3 -n --icmp --flood -d 56 "$LAB_S_IP4")
		p_hping+=" ${r##* }"
	done
	sum=$(tail -1 "$OUT/send-link.log")
	lab_down
	trap - EXIT

	header "send: --flood -c $n, 98-byte frames on the lab veth (whole commands, tx_packets / wall time, median of $nr taken in turn$([[ ${BENCH_SEND_ROUTER_DROP:-1} != 0 ]] && echo ", router drops at ingress"))"
	echo "icmpkit's own summary (link, last run): $sum"
	send_pps_row "send --flood --link vs tcpreplay --topspeed" "$p_link" "$p_replay" 2.0
	send_pps_row "send --flood (raw) vs tcpreplay --topspeed" "$p_raw" "$p_replay" 2.0
	send_pps_row "send --flood (raw) vs the limit (txlimit xdp)" "$p_raw" "$p_limit" 0.9
	send_pps_row "send --flood --link vs the limit (txlimit xdp)" "$p_link" "$p_limit" 0.9
	send_pps_row "  the limit (txlimit xdp) vs tcpreplay" "$p_limit" "$p_replay" info
	send_pps_row "  txlimit ring vs tcpreplay" "$p_lring" "$p_replay" info
	[[ -n $p_hping ]] &&
		send_pps_row "send --flood --link vs hping3 --flood" "$p_link" "$p_hping" info
	# Every packet asked for left (the counter may see a few more: ND).
	if ((min_link < n || min_raw < n)); then
		row "  packets on the wire (link, raw; fewest)" "$min_link" "$min_raw" - ">= $n" MISS
	fi
}

# ----- section: ping (round trips against iputils ping, lab) -----

# in_client "PAIR ARGS"...: pair run inside the lab's client namespace, so
# that `ip netns exec` does not add its own start-up to every timed run.
in_client() {
	export -f wall stats pair
	BENCH_RUNS=$BENCH_RUNS ip netns exec "$LAB_CLIENT" bash -c 'pair "$1" "$2"' _ "$@"
}

ping_avg() {
	ip netns exec "$LAB_CLIENT" "$@" 2>/dev/null | sed -n 's|^rtt min/avg/max/mdev = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}

bench_ping() {
	local mine theirs i
	if [[ $(id -u) != 0 ]]; then
		header "ping: SKIP (needs root for the namespace lab)"
		return 0
	fi
	have_icmpkit || { header "ping: SKIP ($ICMPKIT missing)"; return 0; }
	need ping ip
	# shellcheck source=../tests/lab/lib.sh
	. tests/lab/lib.sh
	lab_up
	lab_settle 1
	local bin dst=$LAB_S_IP4
	bin=$(printf '%q' "$(realpath "$ICMPKIT")")
	header "ping: client -> router -> server in the lab, against iputils ping (whole commands, median of $(runs) taken in turn)"
	want "ping -f -l 64" && time_row "ping -f -l 64 -c 200000 -q" \
		"$(in_client "$bin ping -f -l 64 -c 200000 -q $dst" "ping -f -l 64 -c 200000 -q $dst")" 1.5
	want "ping -f -c" && time_row "ping -f -c 50000 -q" \
		"$(in_client "$bin ping -f -c 50000 -q $dst" "ping -f -c 50000 -q $dst")" 1.0
	# Start-up dominates short runs and scripts that ping many hosts:
	# within 2x of iputils is ratio >= 0.5.
	want "ping -c 1" && time_row "ping -c 1 (wall time, start-up included)" \
		"$(in_client "$bin ping -c 1 $dst" "ping -c 1 $dst")" 0.5
	want "send -c 1" && time_row "send -c 1 vs iputils ping -c 1 (start-up)" \
		"$(in_client "$bin send -c 1 $dst" "ping -c 1 $dst")" 0.5
	# A short capture: sniff -c 1 while the server pings the client every
	# millisecond (so the packet's wait is under 1 ms of the time).
	if want "sniff -c 1"; then
		ip netns exec "$LAB_SERVER" ping -q -i 0.001 "$LAB_C_IP4" >/dev/null 2>&1 &
		local bg=$!
		sleep 0.2
		time_row "sniff -c 1 vs iputils ping -c 1 (start-up)" \
			"$(in_client "$bin sniff -c 1 -q -i $LAB_C_IF" "ping -c 1 $dst")" 0.5
		kill "$bg"
		wait "$bg" 2>/dev/null || true
	fi
	# One run's average moves by several microseconds from run to run
	# (a CPU woken from idle every 2 ms): the mean of 5 runs of each,
	# taken in turn.
	want "average RTT" || { lab_down; trap - EXIT; return 0; }
	mine=0 theirs=0
	for i in 1 2 3 4 5; do
		mine="$mine + $(ping_avg "$bin" ping -c 300 -i 0.002 -q "$dst")"
		theirs="$theirs + $(ping_avg ping -c 300 -i 0.002 -q "$dst")"
	done
	mine=$(awk "BEGIN { printf \"%.4f\", ($mine) / 5 }")
	theirs=$(awk "BEGIN { printf \"%.4f\", ($theirs) / 5 }")
	row "ping -c 300 -i 0.002: average RTT (5 runs)" "$mine ms" "$theirs ms" - "<= iputils" \
		"$(awk -v m="$mine" -v t="$theirs" 'BEGIN { print (m <= t ? "PASS" : "MISS") }')"
	lab_down
	trap - EXIT
}

# ----- section: replay (top speed against tcpreplay, lab) -----

bench_replay() {
	local f bin
	if [[ $(id -u) != 0 ]]; then
		header "replay: SKIP (needs root for the namespace lab)"
		return 0
	fi
	have_icmpkit || { header "replay: SKIP ($ICMPKIT missing)"; return 0; }
	need tcpreplay ip
	build_tool gen -lnet
	f=$(corpus_path "$BENCH_N")
	corpus "$f" "$BENCH_N"
	# shellcheck source=../tests/lab/lib.sh
	. tests/lab/lib.sh
	lab_up
	lab_settle 1
	bin=$(printf '%q' "$(realpath "$ICMPKIT")")
	f=$(printf '%q' "$(realpath "$f")")
	header "replay: 100000 packets of $f, --topspeed onto the lab veth (whole commands, median of $(runs) taken in turn)"
	time_row "replay --topspeed vs tcpreplay --topspeed" \
		"$(in_client "$bin replay -i $LAB_C_IF --topspeed -c 100000 $f" "tcpreplay --topspeed -L 100000 -i $LAB_C_IF $f")" 2.0
	lab_down
	trap - EXIT
}

# ----- section: trace (the five-hop chain of tests/lab/trace.sh) -----

# lab_ready NAME TOOL...: whether a lab section can run (root, the binary,
# the tools); prints its SKIP header when not.
lab_ready() {
	local name=$1
	shift
	if [[ $(id -u) != 0 ]]; then
		header "$name: SKIP (needs root for the namespace lab)"
		return 1
	fi
	have_icmpkit || { header "$name: SKIP ($ICMPKIT missing)"; return 1; }
	need "$@"
}

bench_trace() {
	local bin ns
	lab_ready trace traceroute ip || return 0
	# shellcheck source=../tests/lab/lib.sh
	. tests/lab/lib.sh
	# shellcheck source=../tests/lab/chain.sh
	. tests/lab/chain.sh
	NS=()
	lab_on_exit() { chain_down; }
	lab_traps
	chain_up "${LAB_PREFIX}b" || die "trace: the lab chain did not come up"
	# Back-to-back runs of both tools would empty the routers' buckets
	# (6 errors, then 1/s per destination) and time lost probes: the
	# routers answer every error at once here, as in the trace lab.
	for ns in "${NS[@]}"; do
		lab_exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
	done
	lab_exec "${NS[0]}" ping -c 1 -W 2 "$S4" >/dev/null
	lab_settle 1
	bin=$(printf '%q' "$(realpath "$ICMPKIT")")
	header "trace: five router hops in the lab, against traceroute -n (whole commands, median of $(runs) taken in turn)"
	# Within 2x of traceroute's wall time is ratio >= 0.5.  Both run in a
	# shell inside the client namespace: the trace lab's own timing
	# (tests/lab/trace.sh, section 8) starts each run with `ip netns
	# exec`, 2-3 ms that both pay and that hide most of the difference
	# (8.4 vs 4.1 ms there was 5 vs 2 ms here).
	export -f wall stats pair
	time_row "trace -q 3 (wall time, start-up included)" \
		"$(BENCH_RUNS=$BENCH_RUNS ip netns exec "${NS[0]}" bash -c 'pair "$1" "$2"' _ \
			"$bin trace -q 3 $S4" "traceroute -n -q 3 $S4")" 0.5
	chain_down
	trap - EXIT
}

runs() {
	echo $((BENCH_RUNS >= 5 ? BENCH_RUNS : 5))
}

main() {
	local s
	mkdir -p "$OUT"
	if (($# == 0)); then
		set -- "${SECTIONS[@]}"
	fi
	for s; do
		declare -F "bench_$s" >/dev/null || die "unknown section '$s' (known: ${SECTIONS[*]})"
	done
	for s; do
		"bench_$s"
	done
	printf '\n%s\n' "Summary ($(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
	printf '%-46s %8s %9s  %s\n' what ratio goal result
	printf '%s\n' "${SUMMARY[@]}"
}

main "$@"
