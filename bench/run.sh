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
SECTIONS=(read sniff)

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
