#!/usr/bin/env bash
# bench/run.sh - the benchmarks behind `make bench` (DESIGN.md section 5).
#
# usage: bench/run.sh [SECTION...]      sections: read (default: all)
#
# Run from anywhere; it works from the repo root.  It builds its own tools
# (bench/out/gen, bench/out/pcaploop), generates the corpus if missing and
# prints one table row per comparison:
#
#   what | icmpkit | baseline | ratio | goal | PASS/MISS/SKIP
#
# Ratios are measured against peers in the same run on the same machine, so
# they mean something on any machine; absolute seconds do not.  Benchmarks
# never fail the build: a MISS is reported, the exit status stays 0.  Only a
# broken setup (a tool missing, a command failing) exits non-zero.
#
# Debian packages: gcc, pkg-config, libpcap-dev, libnet1-dev (tools);
# tcpdump (baseline); time (/usr/bin/time, for peak RSS); jq and, optional,
# hyperfine (timing; without it each command runs BENCH_RUNS times under
# bash's $EPOCHREALTIME and the best run counts).
#
# Environment:
#   ICMPKIT       the binary under test            (./icmpkit)
#   BENCH_N       packets in the main corpus       (1000000)
#   BENCH_N_BIG   packets in the RSS-growth corpus (4000000; 0 skips it)
#   BENCH_RUNS    timed runs per command           (3)
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
BENCH_RUNS=${BENCH_RUNS:-3}
CC=${CC:-gcc}
OUT=bench/out
SECTIONS=(read sniff send ping replay)

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
	if [[ ! -x $OUT/$name || bench/$name.c -nt $OUT/$name ]]; then
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

# seconds CMD...: best (minimum) wall time of at least BENCH_RUNS runs,
# stdout and stderr to /dev/null, in seconds with 3 decimals.  The minimum
# is the run least disturbed by the rest of a shared 2-core machine.  Fails
# if CMD fails.
seconds() {
	local json t0 t1 best="" i
	if command -v hyperfine >/dev/null 2>&1; then
		json=$(mktemp)
		# hyperfine wants one shell string; %q keeps arguments intact.
		# --min-runs: a 0.1 s command gets more runs (hyperfine's 3 s
		# budget), a 4 s one exactly BENCH_RUNS.
		if ! hyperfine --style none --warmup 1 --min-runs "$BENCH_RUNS" \
			--export-json "$json" \
			"$(printf '%q ' "$@")>/dev/null 2>&1" >/dev/null 2>&1; then
			rm -f "$json"
			echo "bench: failed: $*" >&2
			return 1
		fi
		jq -r '.results[0].min' "$json" | awk '{ printf "%.3f\n", $1 }'
		rm -f "$json"
		return 0
	fi
	# /usr/bin/time -f %e has 10 ms steps, too coarse for pcaploop's
	# ~0.1 s: bash 5's microsecond clock times the runs instead.
	for ((i = 0; i < BENCH_RUNS; i++)); do
		t0=$EPOCHREALTIME
		if ! "$@" >/dev/null 2>&1; then
			echo "bench: failed: $*" >&2
			return 1
		fi
		t1=$EPOCHREALTIME
		best=$(awk -v a="$t0" -v b="$t1" -v m="$best" \
			'BEGIN { d = b - a; if (m == "" || d < m) m = d; printf "%.3f", m }')
	done
	echo "$best"
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
	printf '%-44s %11s %11s %8s %9s  %s\n' what icmpkit baseline ratio goal result
}

# row WHAT MINE BASE RATIO GOAL RESULT: one table line.
row() {
	printf '%-44s %11s %11s %8s %9s  %s\n' "$@"
}

# speed_row WHAT MINE_S BASE_S GOAL: ratio = base / mine (how many times
# faster icmpkit is), PASS when ratio >= GOAL.
speed_row() {
	local what=$1 mine=$2 base=$3 goal=$4 ratio verdict
	ratio=$(awk -v m="$mine" -v b="$base" 'BEGIN { printf "%.2f", (m > 0 ? b / m : 0) }')
	verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "PASS" : "MISS") }')
	row "$what" "$mine s" "$base s" "${ratio}x" ">= ${goal}x" "$verdict"
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

have_icmpkit() {
	[[ -x $ICMPKIT ]]
}

# ----- section: read (offline decoding) -----

bench_read() {
	local f big
	local t_tcpdump t_loop t_text t_json t_stats r_mine r_loop r_big r_loop_big

	need tcpdump awk pkg-config "$CC"
	if command -v hyperfine >/dev/null 2>&1; then
		need jq
	fi
	[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: apt-get install time"
	build_tool gen -lnet
	build_tool pcaploop
	f=$(corpus_path "$BENCH_N")
	big=$(corpus_path "$BENCH_N_BIG")
	corpus "$f" "$BENCH_N"

	header "read: $f ($BENCH_N packets, $(du -m "$f" | cut -f1) MB), $(timer_name)"
	t_tcpdump=$(seconds tcpdump -nn -r "$f")
	t_loop=$(seconds "$OUT/pcaploop" "$f")
	r_loop=$(rss_kib "$OUT/pcaploop" "$f")
	if ! have_icmpkit; then
		row "read (text) vs tcpdump -nn -r" - "$t_tcpdump s" - ">= 10x" "SKIP ($ICMPKIT missing)"
		row "read -j vs tcpdump -nn -r" - "$t_tcpdump s" - ">= 8x" "SKIP ($ICMPKIT missing)"
		row "read -q --stats vs pcaploop" - "$t_loop s" - ">= 0.6x" "SKIP ($ICMPKIT missing)"
		row "peak RSS read -q --stats ($BENCH_N)" - "$(mib "$r_loop")" - "<= 16 MiB" "SKIP ($ICMPKIT missing)"
		return 0
	fi
	t_text=$(seconds "$ICMPKIT" read "$f")
	t_json=$(seconds "$ICMPKIT" read -j "$f")
	t_stats=$(seconds "$ICMPKIT" read -q --stats "$f")
	r_mine=$(rss_kib "$ICMPKIT" read -q --stats "$f")
	speed_row "read (text) vs tcpdump -nn -r" "$t_text" "$t_tcpdump" 10
	speed_row "read -j vs tcpdump -nn -r" "$t_json" "$t_tcpdump" 8
	speed_row "read -q --stats vs pcaploop" "$t_stats" "$t_loop" 0.6
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
bench_send() {
	local n=${BENCH_SEND_N:-1000000} loopn=10000 hsec=${BENCH_SEND_HPING_SECONDS:-5}
	local mac link raw replay hping pcap sum
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

	# send_max A B: of two send_rate results, the one with more packets
	# per second (the least disturbed run, as seconds() keeps the fastest).
	send_max() {
		if [[ -z $1 ]] || (($(cut -d' ' -f3 <<<"$2") > $(cut -d' ' -f3 <<<"$1"))); then
			echo "$2"
		else
			echo "$1"
		fi
	}

	# send_pps_row WHAT MINE_PPS BASE_PPS GOAL: ratio = mine / base.
	send_pps_row() {
		local what=$1 mine=$2 base=$3 goal=$4 ratio verdict
		ratio=$(awk -v m="$mine" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? m / b : 0) }')
		if [[ $goal == info ]]; then
			verdict=info
			goal=-
		else
			verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "PASS" : "MISS") }')
			goal=">= ${goal}x"
		fi
		row "$what" "$mine/s" "$base/s" "${ratio}x" "$goal" "$verdict"
	}

	need tcpreplay hping3 nft ip awk
	if [[ $(id -u) != 0 ]]; then
		header "send: SKIP (needs root for the namespace lab)"
		return 0
	fi
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
	# (other jobs on the two cores) hits every sender alike.
	local i r
	link="" raw="" replay="" hping=""
	for ((i = 0; i < BENCH_RUNS; i++)); do
		r=$(send_rate link "$ik" send --flood -c "$n" --link -I "$LAB_C_IF" --dst-mac "$mac" "$LAB_S_IP4")
		link=$(send_max "$link" "$r")
		r=$(send_rate raw "$ik" send --flood -c "$n" "$LAB_S_IP4")
		raw=$(send_max "$raw" "$r")
		r=$(send_rate replay tcpreplay -K --topspeed --loop $((n / loopn)) -i "$LAB_C_IF" "$pcap")
		replay=$(send_max "$replay" "$r")
		r=$(send_rate hping timeout -s INT "$hsec" hping3 -n --icmp --flood -d 56 "$LAB_S_IP4")
		hping=$(send_max "$hping" "$r")
	done
	sum=$(tail -1 "$OUT/send-link.log")
	lab_down
	trap - EXIT

	printf '\n%s\n' "send: --flood -c $n, 98-byte frames on the lab veth (best of $BENCH_RUNS, tx_packets / wall time$([[ ${BENCH_SEND_ROUTER_DROP:-1} != 0 ]] && echo ", router drops at ingress"))"
	printf '%-44s %11s %11s %11s\n' sender packets seconds "packets/s"
	# shellcheck disable=SC2086
	printf '%-44s %11s %11s %11s\n' "icmpkit send --flood --link" $link
	# shellcheck disable=SC2086
	printf '%-44s %11s %11s %11s\n' "icmpkit send --flood (raw socket)" $raw
	# shellcheck disable=SC2086
	printf '%-44s %11s %11s %11s\n' "tcpreplay -K --topspeed --loop $((n / loopn))" $replay
	# shellcheck disable=SC2086
	printf '%-44s %11s %11s %11s\n' "hping3 --icmp --flood (${hsec} s)" $hping
	echo "icmpkit's own summary (link, last run): $sum"
	echo
	printf '%-44s %11s %11s %8s %9s  %s\n' what icmpkit baseline ratio goal result
	send_pps_row "send --flood --link vs tcpreplay" "$(cut -d' ' -f3 <<<"$link")" "$(cut -d' ' -f3 <<<"$replay")" 1.2
	send_pps_row "send --flood (raw) vs tcpreplay" "$(cut -d' ' -f3 <<<"$raw")" "$(cut -d' ' -f3 <<<"$replay")" 1.2
	send_pps_row "send --flood --link vs hping3 --flood" "$(cut -d' ' -f3 <<<"$link")" "$(cut -d' ' -f3 <<<"$hping")" info
	# Every packet asked for left (the counter may see a few more: ND).
	if (($(cut -d' ' -f1 <<<"$link") < n || $(cut -d' ' -f1 <<<"$raw") < n)); then
		row "  packets on the wire (link, raw)" "$(cut -d' ' -f1 <<<"$link")" "$(cut -d' ' -f1 <<<"$raw")" - ">= $n" MISS
	fi
}

# ----- section: ping (round trips against iputils ping, lab) -----

# ping_time CMD...: "time Nms" from a ping summary line.
ping_ms() {
	ip netns exec "$LAB_CLIENT" "$@" 2>/dev/null | sed -n 's/.* time \([0-9]*\)ms$/\1/p'
}
ping_avg() {
	ip netns exec "$LAB_CLIENT" "$@" 2>/dev/null | sed -n 's|^rtt min/avg/max/mdev = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}

bench_ping() {
	local mine theirs r i
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
	bin=$(realpath "$ICMPKIT")
	header "ping: client -> router -> server in the lab, against iputils ping, best of 5 taken in turn"
	# best_pair ARGS...: the smallest "time" of 5 runs of icmpkit ping
	# and of iputils ping with ARGS, taken in turn so that both see the
	# same moments of a noisy machine: "mine theirs".
	best_pair() {
		local a="" b="" t i
		for i in 1 2 3 4 5; do
			t=$(ping_ms "$bin" ping "$@")
			[[ -z $a || $t -lt $a ]] && a=$t
			t=$(ping_ms ping "$@")
			[[ -z $b || $t -lt $b ]] && b=$t
		done
		echo "$a $b"
	}
	read -r mine theirs < <(best_pair -f -l 64 -c 50000 -q "$dst")
	r=$(awk -v m="$mine" -v t="$theirs" 'BEGIN { printf "%.2f", t / m }')
	row "ping -f -l 64 -c 50000: round trips/s" "$((50000000 / mine))/s" "$((50000000 / theirs))/s" "${r}x" ">= 1.5x" \
		"$(awk -v r="$r" 'BEGIN { print (r >= 1.5 ? "PASS" : "MISS") }')"
	read -r mine theirs < <(best_pair -f -c 20000 -q "$dst")
	r=$(awk -v m="$mine" -v t="$theirs" 'BEGIN { printf "%.2f", t / m }')
	row "ping -f -c 20000: round trips/s" "$((20000000 / mine))/s" "$((20000000 / theirs))/s" "${r}x" ">= 0.9x" \
		"$(awk -v r="$r" 'BEGIN { print (r >= 0.9 ? "PASS" : "MISS") }')"
	# One run's average moves by several microseconds from run to run
	# (a CPU woken from idle every 2 ms): the mean of 5 runs of each,
	# taken in turn.
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
	local f mine theirs r bin i
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
	bin=$(realpath "$ICMPKIT")
	header "replay: 100000 packets of $f, --topspeed onto the lab veth, best of 5"
	mine=0 theirs=0
	for i in 1 2 3 4 5; do
		r=$(ip netns exec "$LAB_CLIENT" "$bin" replay -i "$LAB_C_IF" --topspeed -c 100000 "$f" |
			sed -n 's/.* s, \([0-9]*\) packets\/s.*/\1/p')
		((r > mine)) && mine=$r
		r=$(ip netns exec "$LAB_CLIENT" tcpreplay --topspeed -L 100000 -i "$LAB_C_IF" "$f" 2>&1 |
			awk '/Rated:/{for (i = 1; i <= NF; i++) if ($i == "pps") print int($(i - 1))}')
		((r > theirs)) && theirs=$r
	done
	r=$(awk -v m="$mine" -v t="$theirs" 'BEGIN { printf "%.2f", m / t }')
	row "replay --topspeed vs tcpreplay --topspeed" "$mine/s" "$theirs/s" "${r}x" ">= 1.2x" \
		"$(awk -v r="$r" 'BEGIN { print (r >= 1.2 ? "PASS" : "MISS") }')"
	lab_down
	trap - EXIT
}

timer_name() {
	if command -v hyperfine >/dev/null 2>&1; then
		echo "hyperfine, best of >= $BENCH_RUNS runs"
	else
		echo "bash clock, best of $BENCH_RUNS"
	fi
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
}

main "$@"
